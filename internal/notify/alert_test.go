package notify

import (
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

func TestAlertUrgentSubject(t *testing.T) {
	m, s := newMailer(t, Config{})
	err := m.Alert(t.Context(), Alert{
		PracticeID: "ashgrove", Role: "safeguarding_lead", Urgent: true,
		Channel: moderation.Facebook, Category: moderation.Safeguarding,
		Reason: "talks of ending their life", Link: "https://pagekeeper.example/posts/12",
		PostText: "I can't go on any more",
	})
	if err != nil {
		t.Fatalf("Alert: %v", err)
	}
	msg := only(t, s)
	subj, body := decoded(t, msg)
	if want := "[URGENT] Pagekeeper: someone may be at risk on Ashgrove Surgery's Facebook page"; subj != want {
		t.Errorf("subject %q, want %q", subj, want)
	}
	if msg.To[0] != "safeguarding.ashgrove@nhs.net" {
		t.Errorf("sent to %v", msg.To)
	}
	for _, want := range []string{"someone may be at risk (safeguarding)", "the duty to safeguard", "talks of ending their life", "https://pagekeeper.example/posts/12"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if got := msg.Header("Importance"); !strings.EqualFold(got, "high") {
		t.Errorf("Importance %q, want high", got)
	}
}

func TestAlertLeavesOutPatientText(t *testing.T) {
	a := Alert{
		PracticeID: "ashgrove", Role: "practice_manager",
		Channel: moderation.Facebook, Category: moderation.PatientInfo,
		Reason:   `names Mavis Pemberton together with a health detail ("chlamydia")`,
		Link:     "https://pagekeeper.example/posts/7",
		PostText: "Saw Mavis Pemberton at the clinic, she has chlamydia lol",
	}
	secrets := []string{"Mavis", "Pemberton", "chlamydia", "clinic", "lol"}

	t.Run("by default", func(t *testing.T) {
		m, s := newMailer(t, Config{})
		if err := m.Alert(t.Context(), a); err != nil {
			t.Fatalf("Alert: %v", err)
		}
		subj, body := decoded(t, only(t, s))
		for _, w := range secrets {
			if strings.Contains(subj, w) || strings.Contains(body, w) {
				t.Errorf("%q sent:\nsubject %s\n%s", w, subj, body)
			}
		}
		if !strings.Contains(body, "names […] together with a health detail ([…])") {
			t.Errorf("body lacks the redacted reason:\n%s", body)
		}
	})
	t.Run("IncludeText", func(t *testing.T) {
		m, s := newMailer(t, Config{IncludeText: true})
		if err := m.Alert(t.Context(), a); err != nil {
			t.Fatalf("Alert: %v", err)
		}
		subj, body := decoded(t, only(t, s))
		for _, w := range secrets {
			if strings.Contains(subj, w) {
				t.Errorf("subject carries %q: %s", w, subj)
			}
			if !strings.Contains(body, w) {
				t.Errorf("body lacks %q though text is included:\n%s", w, body)
			}
		}
	})
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name, reason, post, want string
	}{
		{"quoted detail", `gives a health detail ("diabetes") about someone`, "", "gives a health detail ([…]) about someone"},
		{"curly quotes", "says “the nurse was drunk”", "", "says […]"},
		{"unclosed quote", `mentions "something`, "", "mentions […]"},
		{"name from the post", "names Mavis Pemberton's son", "my neighbour Mavis Pemberton", "names […] son"},
		{"capitalised word not in the post stays", "identifies a member of staff (Dr Rao, GP)", "that doctor was rude", "identifies a member of staff (Dr Rao, GP)"},
		{"lower-case words stay", "names someone together with a health detail", "someone has a health detail", "names someone together with a health detail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.reason, tt.post); got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.reason, got, tt.want)
			}
		})
	}
}
