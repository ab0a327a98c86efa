package queue_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// recorder counts runs of each job and signals each one.
type recorder struct {
	mu   sync.Mutex
	runs map[int64][]queue.Running
	ran  chan queue.Running
	dead chan queue.DeadJob
}

func newRecorder() *recorder {
	return &recorder{runs: map[int64][]queue.Running{}, ran: make(chan queue.Running, 100), dead: make(chan queue.DeadJob, 10)}
}

func (r *recorder) record(j queue.Running) int {
	r.mu.Lock()
	r.runs[j.ID] = append(r.runs[j.ID], j)
	n := len(r.runs[j.ID])
	r.mu.Unlock()
	r.ran <- j
	return n
}

func (r *recorder) count(id int64) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.runs[id])
}

func (r *recorder) onDead(_ context.Context, d queue.DeadJob) { r.dead <- d }

func openDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after the queue's Stop: cleanups run last-in first-out
	return db
}

func newQueue(t *testing.T, db *sqlite.DB, rec *recorder, handlers map[string]queue.Handler, maxAttempts int) *queue.River[*sql.Tx] {
	t.Helper()
	q, err := queue.NewSQLite(db.SQL(), queue.Config{
		Handlers:     handlers,
		MaxAttempts:  maxAttempts,
		Backoff:      func(int) time.Duration { return 10 * time.Millisecond },
		PollInterval: 50 * time.Millisecond,
		OnDead:       rec.onDead,
	})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func start(t *testing.T, q queue.Queue) {
	t.Helper()
	if err := q.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.Stop(ctx)
	})
}

func insert(t *testing.T, db store.Store, q queue.Queue, job queue.Job) int64 {
	t.Helper()
	var id int64
	err := db.WithTx(t.Context(), func(tx store.TxStore) error {
		var err error
		id, err = q.InsertTx(t.Context(), tx, job)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func waitRun(t *testing.T, rec *recorder, id int64) queue.Running {
	t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case j := <-rec.ran:
			if j.ID == id {
				return j
			}
		case <-timeout:
			t.Fatalf("job %d did not run", id)
		}
	}
}

func waitDead(t *testing.T, rec *recorder) queue.DeadJob {
	t.Helper()
	select {
	case d := <-rec.dead:
		return d
	case <-time.After(15 * time.Second):
		t.Fatal("dead-letter hook did not fire")
	}
	return queue.DeadJob{}
}

// settle gives a wrongly scheduled extra run time to happen.
func settle() { time.Sleep(300 * time.Millisecond) }

func TestFailsOnceThenSucceeds(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "q.db"))
	rec := newRecorder()
	q := newQueue(t, db, rec, map[string]queue.Handler{"hide": func(_ context.Context, j queue.Running) error {
		if rec.record(j) == 1 {
			return &platform.TemporaryError{Err: errors.New("502 from the platform")}
		}
		return nil
	}}, 5)
	start(t, q)
	id := insert(t, db, q, queue.Job{Kind: "hide", Payload: json.RawMessage(`{"action":7}`)})
	first := waitRun(t, rec, id)
	second := waitRun(t, rec, id)
	settle()
	if n := rec.count(id); n != 2 {
		t.Errorf("job ran %d times, want 2", n)
	}
	if first.Attempt != 1 || second.Attempt != 2 || string(second.Payload) != `{"action":7}` || second.Kind != "hide" {
		t.Errorf("runs = %+v, %+v", first, second)
	}
	select {
	case d := <-rec.dead:
		t.Errorf("dead-letter hook fired for a job that succeeded: %+v", d)
	default:
	}
}

func TestAlwaysFailsIsDeadLettered(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "q.db"))
	rec := newRecorder()
	boom := errors.New("platform keeps failing")
	q := newQueue(t, db, rec, map[string]queue.Handler{"delete": func(_ context.Context, j queue.Running) error {
		rec.record(j)
		return boom
	}}, 3)
	start(t, q)
	id := insert(t, db, q, queue.Job{Kind: "delete"})
	d := waitDead(t, rec)
	settle()
	if n := rec.count(id); n != 3 {
		t.Errorf("job ran %d times, want 3", n)
	}
	if d.ID != id || d.Attempt != 3 || !d.LastAttempt() || d.Permanent || !errors.Is(d.Err, boom) {
		t.Errorf("dead job = %+v", d)
	}
	var state string
	if err := db.SQL().QueryRow(`SELECT state FROM river_job WHERE id = ?`, id).Scan(&state); err != nil || state != "discarded" {
		t.Errorf("river state = %q, %v; want discarded", state, err)
	}
}

