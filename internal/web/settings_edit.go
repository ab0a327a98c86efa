package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/policy"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// settingsData is the settings page's data.
type settingsData struct {
	Practice, PracticeName string
	PracticeOpts           []option
	Section                string // the form that came back with errors or results
	Staff                  []staffRow
	Links                  profile.Links
	Hours                  []dayRow
	Policy                 []ruleRow
	Shadow                 []checkOpt
	ShadowAll              bool
	Tests                  []testRow
	Ran                    bool // the tests were run (against Against)
	Against                string
	Blocked                bool // a change was not saved because tests failed
	NewTest                testForm
	Categories, Kinds      []option
	Channels               []option
	CanSave                bool // the server can run policy tests and apply a profile
}

type staffRow struct {
	Index                      int
	Name, Title, Role, Aliases string
}

type dayRow struct {
	Day, Label, Span string
}

type ruleRow struct {
	Category   string
	Name       string
	Describe   string
	Actions    []checkOpt
	EscalateTo string
	Roles      []option
}

type checkOpt struct {
	Value, Text string
	Checked     bool
}

type testRow struct {
	store.PolicyTest
	Ran, Pass             bool
	GotLabels, GotActions string
	WantText              string
}

type testForm struct {
	Name, Text, Channel string
	Labels, Actions     []string
}

// policyKinds are the actions a rule can list, as the settings page offers them.
var policyKinds = []moderation.ActionKind{moderation.ActionHide, moderation.ActionDelete, moderation.ActionReply,
	moderation.ActionPrivateReply, moderation.ActionEscalate, moderation.ActionHold, moderation.ActionReport}

var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// settingsShow shows a practice's settings and policy tests; ?run=1 runs the tests.
func (s *Server) settingsShow(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	pv, err := s.settingsPractice(ctx, u, r.URL.Query().Get("practice"))
	if err != nil {
		return err
	}
	d, err := s.settingsData(ctx, u, pv)
	if err != nil {
		return err
	}
	p := page{Title: "Practice settings", Data: d}
	if r.URL.Query().Has("run") && pv.Profile != nil && s.staff.Policies != nil {
		d.Section, d.Ran, d.Against = "tests", true, "your current settings"
		if _, err := s.runTests(pv.Profile, d.Tests); err != nil {
			return err
		}
	}
	p.Notice = settingsNotices[r.URL.Query().Get("done")]
	s.render(w, r, http.StatusOK, "settings", p)
	return nil
}

var settingsNotices = map[string]string{
	"saved":        "Saved. Every policy test passed, and the change takes effect now.",
	"test_added":   "The policy test is added. Every later change must pass it before it is saved.",
	"test_deleted": "The policy test is removed.",
}

// settingsPractice finds the practice the settings are for: id, or the
// user's first practice. One the user does not work for is not found.
func (s *Server) settingsPractice(ctx context.Context, u *principal, id string) (practiceView, error) {
	if id == "" && len(u.Practices) > 0 {
		id = u.Practices[0]
	}
	if !u.mayPractice(id) {
		return practiceView{}, fmt.Errorf("settings of practice %q: %w", id, errNotFound)
	}
	return s.practice(ctx, id)
}

func (s *Server) settingsData(ctx context.Context, u *principal, pv practiceView) (*settingsData, error) {
	d := &settingsData{Practice: pv.ID, PracticeName: pv.Name, CanSave: s.staff.Policies != nil && pv.Profile != nil}
	ps, err := s.practices(ctx, u)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		d.PracticeOpts = append(d.PracticeOpts, option{p.ID, p.Name})
	}
	for _, c := range moderation.AllCategories() {
		d.Categories = append(d.Categories, option{string(c), humanCategory(c)})
	}
	for _, k := range policyKinds {
		d.Kinds = append(d.Kinds, option{string(k), actionName(k)})
	}
	for _, c := range moderation.Channels() {
		d.Channels = append(d.Channels, option{string(c), channelName(c)})
	}
	if p := pv.Profile; p != nil {
		fillFromProfile(d, p)
	}
	tests, err := s.staff.Store.PolicyTests(ctx, pv.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range tests {
		d.Tests = append(d.Tests, testRow{PolicyTest: t, WantText: expectation(t.WantLabels, t.WantActions)})
	}
	return d, nil
}

