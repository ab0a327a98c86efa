package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pagekeeper/pagekeeper/examples"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

func demoProfile(t *testing.T) *profile.Profile {
	t.Helper()
	b, err := examples.FS.ReadFile("demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Parse("demo.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fakePolicies judges with a stub that finds abuse ("idiot") and any name
// or alias of the profile's staff, so tests see the profile's effect
// without the real detectors (tested in their packages, and through cmd).
type fakePolicies struct {
	mu      sync.Mutex
	applied []*profile.Profile
}

func (f *fakePolicies) Judge(p *profile.Profile) (triage.Judge, error) {
	return func(text string, _ moderation.Channel) []moderation.Finding {
		var out []moderation.Finding
		lower := strings.ToLower(text)
		if i := strings.Index(lower, "idiot"); i >= 0 {
			out = append(out, moderation.Finding{Category: moderation.Harassment, Clause: moderation.ClauseConduct, Start: i, End: i + 5, Score: 0.9, Reason: "abuse"})
		}
		for _, s := range p.Staff {
			for _, n := range append([]string{s.Name}, s.Aliases...) {
				if i := strings.Index(lower, strings.ToLower(n)); i >= 0 {
					out = append(out, moderation.Finding{Category: moderation.StaffIdentified, Clause: moderation.ClauseStaff, Start: i, End: i + len(n), Score: 0.9, Reason: "names staff"})
					return out
				}
			}
		}
		return out
	}, nil
}

func (f *fakePolicies) Apply(_ context.Context, _ string, p *profile.Profile) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.applied = append(f.applied, p)
	return nil
}

func settingsEnv(t *testing.T) (*staffEnv, *fakePolicies) {
	pol := &fakePolicies{}
	return newStaffEnv(t, func(s *Staff) { s.Policies = pol }), pol
}

func (e *staffEnv) storedProfile(t *testing.T) *profile.Profile {
	t.Helper()
	pr, err := e.db.Practice(t.Context(), "ashgrove")
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Parse("stored", pr.Profile)
	if err != nil {
		t.Fatalf("the stored profile does not load: %v", err)
	}
	return p
}

// staffForm is the staff directory form as the page sends it for p.
func staffForm(p *profile.Profile) url.Values {
	v := url.Values{"practice": {"ashgrove"}}
	for i, s := range p.Staff {
		pre := "staff-" + itoa(int64(i)) + "-"
		v.Set(pre+"name", s.Name)
		v.Set(pre+"title", s.Title)
		v.Set(pre+"role", s.Role)
		v.Set(pre+"aliases", strings.Join(s.Aliases, ", "))
	}
	return v
}

// TestSettingsChangeStaffAlias adds an alias, as a new practice manager
// would, and checks it is saved, audited and made live.
func TestSettingsChangeStaffAlias(t *testing.T) {
	e, pol := settingsEnv(t)
	m := e.login(t, "manager@ashgrove")
	page := m.get("/settings")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `value="Dean"`) {
		t.Fatalf("settings = %d", page.Code)
	}
	form := staffForm(demoProfile(t))
	for k, v := range form {
		if strings.HasSuffix(k, "-name") && v[0] == "Dean Marsh" {
			pre := strings.TrimSuffix(k, "name")
			form.Set(pre+"aliases", form.Get(pre+"aliases")+", Deano")
		}
	}
	rec := m.post("/settings/staff", form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("saving = %d:\n%.3000s", rec.Code, rec.Body)
	}
	stored := e.storedProfile(t)
	found := false
	for _, s := range stored.Staff {
		found = found || (s.Name == "Dean Marsh" && strings.Contains(strings.Join(s.Aliases, ","), "Deano"))
	}
	if !found || len(stored.Staff) != len(demoProfile(t).Staff) {
		t.Errorf("stored staff = %+v", stored.Staff)
	}
	if stored.Links != demoProfile(t).Links || len(stored.Hours) != 5 {
		t.Error("saving the staff directory changed other sections")
	}
	if len(pol.applied) != 1 {
		t.Errorf("the profile was applied %d times, want once", len(pol.applied))
	}
	if st := e.auditOf(t, "ashgrove", store.AuditStaffAction); len(st) != 1 || detailOf(t, st[0])["section"] != "staff" {
		t.Errorf("audit = %+v", st)
	}
	if body := m.get("/settings?practice=ashgrove&done=saved").Body.String(); !strings.Contains(body, "Deano") || !strings.Contains(body, "Every policy test passed") {
		t.Error("the settings page does not show the saved alias")
	}
}

