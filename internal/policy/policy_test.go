package policy

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

var update = flag.Bool("update", false, "rewrite golden files")

func loadProfile(t *testing.T, path string) *profile.Profile {
	t.Helper()
	p, err := profile.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func finding(c moderation.Category, score float64) moderation.Finding {
	return moderation.Finding{Category: c, Clause: c.Clause(), Start: 0, End: 4, Score: score, Reason: "test"}
}

func kinds(d moderation.Decision) []string {
	var out []string
	for _, a := range d.Actions {
		s := string(a.Kind)
		if a.Role != "" {
			s += ":" + a.Role
		}
		if a.Shadow {
			s += "(shadow)"
		}
		out = append(out, s)
	}
	return out
}

func TestDecide(t *testing.T) {
	demo := loadProfile(t, "../../examples/demo.yaml")
	tests := []struct {
		name     string
		findings []moderation.Finding
		want     []string
	}{
		{"nothing found, nothing done", nil, nil},
		{"obscene is hidden, reported, then deleted", []moderation.Finding{finding(moderation.Obscene, 0.95)}, []string{"hide", "report", "delete"}},
		{"unsure obscene is held for a person", []moderation.Finding{finding(moderation.Obscene, 0.6)}, []string{"hold"}},
		{"safeguarding escalates and replies, never hides",
			[]moderation.Finding{finding(moderation.Safeguarding, 0.9), finding(moderation.Obscene, 0.99)},
			[]string{"escalate:safeguarding_lead", "private_reply", "report"}},
		{"low-scoring safeguarding still escalates",
			[]moderation.Finding{finding(moderation.Safeguarding, 0.3)},
			[]string{"escalate:safeguarding_lead", "private_reply"}},
		{"complaint and clinical request get one reply",
			[]moderation.Finding{finding(moderation.Complaint, 0.9), finding(moderation.ClinicalRequest, 0.9)},
			[]string{"private_reply", "reply"}},
		{"hidden post's public reply goes private",
			[]moderation.Finding{finding(moderation.StaffIdentified, 0.9), finding(moderation.Review, 0.9)},
			[]string{"hide", "private_reply"}},
		{"patient info hides and tells the IG lead",
			[]moderation.Finding{finding(moderation.PatientInfo, 0.9)},
			[]string{"escalate:ig_lead", "hide", "private_reply"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kinds(Decide(demo, tt.findings))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("actions mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecideNeverRemovesAtRisk(t *testing.T) {
	demo := loadProfile(t, "../../examples/demo.yaml")
	for _, c := range moderation.AllCategories() {
		d := Decide(demo, []moderation.Finding{finding(moderation.Safeguarding, 0.5), finding(c, 1)})
		for _, a := range d.Actions {
			if a.Kind.Removes() {
				t.Errorf("safeguarding + %s: action %s would remove the post", c, a.Kind)
			}
		}
		if !slices.ContainsFunc(d.Actions, func(a moderation.Action) bool { return a.Kind == moderation.ActionEscalate && a.Urgent }) {
			t.Errorf("safeguarding + %s: no urgent escalation in %v", c, kinds(d))
		}
	}
}

func TestDecideShadow(t *testing.T) {
	p := loadProfile(t, "../../examples/demo.yaml")
	p.Shadow = []string{"obscene"}
	got := kinds(Decide(p, []moderation.Finding{finding(moderation.Obscene, 0.99)}))
	want := []string{"hide(shadow)", "report(shadow)", "delete(shadow)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("shadow actions mismatch (-want +got):\n%s", diff)
	}
}

func TestDecideRepliesUseProfileLinks(t *testing.T) {
	p := loadProfile(t, "../../examples/demo.yaml")
	d := Decide(p, []moderation.Finding{finding(moderation.Review, 0.9)})
	if len(d.Actions) != 1 || d.Actions[0].Kind != moderation.ActionReply {
		t.Fatalf("actions = %v", kinds(d))
	}
	if want := p.Links.Reviews; !strings.Contains(d.Actions[0].Text, want) {
		t.Errorf("review reply %q does not link to %s", d.Actions[0].Text, want)
	}
}

// TestGolden records the default decision for every category under each
// example profile, so that a change to defaults or merging shows in review.
func TestGolden(t *testing.T) {
	for _, name := range []string{"demo", "roxbourne", "quorn"} {
		p := loadProfile(t, filepath.Join("..", "..", "examples", name+".yaml"))
		got := map[string]moderation.Decision{}
		for _, c := range moderation.AllCategories() {
			got[string(c)] = Decide(p, []moderation.Finding{finding(c, 0.9)})
		}
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", name+".golden")
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("reading golden file (run go test -update): %v", err)
		}
		if diff := cmp.Diff(string(want), string(b)); diff != "" {
			t.Errorf("%s decisions changed (-want +got); run go test -update if intended:\n%s", name, diff)
		}
	}
}

// An emergency gets the urgent-help reply and an urgent escalation, whatever
// else the post is (hazard log H2, H3).
func TestDecideEmergencyGetsUrgentReply(t *testing.T) {
	for _, name := range []string{"demo", "roxbourne", "quorn"} {
		p := loadProfile(t, filepath.Join("..", "..", "examples", name+".yaml"))
		d := Decide(p, []moderation.Finding{finding(moderation.Safeguarding, 0.95), finding(moderation.Complaint, 0.9), finding(moderation.Obscene, 0.99)})
		var urgentEscalation, urgentReply bool
		for _, a := range d.Actions {
			if a.Kind.Removes() {
				t.Errorf("%s: emergency post would be removed by %s", name, a.Kind)
			}
			if a.Kind == moderation.ActionEscalate && a.Urgent {
				urgentEscalation = true
			}
			if a.Kind == moderation.ActionPrivateReply {
				for _, must := range []string{"999", "111", "116 123"} {
					if !strings.Contains(a.Text, must) {
						t.Errorf("%s: urgent reply %q lacks %s", name, a.Text, must)
					}
				}
				urgentReply = true
			}
			if a.Kind == moderation.ActionPrivateReply && a.Category != moderation.Safeguarding {
				t.Errorf("%s: a routine %s reply was sent to a post where someone may be at risk", name, a.Category)
			}
		}
		if !urgentEscalation || !urgentReply {
			t.Errorf("%s: actions %v lack the urgent escalation or reply", name, kinds(d))
		}
	}
}

// A complaint that is also removed (swearing) is never removed silently: the
// poster is pointed at the complaints procedure (hazard log H6).
func TestDecideRemovedComplaintPointsToProcedure(t *testing.T) {
	for _, name := range []string{"demo", "roxbourne", "quorn"} {
		p := loadProfile(t, filepath.Join("..", "..", "examples", name+".yaml"))
		d := Decide(p, []moderation.Finding{finding(moderation.Complaint, 0.9), finding(moderation.Obscene, 0.99)})
		var removed, pointed bool
		for _, a := range d.Actions {
			removed = removed || a.Kind.Removes()
			if (a.Kind == moderation.ActionPrivateReply || a.Kind == moderation.ActionReply) && strings.Contains(a.Text, p.Links.Complaints) {
				pointed = true
			}
		}
		if removed && !pointed {
			t.Errorf("%s: complaint removed by %v without a reply linking %s", name, kinds(d), p.Links.Complaints)
		}
	}
}
