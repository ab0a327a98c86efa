package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestReplyFromTemplate(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "5 stars, lovely staff", "5 stars", moderation.Review, store.StatusVisible)
	c := e.login(t, "reception@ashgrove")
	if rec := c.post(postPath(p, "reply"), url.Values{"template": {"made_up"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("reply with an unknown template = %d, want 400", rec.Code)
	}
	if rec := c.post(postPath(p, "reply"), url.Values{"template": {"review"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reply = %d:\n%s", rec.Code, rec.Body)
	}
	as, _ := e.db.ActionsForPost(t.Context(), "ashgrove", p.ID)
	last := as[len(as)-1]
	if last.Kind != moderation.ActionReply || !strings.Contains(last.Text, "nhs.uk") || strings.Contains(last.Text, "{") {
		t.Errorf("reply action = %+v, want the practice's review template, expanded", last)
	}
	if !slices.Equal(e.queue.kinds(), []string{"reply"}) {
		t.Errorf("jobs = %v", e.queue.kinds())
	}
}

func TestEscalateAndDelete(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "Buy followers at scam.example", "scam.example", moderation.Fraud, store.StatusHidden, moderation.ActionHide)
	risk := e.seedPost(t, "ashgrove", "nobody would miss me", "nobody would miss me", moderation.Safeguarding, store.StatusVisible)
	reception := e.login(t, "reception@ashgrove")
	for _, action := range []string{"escalate", "delete", "ban"} {
		if rec := reception.post(postPath(p, action), url.Values{"role": {"ig_lead"}, "confirm": {"yes"}, "reason": {"x"}}); rec.Code != http.StatusForbidden {
			t.Errorf("reception %s = %d, want 403", action, rec.Code)
		}
	}
	m := e.login(t, "manager@ashgrove")
	if rec := m.post(postPath(p, "escalate"), url.Values{"role": {"nobody"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("escalating to an unknown role = %d", rec.Code)
	}
	if rec := m.post(postPath(p, "escalate"), url.Values{"role": {"ig_lead"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("escalate = %d:\n%s", rec.Code, rec.Body)
	}
	if rec := m.post(postPath(p, "delete"), nil); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `href="#delete-confirm"`) {
		t.Errorf("delete without ticking the box = %d", rec.Code)
	}
	if rec := m.post(postPath(p, "delete"), url.Values{"confirm": {"yes"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("delete = %d:\n%s", rec.Code, rec.Body)
	}
	if rec := m.post(postPath(risk, "delete"), url.Values{"confirm": {"yes"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("deleting a post where someone may be at risk = %d, want 400", rec.Code)
	}
	if got := e.queue.kinds(); !slices.Equal(got, []string{"escalate", "delete"}) {
		t.Errorf("jobs = %v, want escalate then delete (the delete job keeps evidence first)", got)
	}
	as, _ := e.db.ActionsForPost(t.Context(), "ashgrove", p.ID)
	if esc := as[len(as)-2]; esc.Kind != moderation.ActionEscalate || esc.Role != "ig_lead" {
		t.Errorf("escalation = %+v", esc)
	}
}