// TestSettingsFriendlyErrors checks a bad change is not saved and the
// problem is shown on its field, without file names or line numbers.
func TestSettingsFriendlyErrors(t *testing.T) {
	e, pol := settingsEnv(t)
	m := e.login(t, "manager@ashgrove")
	rec := m.post("/settings/links", url.Values{"practice": {"ashgrove"}, "links-reviews": {"not a link"}, "links-complaints": {"https://ok.example/"}})
	body := rec.Body.String()
	if rec.Code != http.StatusBadRequest || !strings.Contains(body, `href="#links-reviews"`) || !strings.Contains(body, "Reviews link: ") {
		t.Fatalf("a bad link = %d:\n%.3000s", rec.Code, body)
	}
	if regexp.MustCompile(`ashgrove\.yaml|:\d+:`).MatchString(body) {
		t.Error("the error shows a file name or line number")
	}
	if !strings.Contains(body, `value="not a link"`) {
		t.Error("what was typed is lost")
	}
	if len(pol.applied) != 0 || e.storedProfile(t).Links.Reviews == "not a link" {
		t.Error("a bad change was saved")
	}
	rec = m.post("/settings/hours", url.Values{"practice": {"ashgrove"}, "hours-monday": {"8am till late"}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `href="#hours-monday"`) {
		t.Errorf("bad hours = %d", rec.Code)
	}
	if rec := e.login(t, "reception@ashgrove").post("/settings/links", url.Values{"practice": {"ashgrove"}}); rec.Code != http.StatusForbidden {
		t.Errorf("reception changing settings = %d, want 403", rec.Code)
	}
	if rec := m.get("/settings?practice=quorn"); rec.Code != http.StatusNotFound {
		t.Errorf("another practice's settings = %d, want 404", rec.Code)
	}
}

// TestPolicyTestsBlockBadChange adds a policy test, then tries a change
// that breaks it: nothing is saved and the page shows which test failed.
// A change that keeps it passing is saved.
func TestPolicyTestsBlockBadChange(t *testing.T) {
	e, pol := settingsEnv(t)
	m := e.login(t, "manager@ashgrove")
	rec := m.post("/settings/tests", url.Values{"practice": {"ashgrove"}, "test-name": {"abuse of reception is hidden"},
		"test-text": {"reception are idiots"}, "test-channel": {"facebook"}, "test-label": {"harassment"}, "test-action": {"hide"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("adding a test = %d:\n%.2000s", rec.Code, rec.Body)
	}
	if body := m.get(rec.Header().Get("Location")).Body.String(); !strings.Contains(body, `data-pass="true"`) {
		t.Errorf("the new test does not pass against the current policy:\n%.3000s", body)
	}
	// Harassment: stop hiding and deleting (the policy hides before any delete).
	form := url.Values{"practice": {"ashgrove"}}
	p := demoProfile(t)
	for _, c := range moderation.AllCategories() {
		for _, k := range p.Rule(c).Actions {
			form.Set("policy-"+string(c)+"-"+string(k), "yes")
		}
		form.Set("policy-"+string(c)+"-escalate-to", p.Rule(c).EscalateTo)
	}
	form.Del("policy-harassment-hide")
	form.Del("policy-harassment-delete")
	rec = m.post("/settings/policy", form)
	body := rec.Body.String()
	if rec.Code != http.StatusConflict || !strings.Contains(body, "was not saved") || !strings.Contains(body, `data-pass="false"`) ||
		!strings.Contains(body, "abuse of reception is hidden") {
		t.Fatalf("a change breaking a test = %d:\n%.4000s", rec.Code, body)
	}
	if len(pol.applied) != 0 || len(e.storedProfile(t).Policy) != len(p.Policy) {
		t.Error("a change that fails a policy test was saved")
	}
	// Hiding without deleting keeps the test passing.
	form.Set("policy-harassment-hide", "yes")
	form.Set("policy-harassment-escalate-to", "practice_manager")
	form.Set("policy-harassment-"+string(moderation.ActionEscalate), "yes")
	if rec := m.post("/settings/policy", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("a change passing the tests = %d:\n%.4000s", rec.Code, rec.Body)
	}
	got := e.storedProfile(t).Rule(moderation.Harassment)
	if got.EscalateTo != "practice_manager" || slices.Contains(got.Actions, moderation.ActionDelete) || got.Actions[0] != moderation.ActionHide {
		t.Errorf("harassment rule = %+v, want hide first, no delete, escalate to the practice manager", got)
	}
	if r := e.storedProfile(t).Policy[moderation.Review]; r != nil {
		t.Errorf("an untouched category was written into the profile: %+v", r)
	}
	tests, _ := e.db.PolicyTests(t.Context(), "ashgrove")
	if rec := m.post("/settings/tests/"+itoa(tests[0].ID)+"/delete", url.Values{"practice": {"ashgrove"}}); rec.Code != http.StatusSeeOther {
		t.Errorf("deleting a test = %d", rec.Code)
	}
	if tests, _ := e.db.PolicyTests(t.Context(), "ashgrove"); len(tests) != 0 {
		t.Error("the test was not deleted")
	}
}

func TestPolicyTestNeedsTextAndName(t *testing.T) {
	e, _ := settingsEnv(t)
	rec := e.login(t, "manager@ashgrove").post("/settings/tests", url.Values{"practice": {"ashgrove"}, "test-channel": {"facebook"}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `href="#test-text"`) || !strings.Contains(rec.Body.String(), `href="#test-name"`) {
		t.Errorf("an empty test = %d", rec.Code)
	}
}