func TestPermanentErrorDeadLettersAtOnce(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "q.db"))
	rec := newRecorder()
	q := newQueue(t, db, rec, map[string]queue.Handler{"reply": func(_ context.Context, j queue.Running) error {
		rec.record(j)
		return queue.Permanent(platform.ErrAuth)
	}}, 5)
	start(t, q)
	id := insert(t, db, q, queue.Job{Kind: "reply"})
	d := waitDead(t, rec)
	settle()
	if n := rec.count(id); n != 1 || !d.Permanent || !errors.Is(d.Err, platform.ErrAuth) {
		t.Errorf("ran %d times, dead job %+v", n, d)
	}
}

func TestRateLimitSnoozesUntilRetryAt(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "q.db"))
	rec := newRecorder()
	wait := 400 * time.Millisecond
	q := newQueue(t, db, rec, map[string]queue.Handler{"hide": func(_ context.Context, j queue.Running) error {
		if rec.record(j) == 1 {
			return &platform.RateLimitError{RetryAt: time.Now().Add(wait), Detail: "app usage 100%"}
		}
		return nil
	}}, 1) // one attempt: only a snooze that does not count lets it run again
	start(t, q)
	id := insert(t, db, q, queue.Job{Kind: "hide"})
	first := time.Now()
	waitRun(t, rec, id)
	second := waitRun(t, rec, id)
	if gap := time.Since(first); gap < wait-50*time.Millisecond {
		t.Errorf("rerun after %v, before RetryAt (%v)", gap, wait)
	}
	if second.Attempt != 1 {
		t.Errorf("second run is attempt %d; a rate limit must not count as an attempt", second.Attempt)
	}
}

func TestLaterRunsAgainWithoutAnAttempt(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "q.db"))
	rec := newRecorder()
	wait := 300 * time.Millisecond
	q := newQueue(t, db, rec, map[string]queue.Handler{"delete": func(_ context.Context, j queue.Running) error {
		if rec.record(j) == 1 {
			return queue.Later(wait, "the hide has not finished")
		}
		return nil
	}}, 1) // one attempt: only a wait that does not count lets it run again
	start(t, q)
	id := insert(t, db, q, queue.Job{Kind: "delete"})
	first := time.Now()
	waitRun(t, rec, id)
	second := waitRun(t, rec, id)
	if gap := time.Since(first); gap < wait-50*time.Millisecond {
		t.Errorf("rerun after %v, before the wait (%v)", gap, wait)
	}
	if second.Attempt != 1 {
		t.Errorf("second run is attempt %d; waiting for another job must not count as an attempt", second.Attempt)
	}
	if !queue.IsLater(fmt.Errorf("deleting: %w", queue.Later(time.Second, "x"))) || queue.IsLater(errors.New("boom")) {
		t.Error("IsLater does not tell a wait from a failure")
	}
}

func TestRolledBackInsertNeverRuns(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "q.db"))
	rec := newRecorder()
	q := newQueue(t, db, rec, map[string]queue.Handler{"hide": func(_ context.Context, j queue.Running) error {
		rec.record(j)
		return nil
	}}, 5)
	var lost int64
	err := db.WithTx(t.Context(), func(tx store.TxStore) error {
		var err error
		if lost, err = q.InsertTx(t.Context(), tx, queue.Job{Kind: "hide", Payload: json.RawMessage(`{"n":"lost"}`)}); err != nil {
			return err
		}
		return errors.New("deciding failed")
	})
	if err == nil || lost == 0 {
		t.Fatalf("WithTx = %v, job id %d", err, lost)
	}
	start(t, q)
	// SQLite may give the marker the lost job's id; tell them apart by payload.
	marker := insert(t, db, q, queue.Job{Kind: "hide", Payload: json.RawMessage(`{"n":"marker"}`)})
	waitRun(t, rec, marker)
	settle()
	rec.mu.Lock()
	for _, runs := range rec.runs {
		for _, j := range runs {
			if string(j.Payload) != `{"n":"marker"}` {
				t.Errorf("job from a rolled-back transaction ran: %+v", j)
			}
		}
	}
	rec.mu.Unlock()
	var n int
	db.SQL().QueryRow(`SELECT count(*) FROM river_job`).Scan(&n)
	if n != 1 {
		t.Errorf("river_job has %d rows, want only the marker", n)
	}
}

func TestJobsSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	rec := newRecorder()
	handlers := map[string]queue.Handler{"escalate": func(_ context.Context, j queue.Running) error {
		rec.record(j)
		return nil
	}}
	db := openDB(t, path)
	q1 := newQueue(t, db, rec, handlers, 5)
	id := insert(t, db, q1, queue.Job{Kind: "escalate", Payload: json.RawMessage(`{"role":"safeguarding lead"}`)})
	if err := q1.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := q1.Stop(t.Context()); err != nil { // stopped before its first poll could run the job
		t.Fatal(err)
	}
	ranEarly := rec.count(id)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db2 := openDB(t, path)
	q2 := newQueue(t, db2, rec, handlers, 5)
	start(t, q2)
	if ranEarly == 0 {
		waitRun(t, rec, id)
	}
	settle()
	if n := rec.count(id); n != 1 {
		t.Errorf("job ran %d times across the restart, want 1", n)
	}
}

