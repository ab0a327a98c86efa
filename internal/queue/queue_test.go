package queue_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/postgres"
	"github.com/pagekeeper/pagekeeper/internal/postgres/pgtest"
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

// backend is a store the queue runs on. Every queue test runs on SQLite
// and, as TestPostgres..., on PostgreSQL when PAGEKEEPER_TEST_POSTGRES is set.
type backend struct {
	db store.Store
	// newQueue makes a queue on db's pool.
	newQueue func(cfg queue.Config) (queue.Queue, error)
	// jobState and jobCount read River's job table.
	jobState func(ctx context.Context, id int64) (string, error)
	jobCount func(ctx context.Context) (int, error)
	// reopen opens the same database again (after db is closed), as a
	// restarted process would.
	reopen func(t *testing.T) *backend
}

// sqliteBackend opens a fresh SQLite store.
func sqliteBackend(t *testing.T) *backend {
	t.Helper()
	return openSQLite(t, filepath.Join(t.TempDir(), "q.db"))
}

func openSQLite(t *testing.T, path string) *backend {
	t.Helper()
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after the queue's Stop: cleanups run last-in first-out
	return &backend{
		db:       db,
		newQueue: func(cfg queue.Config) (queue.Queue, error) { return queue.NewSQLite(db.SQL(), cfg) },
		jobState: func(ctx context.Context, id int64) (string, error) {
			var s string
			err := db.SQL().QueryRowContext(ctx, `SELECT state FROM river_job WHERE id = ?`, id).Scan(&s)
			return s, err
		},
		jobCount: func(ctx context.Context) (int, error) {
			var n int
			err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM river_job`).Scan(&n)
			return n, err
		},
		reopen: func(t *testing.T) *backend { return openSQLite(t, path) },
	}
}

// postgresBackend opens a fresh PostgreSQL store in a schema of its own,
// or skips t when PAGEKEEPER_TEST_POSTGRES is unset.
func postgresBackend(t *testing.T) *backend {
	t.Helper()
	return openPostgres(t, pgtest.DSN(t))
}

func openPostgres(t *testing.T, dsn string) *backend {
	t.Helper()
	db, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &backend{
		db:       db,
		newQueue: func(cfg queue.Config) (queue.Queue, error) { return queue.NewPostgres(db.Pool(), cfg) },
		jobState: func(ctx context.Context, id int64) (string, error) {
			var s string
			err := db.Pool().QueryRow(ctx, `SELECT state FROM river_job WHERE id = $1`, id).Scan(&s)
			return s, err
		},
		jobCount: func(ctx context.Context) (int, error) {
			var n int
			err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM river_job`).Scan(&n)
			return n, err
		},
		reopen: func(t *testing.T) *backend { return openPostgres(t, dsn) },
	}
}

