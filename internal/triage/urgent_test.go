package triage

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestOutOfHours(t *testing.T) {
	loc := london(t)
	weekdays := profile.Hours{"monday": "08:00-18:30", "tuesday": "08:00-18:30", "wednesday": "08:00-18:30",
		"thursday": "08:00-18:30", "friday": "08:00-18:30"}
	tests := []struct {
		name  string
		hours profile.Hours
		at    time.Time
		want  bool
	}{
		{"winter Monday 07:30 GMT is before opening", weekdays, time.Date(2026, 1, 5, 7, 30, 0, 0, time.UTC), true},
		{"summer Monday 07:30 UTC is 08:30 BST, open", weekdays, time.Date(2026, 7, 6, 7, 30, 0, 0, time.UTC), false},
		{"summer Monday 17:45 UTC is 18:45 BST, closed", weekdays, time.Date(2026, 7, 6, 17, 45, 0, 0, time.UTC), true},
		{"closing minute is closed", weekdays, time.Date(2026, 1, 5, 18, 30, 0, 0, time.UTC), true},
		{"opening minute is open", weekdays, time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), false},
		{"Saturday is a closed day", weekdays, time.Date(2026, 1, 10, 11, 0, 0, 0, time.UTC), true},
		{"Sunday 23:30 UTC in summer is Monday 00:30 BST", weekdays, time.Date(2026, 7, 5, 23, 30, 0, 0, time.UTC), true},
		{"no hours known counts as closed", nil, time.Date(2026, 1, 5, 11, 0, 0, 0, time.UTC), true},
		{"unreadable hours count as closed", profile.Hours{"monday": "all day"}, time.Date(2026, 1, 5, 11, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OutOfHours(tt.hours, tt.at, loc); got != tt.want {
				t.Errorf("OutOfHours(%v) = %v, want %v", tt.at.In(loc), got, tt.want)
			}
		})
	}
}

func TestUrgent(t *testing.T) {
	tests := []struct {
		name     string
		findings []moderation.Finding
		want     moderation.Category
		wantOK   bool
	}{
		{"nothing", nil, "", false},
		{"safeguarding at any score", []moderation.Finding{{Category: moderation.Safeguarding, Score: 0.3}}, moderation.Safeguarding, true},
		{"emergency clinical request", []moderation.Finding{{Category: moderation.ClinicalRequest, Score: 0.7, Reason: "asks for help with an emergency through social media"}}, moderation.ClinicalRequest, true},
		{"weak emergency", []moderation.Finding{{Category: moderation.ClinicalRequest, Score: 0.4, Reason: "asks for help with an emergency through social media"}}, "", false},
		{"routine clinical request", []moderation.Finding{{Category: moderation.ClinicalRequest, Score: 0.9, Reason: "asks for a prescription"}}, "", false},
		{"safeguarding wins", []moderation.Finding{
			{Category: moderation.ClinicalRequest, Score: 0.9, Reason: "asks for help with an emergency"},
			{Category: moderation.Safeguarding, Score: 0.6}}, moderation.Safeguarding, true},
		{"abuse is not urgent", []moderation.Finding{{Category: moderation.Harassment, Score: 1}}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := urgent(tt.findings)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("urgent = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestUrgentReply(t *testing.T) {
	p := &profile.Profile{Name: "Test Surgery", UrgentReply: "Call 999 now."}
	reply := func(k moderation.ActionKind, text string) moderation.Action {
		return moderation.Action{Kind: k, Text: text, Category: moderation.ClinicalRequest}
	}
	tests := []struct {
		name   string
		acts   []moderation.Action
		shadow bool
		want   []moderation.Action
	}{
		{"no reply: adds a private one", nil, false,
			[]moderation.Action{{Kind: moderation.ActionPrivateReply, Text: "Call 999 now.", Category: moderation.ClinicalRequest}}},
		{"takes over the public reply", []moderation.Action{reply(moderation.ActionReply, "Please use the contact form.")}, false,
			[]moderation.Action{reply(moderation.ActionReply, "Call 999 now.")}},
		{"takes over the private reply", []moderation.Action{reply(moderation.ActionPrivateReply, "Please use the contact form.")}, false,
			[]moderation.Action{reply(moderation.ActionPrivateReply, "Call 999 now.")}},
		{"already there", []moderation.Action{reply(moderation.ActionPrivateReply, "Call 999 now.")}, false,
			[]moderation.Action{reply(moderation.ActionPrivateReply, "Call 999 now.")}},
		{"shadow records only", []moderation.Action{reply(moderation.ActionReply, "Please use the contact form.")}, true,
			[]moderation.Action{reply(moderation.ActionReply, "Please use the contact form."),
				{Kind: moderation.ActionPrivateReply, Text: "Call 999 now.", Category: moderation.ClinicalRequest, Shadow: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := urgentReply(p, tt.acts, moderation.ClinicalRequest, tt.shadow)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("urgentReply (-want +got):\n%s", diff)
			}
		})
	}
	if got := urgentReply(&profile.Profile{}, nil, moderation.Safeguarding, false); got[0].Text != profile.DefaultUrgentReply {
		t.Errorf("without a profile text: %q, want the default", got[0].Text)
	}
}