// fillFromProfile shows profile p in the forms.
func fillFromProfile(d *settingsData, p *profile.Profile) {
	d.Staff = nil
	for i, st := range p.Staff {
		d.Staff = append(d.Staff, staffRow{Index: i, Name: st.Name, Title: st.Title, Role: st.Role, Aliases: strings.Join(st.Aliases, ", ")})
	}
	d.Staff = append(d.Staff, staffRow{Index: len(p.Staff)}) // a blank row to add someone
	d.Links = p.Links
	d.Hours = nil
	for _, day := range weekdays {
		d.Hours = append(d.Hours, dayRow{Day: day, Label: strings.ToUpper(day[:1]) + day[1:], Span: p.Hours[day]})
	}
	d.Policy = nil
	roles := escalationRoles(p)
	for _, c := range moderation.AllCategories() {
		rule := p.Rule(c)
		row := ruleRow{Category: string(c), Name: humanCategory(c), Describe: c.Describe(), EscalateTo: rule.EscalateTo, Roles: roles}
		for _, k := range policyKinds {
			row.Actions = append(row.Actions, checkOpt{Value: string(k), Text: actionName(k), Checked: slices.Contains(rule.Actions, k)})
		}
		d.Policy = append(d.Policy, row)
	}
	d.Shadow, d.ShadowAll = nil, slices.Contains(p.Shadow, "all")
	for _, c := range moderation.AllCategories() {
		d.Shadow = append(d.Shadow, checkOpt{Value: string(c), Text: humanCategory(c), Checked: slices.Contains(p.Shadow, string(c))})
	}
}

// actionName is an action kind as staff say it.
func actionName(k moderation.ActionKind) string {
	switch k {
	case moderation.ActionHide:
		return "Hide"
	case moderation.ActionDelete:
		return "Delete (a copy is kept)"
	case moderation.ActionReply:
		return "Reply publicly"
	case moderation.ActionPrivateReply:
		return "Reply privately"
	case moderation.ActionEscalate:
		return "Tell someone"
	case moderation.ActionHold:
		return "Hold for a person"
	case moderation.ActionReport:
		return "Record an incident report"
	}
	return string(k)
}

// expectation says what a policy test expects.
func expectation(labels []moderation.Category, kinds []moderation.ActionKind) string {
	var parts []string
	if len(labels) == 0 {
		parts = append(parts, "no concerns")
	} else {
		names := make([]string, len(labels))
		for i, c := range labels {
			names[i] = humanCategory(c)
		}
		parts = append(parts, strings.Join(names, ", "))
	}
	if len(kinds) > 0 {
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = strings.ToLower(actionName(k))
		}
		parts = append(parts, "then "+strings.Join(names, ", "))
	}
	return strings.Join(parts, "; ")
}

// settingsSave changes one section of a practice's profile. The changed
// profile must load (profile.Parse) and pass every policy test, judged by
// the practice's own detectors built for the changed profile, before it
// is saved and made live. Otherwise nothing changes and the page says why.
func (s *Server) settingsSave(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	pv, err := s.settingsPractice(ctx, u, r.PostFormValue("practice"))
	if err != nil {
		return err
	}
	section := r.PathValue("section")
	if pv.Profile == nil || s.staff.Policies == nil {
		return fmt.Errorf("saving settings of %s: cannot load its profile or run policy tests: %w", pv.ID, errBadForm)
	}
	changed := cloneProfile(pv.Profile)
	var errs []fieldError
	switch section {
	case "staff":
		errs = formStaff(r, changed)
	case "links":
		changed.Links = profile.Links{Reviews: field(r, "links-reviews"), Complaints: field(r, "links-complaints"),
			Website: field(r, "links-website"), Contact: field(r, "links-contact")}
	case "hours":
		changed.Hours = profile.Hours{}
		for _, day := range weekdays {
			if span := field(r, "hours-"+day); span != "" {
				changed.Hours[day] = span
			}
		}
	case "policy":
		formPolicy(r, pv.Profile, changed)
	case "shadow":
		changed.Shadow = nil
		if r.PostFormValue("shadow-all") == "yes" {
			changed.Shadow = []string{"all"}
		} else {
			for _, c := range moderation.AllCategories() {
				if r.PostFormValue("shadow-"+string(c)) == "yes" {
					changed.Shadow = append(changed.Shadow, string(c))
				}
			}
		}
	default:
		return fmt.Errorf("settings section %q: %w", section, errBadForm)
	}
	raw, err := yaml.Marshal(changed)
	if err != nil {
		return fmt.Errorf("writing the profile: %w", err)
	}
	var loaded *profile.Profile
	if len(errs) == 0 {
		loaded, err = profile.Parse(pv.ID+".yaml", raw)
		errs = append(errs, profileErrors(err)...)
		if err != nil && len(errs) == 0 {
			return err
		}
	}
	d, derr := s.settingsData(ctx, u, pv)
	if derr != nil {
		return derr
	}
	d.Section = section
	if len(errs) > 0 {
		fillFromForm(d, r, section, changed)
		s.render(w, r, http.StatusBadRequest, "settings", page{Title: "Practice settings", Data: d, Errors: errs})
		return nil
	}
	failed, err := s.runTests(loaded, d.Tests)
	if err != nil {
		return err
	}
	if failed > 0 {
		fillFromForm(d, r, section, changed)
		d.Ran, d.Blocked, d.Against = true, true, "your change"
		msg := fmt.Sprintf("Your change was not saved: %d of %d policy tests would fail with it. See which below.", failed, len(d.Tests))
		s.render(w, r, http.StatusConflict, "settings", page{Title: "Practice settings", Data: d, Errors: []fieldError{{"policy-tests", msg}}})
		return nil
	}
	if err := s.saveProfile(ctx, u, pv.ID, section, raw, loaded); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?practice="+pv.ID+"&done=saved#"+section, http.StatusSeeOther)
	return nil
}

