package web

import (
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/profile"
)

func TestReviewWaitingCountsSurgeryHours(t *testing.T) {
	h := profile.Hours{"monday": "08:00-18:30"}
	// Friday 17:00 to Monday 10:00 London (GMT in November): only Monday's two hours count.
	from := time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	if got := ReviewWaiting(h, from, to); got != 2*time.Hour {
		t.Errorf("ReviewWaiting = %v, want 2h", got)
	}
	if got := ReviewWaiting(nil, from, to); got != to.Sub(from) {
		t.Errorf("ReviewWaiting without hours = %v, want every hour", got)
	}
	if ReviewTarget <= 0 {
		t.Error("ReviewTarget is not positive")
	}
}
