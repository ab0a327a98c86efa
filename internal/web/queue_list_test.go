package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestQueueList(t *testing.T) {
	e := newStaffEnv(t, nil)
	hidden := e.seedPost(t, "ashgrove", "reception are idiots", "idiots", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	held := e.seedPost(t, "ashgrove", "my neighbour Mrs Jones has cancer", "Mrs Jones", moderation.PatientInfo, store.StatusHeld, moderation.ActionHold)
	clean := e.seedPost(t, "ashgrove", "thank you for the flu jab", "", "", store.StatusVisible)
	other := e.seedPost(t, "quorn", "quorn's own post", "own", moderation.Harassment, store.StatusHidden)
	c := e.login(t, "reception@ashgrove")

	tests := []struct {
		name, query string
		want, not   []store.Post
	}{
		{"needs review by default", "", []store.Post{hidden, held}, []store.Post{clean, other}},
		{"acted", "?state=acted", []store.Post{hidden}, []store.Post{held, clean}},
		{"all", "?state=all", []store.Post{hidden, held, clean}, []store.Post{other}},
		{"category", "?state=all&category=patient_info", []store.Post{held}, []store.Post{hidden}},
		{"channel", "?state=all&channel=instagram", nil, []store.Post{hidden, held, clean}},
		{"another practice asked for", "?state=all&practice=quorn", []store.Post{hidden}, []store.Post{other}},
	}
	for _, tt := range tests {
		rec := c.get("/queue" + tt.query)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", tt.name, rec.Code)
		}
		body := rec.Body.String()
		for _, p := range tt.want {
			if !strings.Contains(body, `href="`+postPath(p, "")+`"`) {
				t.Errorf("%s: post %d (%s) missing", tt.name, p.ID, p.Text)
			}
		}
		for _, p := range tt.not {
			if strings.Contains(body, `href="`+postPath(p, "")+`"`) {
				t.Errorf("%s: post %d (%s) listed", tt.name, p.ID, p.Text)
			}
		}
	}
	if body := c.get("/queue").Body.String(); !strings.Contains(body, `id="queue-table"`) || !strings.Contains(body, "2 h 00 min") {
		t.Errorf("the queue lacks its table or the surgery-hours wait (posts arrived 2 h ago, Monday morning):\n%.3000s", body)
	}
	e.now = staffNow.Add(5 * time.Hour) // 15:00 the same Monday: 7 surgery hours
	if body := e.login(t, "reception@ashgrove").get("/queue").Body.String(); !strings.Contains(body, "(overdue)") {
		t.Error("a post waiting 7 surgery hours is not shown as overdue")
	}
}

// TestQueueIGLeadSeesPatientInformation checks an IG lead's queue and item
// pages hold only posts judged to carry patient information.
func TestQueueIGLeadSeesPatientInformation(t *testing.T) {
	e := newStaffEnv(t, nil)
	abuse := e.seedPost(t, "ashgrove", "reception are idiots", "idiots", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	info := e.seedPost(t, "ashgrove", "my neighbour Mrs Jones has cancer", "Mrs Jones", moderation.PatientInfo, store.StatusHidden, moderation.ActionHide)
	c := e.login(t, "ig@ashgrove")
	body := c.get("/queue?category=harassment").Body.String()
	if !strings.Contains(body, postPath(info, "")) || strings.Contains(body, postPath(abuse, "")) {
		t.Error("an IG lead's queue is not limited to patient information")
	}
	if rec := c.get(postPath(info, "")); rec.Code != http.StatusOK {
		t.Errorf("IG lead opening a patient-information post = %d", rec.Code)
	}
	if rec := c.get(postPath(abuse, "")); rec.Code != http.StatusForbidden {
		t.Errorf("IG lead opening another kind of post = %d, want 403", rec.Code)
	}
}