// saveProfile stores the changed profile, audits it and makes it live.
func (s *Server) saveProfile(ctx context.Context, u *principal, practiceID, section string, raw []byte, p *profile.Profile) error {
	sum := sha256.Sum256(raw)
	err := s.staff.Store.WithTx(ctx, func(tx store.TxStore) error {
		if err := tx.UpdatePracticeProfile(ctx, practiceID, raw); err != nil {
			return err
		}
		_, err := audit.Append(ctx, tx, audit.Record{Time: s.cfg.Now(), PracticeID: practiceID, Kind: store.AuditStaffAction,
			Subject: "practice:" + practiceID, Actor: u.Actor(),
			Detail: map[string]any{"action": "settings", "section": section, "user": u.User.ID, "profile_sha256": hex.EncodeToString(sum[:])}})
		return err
	})
	if err != nil {
		return fmt.Errorf("saving the profile of %s: %w", practiceID, err)
	}
	if err := s.staff.Policies.Apply(ctx, practiceID, p); err != nil {
		return fmt.Errorf("applying the profile of %s: %w", practiceID, err)
	}
	s.log.InfoContext(ctx, "practice settings changed", "practice", practiceID, "section", section, "user", u.User.ID)
	return nil
}

// runTests judges each test with p's detectors and policy and fills in
// the results; it returns how many failed.
func (s *Server) runTests(p *profile.Profile, tests []testRow) (int, error) {
	if len(tests) == 0 {
		return 0, nil
	}
	judge, err := s.staff.Policies.Judge(p)
	if err != nil {
		return 0, fmt.Errorf("building detectors for the policy tests: %w", err)
	}
	failed := 0
	for i := range tests {
		t := &tests[i]
		ch := t.Channel
		if ch == "" {
			ch = moderation.Facebook
		}
		dec := policy.Decide(p, judge(t.Text, ch))
		var kinds []moderation.ActionKind
		for _, a := range dec.Actions {
			if a.Kind != moderation.ActionNone && !slices.Contains(kinds, a.Kind) {
				kinds = append(kinds, a.Kind)
			}
		}
		t.Ran = true
		t.Pass = sameCategories(dec.Labels, t.WantLabels)
		for _, k := range t.WantActions {
			t.Pass = t.Pass && slices.Contains(kinds, k)
		}
		t.GotLabels, t.GotActions = expectation(dec.Labels, nil), expectation(nil, kinds)
		if !t.Pass {
			failed++
		}
	}
	return failed, nil
}

func sameKinds(a, b []moderation.ActionKind) bool {
	if len(a) != len(b) {
		return false
	}
	for _, k := range a {
		if !slices.Contains(b, k) {
			return false
		}
	}
	return true
}

func sameCategories(a, b []moderation.Category) bool {
	if len(a) != len(b) {
		return false
	}
	for _, c := range a {
		if !slices.Contains(b, c) {
			return false
		}
	}
	return true
}

// cloneProfile copies p deeply enough to change its sections.
func cloneProfile(p *profile.Profile) *profile.Profile {
	c := *p
	c.Staff = slices.Clone(p.Staff)
	for i := range c.Staff {
		c.Staff[i].Aliases = slices.Clone(c.Staff[i].Aliases)
	}
	c.Hours = profile.Hours{}
	for k, v := range p.Hours {
		c.Hours[k] = v
	}
	c.Policy = map[moderation.Category]*profile.Rule{}
	for k, v := range p.Policy {
		r := *v
		r.Actions = slices.Clone(v.Actions)
		c.Policy[k] = &r
	}
	c.Shadow = slices.Clone(p.Shadow)
	return &c
}

