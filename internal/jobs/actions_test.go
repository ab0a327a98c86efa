package jobs

import (
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestEscalationBodyNamesFindingsNotText(t *testing.T) {
	d := store.Decision{Findings: []moderation.Finding{
		{Category: moderation.Safeguarding, Start: 0, End: 11, Score: 0.9, Reason: "mentions self-harm"},
		{Category: moderation.Safeguarding, Start: 0, End: 11, Score: 0.9, Reason: "mentions self-harm"},
		{Category: moderation.PatientInfo, Start: 20, End: 25, Score: 0.95, Reason: `names Margaret Finch together with a health detail ("warfarin")`},
	}}
	got := escalationBody(d)
	for _, want := range []string{"someone may be at risk (clause safeguarding)", "another person's identifiable information (clause 2)"} {
		if !strings.Contains(got, want) {
			t.Errorf("body %q lacks %q", got, want)
		}
	}
	for _, leak := range []string{"Margaret", "Finch", "warfarin", "self-harm"} {
		if strings.Contains(got, leak) {
			t.Errorf("body %q carries %q from a finding's reason: email must not carry patient details", got, leak)
		}
	}
	if strings.Count(got, "someone may be at risk") != 1 {
		t.Errorf("a repeated finding is listed twice: %q", got)
	}
}

func TestWithArticle(t *testing.T) {
	for in, want := range map[string]string{"Instagram": "an Instagram", "Facebook": "a Facebook", "X": "an X", "website": "a website", "": "a "} {
		if got := withArticle(in); got != want {
			t.Errorf("withArticle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVerb(t *testing.T) {
	tests := []struct {
		kind moderation.ActionKind
		want string
	}{
		{moderation.ActionHide, "hide"},
		{moderation.ActionReply, "reply to"},
		{moderation.ActionPrivateReply, "send a private reply to"},
		{ActionUnhide, "unhide"},
	}
	for _, tt := range tests {
		if got := verb(tt.kind); got != tt.want {
			t.Errorf("verb(%s) = %q, want %q", tt.kind, got, tt.want)
		}
	}
}
