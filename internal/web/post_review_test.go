package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// auditOf returns the practice's audit entries of kind, after checking
// the chain verifies.
func (e *staffEnv) auditOf(t *testing.T, practice string, kind store.AuditKind) []store.AuditEntry {
	t.Helper()
	if _, err := audit.Verify(t.Context(), e.st, practice); err != nil {
		t.Fatalf("the audit chain does not verify: %v", err)
	}
	es, err := e.st.AuditEntries(t.Context(), practice, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []store.AuditEntry
	for _, x := range es {
		if x.Kind == kind {
			out = append(out, x)
		}
	}
	return out
}

func detailOf(t *testing.T, e store.AuditEntry) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(e.Detail, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func postPath(p store.Post, action string) string {
	path := "/posts/" + itoa(p.ID)
	if action != "" {
		path += "/" + action
	}
	return path
}

// TestRestoreFlow restores a hidden post: an unhide action and its job are
// queued, the audit log says "restored" and "staff_action" with the user
// and the reason, the post is marked reviewed, and the item page says so.
func TestRestoreFlow(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "Dean on reception is useless", "useless", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	c := e.login(t, "reception@ashgrove")

	rec := c.post(postPath(p, "restore"), url.Values{"reason": {""}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Enter why the post should be shown again") ||
		!strings.Contains(rec.Body.String(), `href="#restore-reason"`) {
		t.Fatalf("restore without a reason = %d:\n%.3000s", rec.Code, rec.Body)
	}
	if len(e.queue.kinds()) != 0 {
		t.Fatal("a refused restore queued a job")
	}

	rec = c.post(postPath(p, "restore"), url.Values{"reason": {"Banter between regulars; not abuse"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != postPath(p, "")+"?done=restored" {
		t.Fatalf("restore = %d to %q:\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	if got := e.queue.kinds(); !slices.Equal(got, []string{string(jobs.ActionUnhide)}) {
		t.Errorf("jobs queued = %v, want one unhide", got)
	}
	as, err := e.db.ActionsForPost(t.Context(), "ashgrove", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	unhide := as[len(as)-1]
	if unhide.Kind != jobs.ActionUnhide || unhide.State != store.ActionPending || unhide.Text != "Banter between regulars; not abuse" {
		t.Errorf("unhide action = %+v", unhide)
	}
	d, err := e.db.Decision(t.Context(), "ashgrove", unhide.DecisionID)
	if err != nil || d.DecidedBy != "user:"+itoa(e.users["reception@ashgrove"].ID) || !slices.Equal(d.Labels, []moderation.Category{moderation.Harassment}) {
		t.Errorf("the restoring decision = %+v, %v; want by the user, keeping the judgement", d, err)
	}
	restored := e.auditOf(t, "ashgrove", store.AuditRestored)
	staff := e.auditOf(t, "ashgrove", store.AuditStaffAction)
	uid := float64(e.users["reception@ashgrove"].ID)
	if len(restored) != 1 || restored[0].Actor != "user:"+itoa(e.users["reception@ashgrove"].ID) || detailOf(t, restored[0])["reason"] != "Banter between regulars; not abuse" {
		t.Errorf("restored entries = %+v", restored)
	}
	if len(staff) != 1 || detailOf(t, staff[0])["user"] != uid || detailOf(t, staff[0])["action"] != "restore" {
		t.Errorf("staff_action entries = %+v", staff)
	}
	r, err := e.db.Review(t.Context(), "ashgrove", p.ID)
	if err != nil || r.Outcome != store.OutcomeRestored {
		t.Errorf("review = %+v, %v", r, err)
	}
	page := c.get(postPath(p, "") + "?done=restored").Body.String()
	for _, want := range []string{"is being put back in view", `data-audit-kind="restored"`, "reception@ashgrove", "Banter between regulars"} {
		if !strings.Contains(page, want) {
			t.Errorf("the item page after restoring lacks %q", want)
		}
	}
}

// TestRestoreHeldPost releases a held post at once: it was never taken
// down, so no job is needed, and its hold is settled.
func TestRestoreHeldPost(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "Is Dr Heath any good?", "Dr Heath", moderation.StaffIdentified, store.StatusHeld, moderation.ActionHold)
	c := e.login(t, "reception@ashgrove")
	if rec := c.post(postPath(p, "restore"), url.Values{"reason": {"a fair question"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("restore = %d:\n%s", rec.Code, rec.Body)
	}
	got, _ := e.db.Post(t.Context(), "ashgrove", p.ID)
	if got.Status != store.StatusVisible {
		t.Errorf("status = %s, want visible", got.Status)
	}
	if len(e.queue.kinds()) != 0 {
		t.Errorf("jobs = %v, want none", e.queue.kinds())
	}
	as, _ := e.db.ActionsForPost(t.Context(), "ashgrove", p.ID)
	if as[0].Kind != moderation.ActionHold || as[0].State != store.ActionDone {
		t.Errorf("hold = %+v, want done", as[0])
	}
	if len(e.auditOf(t, "ashgrove", store.AuditRestored)) != 1 {
		t.Error("no restored audit entry")
	}
}

func TestRestoreRefusesDeletedPost(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "spam spam", "spam", moderation.Fraud, store.StatusDeleted, moderation.ActionDelete)
	rec := e.login(t, "reception@ashgrove").post(postPath(p, "restore"), url.Values{"reason": {"x"}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "cannot be restored") {
		t.Errorf("restoring a deleted post = %d", rec.Code)
	}
}

func TestConfirmAndHide(t *testing.T) {
	e := newStaffEnv(t, nil)
	held := e.seedPost(t, "ashgrove", "Nurse Faith was rude", "Nurse Faith", moderation.StaffIdentified, store.StatusHeld, moderation.ActionHold)
	hidden := e.seedPost(t, "ashgrove", "you lot are idiots", "idiots", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	risk := e.seedPost(t, "ashgrove", "I can't go on", "can't go on", moderation.Safeguarding, store.StatusVisible, moderation.ActionEscalate)
	c := e.login(t, "reception@ashgrove")
	if rec := c.post(postPath(hidden, "confirm"), nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("confirm = %d", rec.Code)
	}
	if r, _ := e.db.Review(t.Context(), "ashgrove", hidden.ID); r.Outcome != store.OutcomeConfirmed {
		t.Errorf("review after confirm = %+v", r)
	}
	if rec := c.post(postPath(held, "hide"), nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("hide = %d", rec.Code)
	}
	if got := e.queue.kinds(); !slices.Equal(got, []string{"hide"}) {
		t.Errorf("jobs = %v, want one hide", got)
	}
	if rec := c.post(postPath(risk, "hide"), nil); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "never hides") {
		t.Errorf("hiding a post where someone may be at risk = %d", rec.Code)
	}
}

// TestNotABreachRecorded checks "not a breach" feedback is stored per
// category, queryable, audited, and changes nothing on the platform.
func TestNotABreachRecorded(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "Dr Tom is brilliant", "Dr Tom", moderation.StaffIdentified, store.StatusHidden, moderation.ActionHide)
	c := e.login(t, "reception@ashgrove")
	if rec := c.post(postPath(p, "feedback"), url.Values{"category": {"harassment"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("feedback on a category the post was not judged = %d, want 400", rec.Code)
	}
	rec := c.post(postPath(p, "feedback"), url.Values{"category": {"staff_identified"}, "note": {"praise, not a complaint"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("feedback = %d:\n%s", rec.Code, rec.Body)
	}
	fs, err := e.db.FeedbackSince(t.Context(), "ashgrove", staffNow.AddDate(0, 0, -1))
	if err != nil || len(fs) != 1 || fs[0].Category != moderation.StaffIdentified || fs[0].Verdict != store.VerdictNotABreach ||
		fs[0].Note != "praise, not a complaint" || fs[0].UserID != e.users["reception@ashgrove"].ID {
		t.Errorf("feedback = %+v, %v", fs, err)
	}
	if len(e.queue.kinds()) != 0 {
		t.Errorf("feedback queued jobs %v", e.queue.kinds())
	}
	st := e.auditOf(t, "ashgrove", store.AuditStaffAction)
	if len(st) != 1 || detailOf(t, st[0])["category"] != "staff_identified" {
		t.Errorf("audit = %+v", st)
	}
}
