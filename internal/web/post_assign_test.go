package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestAssign(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "reception are rude", "rude", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	c := e.login(t, "manager@ashgrove")
	if rec := c.post(postPath(p, "assign"), url.Values{"user": {itoa(e.users["reception@quorn"].ID)}}); rec.Code != http.StatusBadRequest {
		t.Errorf("assigning to another practice's user = %d, want 400", rec.Code)
	}
	rid := e.users["reception@ashgrove"].ID
	if rec := c.post(postPath(p, "assign"), url.Values{"user": {itoa(rid)}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("assign = %d:\n%s", rec.Code, rec.Body)
	}
	if r, err := e.db.Review(t.Context(), "ashgrove", p.ID); err != nil || r.AssignedTo != rid {
		t.Errorf("review = %+v, %v", r, err)
	}
	mine := e.login(t, "reception@ashgrove").get("/queue?assigned=me").Body.String()
	if !strings.Contains(mine, postPath(p, "")) {
		t.Error("the post is not in the assignee's queue")
	}
	if rec := c.post(postPath(p, "assign"), url.Values{"user": {"0"}}); rec.Code != http.StatusSeeOther {
		t.Errorf("unassign = %d", rec.Code)
	}
	if r, _ := e.db.Review(t.Context(), "ashgrove", p.ID); r.AssignedTo != 0 {
		t.Errorf("after unassigning: %+v", r)
	}
}