type fakeTx struct{}

func (fakeTx) DriverTx() any { return "not a transaction" }

func TestInsertTxRejects(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "q.db"))
	q := newQueue(t, db, newRecorder(), map[string]queue.Handler{"hide": func(context.Context, queue.Running) error { return nil }}, 5)
	if _, err := q.InsertTx(t.Context(), fakeTx{}, queue.Job{Kind: "hide"}); err == nil {
		t.Error("InsertTx accepted a foreign transaction")
	}
	tests := []struct {
		name string
		job  queue.Job
	}{
		{"no kind", queue.Job{}},
		{"payload not an object", queue.Job{Kind: "hide", Payload: json.RawMessage(`[1]`)}},
		{"unregistered kind", queue.Job{Kind: "vaporise"}},
	}
	for _, tt := range tests {
		err := db.WithTx(t.Context(), func(tx store.TxStore) error {
			_, err := q.InsertTx(t.Context(), tx, tt.job)
			return err
		})
		if err == nil {
			t.Errorf("%s: InsertTx accepted it", tt.name)
		}
	}
}

func TestDefaultBackoff(t *testing.T) {
	tests := []struct {
		attempt  int
		min, max time.Duration
	}{
		{1, 27 * time.Second, 33 * time.Second},
		{2, 54 * time.Second, 66 * time.Second},
		{4, 216 * time.Second, 264 * time.Second},
		{20, 54 * time.Minute, 66 * time.Minute},
	}
	for _, tt := range tests {
		for range 20 {
			if d := queue.DefaultBackoff(tt.attempt); d < tt.min || d > tt.max {
				t.Errorf("DefaultBackoff(%d) = %v, want %v..%v", tt.attempt, d, tt.min, tt.max)
			}
		}
	}
}

// TestOneTransaction stores a post, its decision, its action, an audit entry
// and the action's job in one transaction, as triage does: all or nothing.
func TestOneTransaction(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "q.db"))
	rec := newRecorder()
	q := newQueue(t, db, rec, map[string]queue.Handler{"hide": func(_ context.Context, j queue.Running) error {
		rec.record(j)
		return nil
	}}, 5)
	ctx := t.Context()
	if err := db.CreatePractice(ctx, &store.Practice{ID: "p1", Name: "P"}); err != nil {
		t.Fatal(err)
	}
	triage := func(ext string, fail error) (int64, error) {
		var jobID int64
		err := db.WithTx(ctx, func(tx store.TxStore) error {
			p := store.Post{PracticeID: "p1", Channel: moderation.Facebook, ExternalID: ext, ReceivedAt: time.Now()}
			if err := tx.InsertPost(ctx, &p); err != nil {
				return err
			}
			d := store.Decision{PracticeID: "p1", PostID: p.ID, DecidedBy: store.DecidedByAuto, DecidedAt: time.Now(),
				Actions: []moderation.Action{{Kind: moderation.ActionHide}}}
			if err := tx.InsertDecision(ctx, &d); err != nil {
				return err
			}
			a := store.ActionFromDomain(d, d.Actions[0], time.Now())
			if err := tx.InsertAction(ctx, &a); err != nil {
				return err
			}
			if _, err := audit.Append(ctx, tx, audit.Record{Time: time.Now(), PracticeID: "p1", Kind: store.AuditDecided,
				Subject: "post:" + ext, Actor: "auto", Detail: map[string]any{"action": a.ID}}); err != nil {
				return err
			}
			var err error
			payload, _ := json.Marshal(map[string]any{"practice": "p1", "action": a.ID})
			if jobID, err = q.InsertTx(ctx, tx, queue.Job{Kind: "hide", Payload: payload}); err != nil {
				return err
			}
			return fail
		})
		return jobID, err
	}
	if _, err := triage("c1", errors.New("crash before commit")); err == nil {
		t.Fatal("triage succeeded")
	}
	id, err := triage("c2", nil)
	if err != nil {
		t.Fatal(err)
	}
	start(t, q)
	j := waitRun(t, rec, id)
	var p struct{ Action int64 }
	json.Unmarshal(j.Payload, &p)
	if _, err := db.Action(ctx, "p1", p.Action); err != nil {
		t.Errorf("the job's action: %v", err)
	}
	if _, err := db.PostByExternalID(ctx, "p1", moderation.Facebook, "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rolled-back post: %v", err)
	}
	if h, err := audit.Verify(ctx, db, "p1"); err != nil || h.Seq != 1 {
		t.Errorf("audit after one committed triage = %+v, %v", h, err)
	}
}