func newQueue(t *testing.T, b *backend, rec *recorder, handlers map[string]queue.Handler, maxAttempts int) queue.Queue {
	t.Helper()
	q, err := b.newQueue(queue.Config{
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

// sameJSON reports whether got means the JSON want. A payload comes back
// as River stored it: byte for byte on SQLite, as jsonb on PostgreSQL
// (spaces added, keys reordered).
func sameJSON(got json.RawMessage, want string) bool {
	var g, w any
	return json.Unmarshal(got, &g) == nil && json.Unmarshal([]byte(want), &w) == nil && reflect.DeepEqual(g, w)
}

// settle gives a wrongly scheduled extra run time to happen.
func settle() { time.Sleep(300 * time.Millisecond) }

func TestFailsOnceThenSucceeds(t *testing.T) { testFailsOnceThenSucceeds(t, sqliteBackend(t)) }
func TestPostgresFailsOnceThenSucceeds(t *testing.T) {
	testFailsOnceThenSucceeds(t, postgresBackend(t))
}

func testFailsOnceThenSucceeds(t *testing.T, b *backend) {
	db := b.db
	rec := newRecorder()
	q := newQueue(t, b, rec, map[string]queue.Handler{"hide": func(_ context.Context, j queue.Running) error {
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
	if first.Attempt != 1 || second.Attempt != 2 || !sameJSON(second.Payload, `{"action":7}`) || second.Kind != "hide" {
		t.Errorf("runs = %+v, %+v", first, second)
	}
	select {
	case d := <-rec.dead:
		t.Errorf("dead-letter hook fired for a job that succeeded: %+v", d)
	default:
	}
}

func TestAlwaysFailsIsDeadLettered(t *testing.T) { testAlwaysFailsIsDeadLettered(t, sqliteBackend(t)) }
func TestPostgresAlwaysFailsIsDeadLettered(t *testing.T) {
	testAlwaysFailsIsDeadLettered(t, postgresBackend(t))
}

func testAlwaysFailsIsDeadLettered(t *testing.T, b *backend) {
	db := b.db
	rec := newRecorder()
	boom := errors.New("platform keeps failing")
	q := newQueue(t, b, rec, map[string]queue.Handler{"delete": func(_ context.Context, j queue.Running) error {
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
	if state, err := b.jobState(t.Context(), id); err != nil || state != "discarded" {
		t.Errorf("river state = %q, %v; want discarded", state, err)
	}
}

func TestPermanentErrorDeadLettersAtOnce(t *testing.T) {
	testPermanentErrorDeadLettersAtOnce(t, sqliteBackend(t))
}
func TestPostgresPermanentErrorDeadLettersAtOnce(t *testing.T) {
	testPermanentErrorDeadLettersAtOnce(t, postgresBackend(t))
}

func testPermanentErrorDeadLettersAtOnce(t *testing.T, b *backend) {
	db := b.db
	rec := newRecorder()
	q := newQueue(t, b, rec, map[string]queue.Handler{"reply": func(_ context.Context, j queue.Running) error {
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
	testRateLimitSnoozesUntilRetryAt(t, sqliteBackend(t))
}
func TestPostgresRateLimitSnoozesUntilRetryAt(t *testing.T) {
	testRateLimitSnoozesUntilRetryAt(t, postgresBackend(t))
}

func testRateLimitSnoozesUntilRetryAt(t *testing.T, b *backend) {
	db := b.db
	rec := newRecorder()
	wait := 400 * time.Millisecond
	q := newQueue(t, b, rec, map[string]queue.Handler{"hide": func(_ context.Context, j queue.Running) error {
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
	testLaterRunsAgainWithoutAnAttempt(t, sqliteBackend(t))
}
func TestPostgresLaterRunsAgainWithoutAnAttempt(t *testing.T) {
	testLaterRunsAgainWithoutAnAttempt(t, postgresBackend(t))
}

func testLaterRunsAgainWithoutAnAttempt(t *testing.T, b *backend) {
	db := b.db
	rec := newRecorder()
	wait := 300 * time.Millisecond
	q := newQueue(t, b, rec, map[string]queue.Handler{"delete": func(_ context.Context, j queue.Running) error {
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

func TestRolledBackInsertNeverRuns(t *testing.T) { testRolledBackInsertNeverRuns(t, sqliteBackend(t)) }
func TestPostgresRolledBackInsertNeverRuns(t *testing.T) {
	testRolledBackInsertNeverRuns(t, postgresBackend(t))
}

func testRolledBackInsertNeverRuns(t *testing.T, b *backend) {
	db := b.db
	rec := newRecorder()
	q := newQueue(t, b, rec, map[string]queue.Handler{"hide": func(_ context.Context, j queue.Running) error {
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
			if !sameJSON(j.Payload, `{"n":"marker"}`) {
				t.Errorf("job from a rolled-back transaction ran: %+v", j)
			}
		}
	}
	rec.mu.Unlock()
	if n, err := b.jobCount(t.Context()); err != nil || n != 1 {
		t.Errorf("river_job has %d rows (%v), want only the marker", n, err)
	}
}

func TestJobsSurviveRestart(t *testing.T)         { testJobsSurviveRestart(t, sqliteBackend(t)) }
func TestPostgresJobsSurviveRestart(t *testing.T) { testJobsSurviveRestart(t, postgresBackend(t)) }

func testJobsSurviveRestart(t *testing.T, b *backend) {
	rec := newRecorder()
	handlers := map[string]queue.Handler{"escalate": func(_ context.Context, j queue.Running) error {
		rec.record(j)
		return nil
	}}
	db := b.db
	q1 := newQueue(t, b, rec, handlers, 5)
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

	b2 := b.reopen(t)
	q2 := newQueue(t, b2, rec, handlers, 5)
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

func TestInsertTxRejects(t *testing.T)         { testInsertTxRejects(t, sqliteBackend(t)) }
func TestPostgresInsertTxRejects(t *testing.T) { testInsertTxRejects(t, postgresBackend(t)) }

func testInsertTxRejects(t *testing.T, b *backend) {
	db := b.db
	q := newQueue(t, b, newRecorder(), map[string]queue.Handler{"hide": func(context.Context, queue.Running) error { return nil }}, 5)
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
func TestOneTransaction(t *testing.T)         { testOneTransaction(t, sqliteBackend(t)) }
func TestPostgresOneTransaction(t *testing.T) { testOneTransaction(t, postgresBackend(t)) }

func testOneTransaction(t *testing.T, b *backend) {
	db := b.db
	rec := newRecorder()
	q := newQueue(t, b, rec, map[string]queue.Handler{"hide": func(_ context.Context, j queue.Running) error {
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
