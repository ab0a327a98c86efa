package jobs_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// inbox records notifications, failing while fail is set.
type inbox struct {
	mu   sync.Mutex
	msgs []jobs.Message
	fail bool
}

func (b *inbox) Notify(_ context.Context, m jobs.Message) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail {
		return errors.New("smtp down")
	}
	b.msgs = append(b.msgs, m)
	return nil
}

func (b *inbox) take() []jobs.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	m := b.msgs
	b.msgs = nil
	return m
}

func openPractice(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.CreatePractice(t.Context(), &store.Practice{ID: "ash", Name: "Ashgrove"}); err != nil {
		t.Fatal(err)
	}
	return db
}

const secretText = "Mrs Jones at 4 Elm Road has cancer"

func heldPost(t *testing.T, db *sqlite.DB, id string, received time.Time) int64 {
	t.Helper()
	p := store.Post{PracticeID: "ash", Channel: moderation.Facebook, ExternalID: id, Text: secretText,
		CreatedAt: received, ReceivedAt: received, Status: store.StatusHeld}
	if err := db.InsertPost(t.Context(), &p); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func TestSLAAlertsOncePerOverduePost(t *testing.T) {
	db := openPractice(t)
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	late := heldPost(t, db, "1", now.Add(-5*time.Hour))
	soon := heldPost(t, db, "2", now.Add(-time.Hour))
	reviewed := heldPost(t, db, "3", now.Add(-6*time.Hour))
	if err := db.MarkReviewed(t.Context(), "ash", reviewed, 0, store.OutcomeConfirmed, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	box := &inbox{}
	clock := now
	sla := &jobs.SLA{Store: db, Notifier: box, Practices: []string{"ash"}, Target: 4 * time.Hour,
		Waiting: func(_ context.Context, _ string, from, to time.Time) (time.Duration, error) { return to.Sub(from), nil },
		Now:     func() time.Time { return clock }}
	h, err := sla.Handler()
	if err != nil {
		t.Fatal(err)
	}
	run := func() {
		t.Helper()
		if err := h(t.Context(), queue.Running{ID: 1, Kind: jobs.JobSLA}); err != nil {
			t.Fatal(err)
		}
	}
	run()
	got := box.take()
	if len(got) != 1 || got[0].Link != jobs.PostLink(late) || got[0].Role != jobs.RoleManager {
		t.Fatalf("first run told %+v, want one message to the practice manager about post %d", got, late)
	}
	for _, m := range got {
		if strings.Contains(m.Subject+m.Body, "Jones") || strings.Contains(m.Subject+m.Body, "Elm Road") {
			t.Errorf("an alert carries the post's text: %+v", m)
		}
	}
	run()
	if got := box.take(); len(got) != 0 {
		t.Errorf("the next run alerted again: %+v", got)
	}
	clock = now.Add(4 * time.Hour) // the second post is now overdue too
	run()
	if got := box.take(); len(got) != 1 || got[0].Link != jobs.PostLink(soon) {
		t.Errorf("four hours on, alerts %+v; want only post %d", got, soon)
	}
	es, err := db.AuditEntries(t.Context(), "ash", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, e := range es {
		if e.Kind == store.AuditEscalated {
			subjects = append(subjects, e.Subject)
		}
		if strings.Contains(string(e.Detail), "Jones") {
			t.Errorf("audit detail carries the post's text: %s", e.Detail)
		}
	}
	if want := []string{"post:1", "post:2"}; strings.Join(subjects, ",") != strings.Join(want, ",") {
		t.Errorf("audit entries for %v, want %v", subjects, want)
	}
	// Once the late post is reviewed it is dropped from the alerted list;
	// the other, still waiting, stays alerted.
	if err := db.MarkReviewed(t.Context(), "ash", late, 0, store.OutcomeConfirmed, clock); err != nil {
		t.Fatal(err)
	}
	run()
	if got := box.take(); len(got) != 0 {
		t.Errorf("alerts after a review: %+v", got)
	}
	if cur, _ := db.Cursor(t.Context(), "ash", "sla.alerted"); cur != "[2]" {
		t.Errorf("alerted posts kept as %q, want [2]", cur)
	}
}

func TestSLARetriesAFailedAlert(t *testing.T) {
	db := openPractice(t)
	now := time.Now()
	post := heldPost(t, db, "1", now.Add(-5*time.Hour))
	box := &inbox{fail: true}
	sla := &jobs.SLA{Store: db, Notifier: box, Practices: []string{"ash"}, Target: 4 * time.Hour,
		Waiting: func(_ context.Context, _ string, from, to time.Time) (time.Duration, error) { return to.Sub(from), nil }}
	h, err := sla.Handler()
	if err != nil {
		t.Fatal(err)
	}
	if err := h(t.Context(), queue.Running{ID: 1}); err == nil {
		t.Error("a run whose alert failed reported success")
	}
	box.fail = false
	if err := h(t.Context(), queue.Running{ID: 2}); err != nil {
		t.Fatal(err)
	}
	if got := box.take(); len(got) != 1 || got[0].Link != jobs.PostLink(post) {
		t.Errorf("after the notifier recovered: %+v, want the alert", got)
	}
}

func TestSLANeedsItsSeams(t *testing.T) {
	if _, err := (&jobs.SLA{}).Handler(); err == nil {
		t.Error("an SLA job without store, notifier, waiting or target was accepted")
	}
}