func field(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

// formStaff reads the staff directory's rows into p. A row whose name is
// cleared or whose "remove" box is ticked is removed.
func formStaff(r *http.Request, p *profile.Profile) []fieldError {
	var staff []profile.Staff
	for i := 0; i <= len(p.Staff); i++ {
		pre := "staff-" + strconv.Itoa(i) + "-"
		name, remove := field(r, pre+"name"), r.PostFormValue(pre+"remove") == "yes"
		if name == "" || remove {
			continue
		}
		st := profile.Staff{Name: name, Title: field(r, pre+"title"), Role: field(r, pre+"role")}
		for _, a := range strings.Split(r.PostFormValue(pre+"aliases"), ",") {
			if a = strings.TrimSpace(a); a != "" {
				st.Aliases = append(st.Aliases, a)
			}
		}
		staff = append(staff, st)
	}
	p.Staff = staff
	return nil
}

// formPolicy reads the per-category rules into changed. A category whose
// actions and escalation are as before keeps its rule (or its default),
// so defaults are not frozen into the profile.
func formPolicy(r *http.Request, before, changed *profile.Profile) {
	for _, c := range moderation.AllCategories() {
		old := before.Rule(c)
		var acts []moderation.ActionKind
		for _, k := range policyKinds {
			if r.PostFormValue("policy-"+string(c)+"-"+string(k)) == "yes" {
				acts = append(acts, k)
			}
		}
		esc := field(r, "policy-"+string(c)+"-escalate-to")
		if !slices.Contains(acts, moderation.ActionEscalate) {
			esc = old.EscalateTo
		}
		oldActs := slices.DeleteFunc(slices.Clone(old.Actions), func(k moderation.ActionKind) bool { return !slices.Contains(policyKinds, k) })
		if sameKinds(acts, oldActs) && esc == old.EscalateTo {
			continue
		}
		// Keep the order the rule had for the actions it keeps: order matters
		// (a hide before a private reply); new ones go after.
		ordered := slices.DeleteFunc(oldActs, func(k moderation.ActionKind) bool { return !slices.Contains(acts, k) })
		for _, k := range acts {
			if !slices.Contains(ordered, k) {
				ordered = append(ordered, k)
			}
		}
		if len(ordered) == 0 {
			ordered = []moderation.ActionKind{moderation.ActionNone}
		}
		acts = ordered
		rule := old
		rule.Actions, rule.EscalateTo = acts, esc
		if rule.Reply == "" && (slices.Contains(acts, moderation.ActionReply) || slices.Contains(acts, moderation.ActionPrivateReply)) {
			rule.Reply = "Thank you for your message. Please contact {practice} through {contact}."
		}
		changed.Policy[c] = &rule
	}
}

// fillFromForm shows what the user typed in the section that came back.
func fillFromForm(d *settingsData, r *http.Request, section string, changed *profile.Profile) {
	keep := *d
	fillFromProfile(d, changed)
	if section != "staff" {
		d.Staff = keep.Staff
	}
	if section != "links" {
		d.Links = keep.Links
	}
	if section != "hours" {
		d.Hours = keep.Hours
	}
	if section != "policy" {
		d.Policy = keep.Policy
	}
	if section != "shadow" {
		d.Shadow, d.ShadowAll = keep.Shadow, keep.ShadowAll
	}
}

// fieldLabels name the settings' fields in error messages.
var fieldLabels = map[string]string{
	"links.reviews": "Reviews link", "links.complaints": "Complaints link", "links.website": "Website", "links.contact": "Contact link",
}

// profileErrors turns profile.Parse's errors into messages on the page's
// fields: no file names or line numbers, which mean nothing here.
func profileErrors(err error) []fieldError {
	if err == nil {
		return nil
	}
	var pes profile.Errors
	if !errors.As(err, &pes) {
		return []fieldError{{"", "The settings could not be read back: " + err.Error()}}
	}
	var out []fieldError
	for _, e := range pes {
		parts := strings.Split(e.Path, ".")
		id, label := "", e.Path
		switch {
		case len(parts) >= 3 && parts[0] == "staff":
			id = "staff-" + parts[1] + "-" + parts[2]
			if n, err := strconv.Atoi(parts[1]); err == nil {
				label = fmt.Sprintf("Staff member %d, %s", n+1, parts[2])
			}
		case len(parts) == 2 && parts[0] == "links":
			id, label = "links-"+parts[1], fieldLabels[e.Path]
		case len(parts) == 2 && parts[0] == "hours":
			id, label = "hours-"+parts[1], "Hours on "+parts[1]
		case len(parts) >= 2 && parts[0] == "policy":
			id, label = "policy-"+parts[1], "What happens for "+humanCategory(moderation.Category(parts[1]))
		case len(parts) >= 1 && parts[0] == "shadow":
			id, label = "shadow", "Shadow mode"
		}
		out = append(out, fieldError{id, label + ": " + e.Msg})
	}
	return out
}
