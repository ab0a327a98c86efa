package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// policyTestCreate adds an example post and the outcome the practice
// expects of its policy: exactly the ticked categories, and at least the
// ticked actions.
func (s *Server) policyTestCreate(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	pv, err := s.settingsPractice(ctx, u, r.PostFormValue("practice"))
	if err != nil {
		return err
	}
	f := testForm{Name: field(r, "test-name"), Text: field(r, "test-text"), Channel: r.PostFormValue("test-channel"),
		Labels: r.PostForm["test-label"], Actions: r.PostForm["test-action"]}
	pt := store.PolicyTest{PracticeID: pv.ID, Name: f.Name, Text: f.Text, Channel: moderation.Channel(f.Channel),
		CreatedBy: u.User.ID, CreatedAt: s.cfg.Now()}
	if !slices.Contains(moderation.Channels(), pt.Channel) {
		return fmt.Errorf("policy test channel %q: %w", f.Channel, errBadForm)
	}
	for _, l := range f.Labels {
		c := moderation.Category(l)
		if !c.Valid() {
			return fmt.Errorf("policy test category %q: %w", l, errBadForm)
		}
		pt.WantLabels = append(pt.WantLabels, c)
	}
	for _, a := range f.Actions {
		k := moderation.ActionKind(a)
		if !slices.Contains(policyKinds, k) {
			return fmt.Errorf("policy test action %q: %w", a, errBadForm)
		}
		pt.WantActions = append(pt.WantActions, k)
	}
	var errs []fieldError
	if pt.Text == "" {
		errs = append(errs, fieldError{"test-text", "Enter an example post"})
	}
	if pt.Name == "" {
		errs = append(errs, fieldError{"test-name", "Enter a name that says what the test checks"})
	}
	if len(errs) > 0 {
		d, err := s.settingsData(ctx, u, pv)
		if err != nil {
			return err
		}
		d.Section, d.NewTest = "tests", f
		s.render(w, r, http.StatusBadRequest, "settings", page{Title: "Practice settings", Data: d, Errors: errs})
		return nil
	}
	if err := s.staff.Store.AddPolicyTest(ctx, &pt); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "policy test added", "practice", pv.ID, "test", pt.ID, "user", u.User.ID)
	http.Redirect(w, r, "/settings?practice="+pv.ID+"&done=test_added&run=1#tests", http.StatusSeeOther)
	return nil
}

// policyTestDelete removes one of the practice's policy tests.
func (s *Server) policyTestDelete(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	pv, err := s.settingsPractice(ctx, u, r.PostFormValue("practice"))
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("test"), 10, 64)
	if err != nil {
		return fmt.Errorf("policy test %q: %w", r.PathValue("test"), errNotFound)
	}
	if err := s.staff.Store.DeletePolicyTest(ctx, pv.ID, id); isNotFound(err) {
		return fmt.Errorf("policy test %d: %w", id, errNotFound)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?practice="+pv.ID+"&done=test_deleted#tests", http.StatusSeeOther)
	return nil
}
