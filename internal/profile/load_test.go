package profile

import (
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

const minimal = `name: Test Surgery
channels: [facebook]
links:
  reviews: https://example.org/reviews
  complaints: https://example.org/complaints
`

func TestParseMinimal(t *testing.T) {
	p, err := Parse("min.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Test Surgery" || len(p.Channels) != 1 {
		t.Errorf("parsed %+v", p)
	}
	if r := p.Rule(moderation.Safeguarding); r.EscalateTo != "safeguarding_lead" {
		t.Errorf("default safeguarding rule = %+v", r)
	}
}

// Every kind of mistake is reported with the file, the line and what is wrong.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error, e.g. "bad.yaml:3:"
	}{
		{"empty file", "", []string{"bad.yaml: the profile is empty"}},
		{"syntax error", "name: [unclosed\n", []string{"bad.yaml:", "did not find"}},
		{"unknown key", minimal + "colour: blue\n", []string{"bad.yaml:6:", `unknown key "colour"`}},
		{"unknown nested key", strings.Replace(minimal, "  complaints:", "  complaint:", 1), []string{"bad.yaml:5:", `unknown key "complaint"`}},
		{"wrong type", strings.Replace(minimal, "channels: [facebook]", "channels: facebook", 1), []string{"bad.yaml:2:", "wrong type"}},
		{"missing name", strings.Replace(minimal, "name: Test Surgery", "name: ''", 1), []string{"bad.yaml:1: name: is required"}},
		{"bad url", strings.Replace(minimal, "https://example.org/reviews", "example.org/reviews", 1), []string{"bad.yaml:4: links.reviews:", "not a web address"}},
		{"missing link", strings.Replace(minimal, "  complaints: https://example.org/complaints\n", "", 1), []string{"links.complaints: is required"}},
		{"unknown channel", strings.Replace(minimal, "[facebook]", "[facebook, tiktok]", 1), []string{"bad.yaml:2: channels.1:", `unknown channel "tiktok"`}},
		{"unknown category", minimal + "policy:\n  rudeness:\n    actions: [hide]\n", []string{"bad.yaml:7: policy.rudeness:", `unknown category "rudeness"`}},
		{"unknown action", minimal + "policy:\n  obscene:\n    actions: [hide, vaporise]\n", []string{"bad.yaml:8: policy.obscene.actions.1:", `unknown action "vaporise"`}},
		{"safeguarding never hidden", minimal + "policy:\n  safeguarding:\n    actions: [escalate, hide]\n    escalate_to: safeguarding_lead\n",
			[]string{"bad.yaml:8: policy.safeguarding.actions.1:", "never hidden or deleted"}},
		{"safeguarding must escalate", minimal + "policy:\n  safeguarding:\n    actions: [hold]\n", []string{"policy.safeguarding.actions: must include escalate"}},
		{"unknown role", minimal + "policy:\n  harassment:\n    actions: [escalate]\n    escalate_to: janitor\n", []string{"bad.yaml:9: policy.harassment.escalate_to:", `unknown role "janitor"`}},
		{"reply needs text", minimal + "policy:\n  review:\n    actions: [reply]\n", []string{"policy.review.reply: is required"}},
		{"unknown placeholder", minimal + "policy:\n  review:\n    actions: [reply]\n    reply: see {revews}\n", []string{"bad.yaml:9: policy.review.reply:", "unknown placeholder {revews}"}},
		{"bad hours", minimal + "hours:\n  monday: 9 to 5\n", []string{"bad.yaml:7: hours.monday:", "not a span of hours"}},
		{"bad day", minimal + "hours:\n  funday: 09:00-17:00\n", []string{"bad.yaml:7: hours.funday:", "unknown day"}},
		{"bad guidance enum", minimal + "guidance:\n  legal_advice: might\n", []string{"bad.yaml:7: guidance.legal_advice:", `unknown value "might"`}},
		{"bad shadow", minimal + "shadow: [rudeness]\n", []string{"bad.yaml:6: shadow.0:", `unknown category "rudeness"`}},
		{"duplicate key", minimal + "name: Again\n", []string{"bad.yaml:6:", "already defined"}},
		{"bad review_below", minimal + "policy:\n  obscene:\n    actions: [hide]\n    review_below: 2\n", []string{"bad.yaml:9: policy.obscene.review_below:", "not a score"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestExamplesLoad(t *testing.T) {
	for _, f := range []string{"demo", "roxbourne", "quorn"} {
		if _, err := LoadFile("../../examples/" + f + ".yaml"); err != nil {
			t.Errorf("examples/%s.yaml: %v", f, err)
		}
	}
}

func TestExpand(t *testing.T) {
	p, err := Parse("min.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	got := p.Expand("Review us at {reviews}; complaints via our {complaints_name}: {complaints}. {practice}")
	want := "Review us at https://example.org/reviews; complaints via our complaints procedure: https://example.org/complaints. Test Surgery"
	if got != want {
		t.Errorf("Expand = %q, want %q", got, want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(minimal + "policy:\n  obscene:\n    actions: [hide]\n"))
	f.Add([]byte("name: [\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse("fuzz.yaml", b)
		if err == nil && (p == nil || p.Name == "") {
			t.Fatalf("Parse accepted a profile without a name: %q", b)
		}
	})
}
