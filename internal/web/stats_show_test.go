package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestStatsShow(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "reception are idiots", "idiots", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	e.seedPost(t, "ashgrove", "Dr Tom is great", "Dr Tom", moderation.StaffIdentified, store.StatusHidden, moderation.ActionHide)
	e.seedPost(t, "quorn", "not counted for ashgrove", "counted", moderation.Fraud, store.StatusHidden)
	as, _ := e.db.ActionsForPost(t.Context(), "ashgrove", p.ID)
	if err := e.db.UpdateAction(t.Context(), "ashgrove", as[0].ID, store.ActionUpdate{State: store.ActionDone, DoneAt: p.ReceivedAt.Add(4 * time.Second)}); err != nil {
		t.Fatal(err)
	}
	c := e.login(t, "reception@ashgrove")
	if rec := c.post(postPath(p, "feedback"), url.Values{"category": {"harassment"}}); rec.Code != http.StatusSeeOther {
		t.Fatal(rec.Code)
	}
	rec := c.get("/stats")
	if rec.Code != http.StatusOK {
		t.Fatalf("stats = %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`role="img"`, `<title id="chart-clauses-title">`, `<desc id="chart-channels-desc">`,
		"2 in all", "clause 4", "clause 6", "within 4 seconds", "<th class=\"nhsuk-table__header\" scope=\"row\">Harassment</th>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the statistics lack %s", want)
		}
	}
	if strings.Contains(body, "clause 8") {
		t.Error("another practice's post is counted")
	}
}

func TestHumanDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{{4 * time.Second, "4 seconds"}, {3 * time.Minute, "3 minutes"}, {90 * time.Minute, "1.5 hours"}}
	for _, tt := range tests {
		if got := humanDuration(tt.d); got != tt.want {
			t.Errorf("humanDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
