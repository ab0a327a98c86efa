package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/queue"
)

func TestRetentionForgetsKeysPastMetasRetryWindow(t *testing.T) {
	db := openPractice(t)
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	for key, at := range map[string]time.Time{"old": now.Add(-jobs.DedupeWindow - time.Minute), "recent": now.Add(-jobs.DedupeWindow + time.Minute)} {
		if _, err := db.MarkSeen(t.Context(), "ash", key, at); err != nil {
			t.Fatal(err)
		}
	}
	var purgedAt time.Time
	r := &jobs.Retention{Store: db, Now: func() time.Time { return now },
		Purge: func(_ context.Context, t time.Time) error { purgedAt = t; return nil }}
	h, err := r.Handler()
	if err != nil {
		t.Fatal(err)
	}
	if err := h(t.Context(), queue.Running{ID: 1, Kind: jobs.JobRetention}); err != nil {
		t.Fatal(err)
	}
	if first, _ := db.MarkSeen(t.Context(), "ash", "old", now); !first {
		t.Error("a key older than 36 hours was kept")
	}
	if first, _ := db.MarkSeen(t.Context(), "ash", "recent", now); first {
		t.Error("a key inside Meta's retry window was forgotten: a retried delivery would be handled twice")
	}
	if !purgedAt.Equal(now) {
		t.Errorf("Purge called with %v, want %v", purgedAt, now)
	}
	if _, err := (&jobs.Retention{}).Handler(); err == nil {
		t.Error("a retention job without a store was accepted")
	}
}
