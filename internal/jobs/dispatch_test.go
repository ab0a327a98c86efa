package jobs_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// dropAll is a dispatcher that takes nothing: every decision is left as a
// crash right after ingest's commit would leave it.
type dropAll struct{}

func (dropAll) Dispatch(jobs.Work) bool { return false }

// fast is an env modifier: the fast path with cfg, River polling every poll.
func fast(cfg jobs.DispatchConfig, poll time.Duration) func(*env) {
	return func(e *env) { e.fast, e.poll = &cfg, poll }
}

// riverJobs counts River's jobs of kind.
func (e *env) riverJobs(t *testing.T, kind string) int {
	t.Helper()
	var n int
	if err := e.db.SQL().QueryRowContext(t.Context(), `SELECT count(*) FROM river_job WHERE kind = ?`, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sweeper returns a Sweeper on e that sweeps everything not final at once.
func (e *env) sweeper() *jobs.Sweeper {
	return &jobs.Sweeper{Store: e.db, Queue: e.q, After: time.Nanosecond, RunningAfter: time.Hour,
		Now: func() time.Time { return time.Now().Add(time.Second) }}
}

// TestFastPathHidesWithoutPolling: with River polling once a minute, the
// hide and the escalation still happen within seconds, and no River job
// is inserted for them.
func TestFastPathHidesWithoutPolling(t *testing.T) {
	e := newEnv(t, fast(jobs.DispatchConfig{}, time.Minute))
	e.start(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	start := time.Now()
	res := e.ingest(t, ev)
	as := e.settled(t, res.PostID)
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("took %v: waited for River's poll", took)
	}
	if got := states(as); got[moderation.ActionHide] != store.ActionDone || got[moderation.ActionEscalate] != store.ActionDone {
		t.Fatalf("action states %v", got)
	}
	if n := e.hides(ev.Ref.ObjectID); n != 1 {
		t.Errorf("%d hide calls, want 1", n)
	}
	if n := len(e.notes.to("practice_manager")); n != 1 {
		t.Errorf("%d escalations, want 1", n)
	}
	if n := e.riverJobs(t, "hide") + e.riverJobs(t, "escalate"); n != 0 {
		t.Errorf("%d River jobs for the fast path's actions, want 0", n)
	}
	if p, _ := e.db.Post(t.Context(), practiceID, res.PostID); p.Status != store.StatusHidden {
		t.Errorf("post status %q", p.Status)
	}
	verifyAudit(t, e.db)
}

// work is what ingest hands the dispatcher for the post: its pending
// actions with the post and its (latest) decision, read from the store.
func (e *env) work(t *testing.T, postID int64) jobs.Work {
	t.Helper()
	p, err := e.db.Post(t.Context(), practiceID, postID)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := e.db.DecisionsForPost(t.Context(), practiceID, postID)
	if err != nil || len(ds) == 0 {
		t.Fatalf("decisions of post %d: %v, %d", postID, err, len(ds))
	}
	w := jobs.Work{Post: p, Decision: ds[len(ds)-1]}
	for _, a := range e.actions(t, postID) {
		if a.State == store.ActionPending && a.Kind != moderation.ActionHold {
			w.Actions = append(w.Actions, a)
		}
	}
	return w
}

// TestClaimRaceActsOnce races the fast path against itself (two dispatches
// of the same actions) and against River (a job for every action, as a
// sweeper or a redelivery would insert, running at the same time): every
// action is carried out once, and none is dead-lettered: a job that finds
// an action running under the fast path's live lease waits for it instead
// of taking it over (which would send a hide twice and dead-letter a
// reply as perhaps sent).
func TestClaimRaceActsOnce(t *testing.T) {
	e := newEnv(t, fast(jobs.DispatchConfig{Workers: 4}, 10*time.Millisecond),
		func(e *env) { e.wrap = func(p jobs.Platform) jobs.Platform { return slow{p} } })
	e.noDispatch = true // ingest leaves the actions pending; the test dispatches them
	e.open(t)
	d := e.w.NewDispatcher(e.q, jobs.DispatchConfig{Workers: 4})
	t.Cleanup(func() { d.Stop(context.Background()) })
	var evs []platform.Event
	var posts []int64
	for _, text := range []string{"You are an idiot", "Dr Hill was rude to me", "What an idiot, Dr Hill"} {
		ev := e.comment(t, text, time.Now())
		evs = append(evs, ev)
		posts = append(posts, e.ingest(t, ev).PostID)
	}
	for _, id := range posts {
		for _, a := range e.actions(t, id) {
			if a.Kind == moderation.ActionHold {
				continue
			}
			if err := e.db.WithTx(context.Background(), func(tx store.TxStore) error {
				_, err := e.q.InsertTx(context.Background(), tx, jobs.JobFor(a))
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.start(t) // River works its jobs while the fast path works the same actions
	var wg sync.WaitGroup
	for _, id := range posts {
		w := e.work(t, id)
		wg.Go(func() { d.Dispatch(w) })
		wg.Go(func() { d.Dispatch(w) })
	}
	wg.Wait()
	for _, id := range posts {
		e.settled(t, id)
	}
	quiet()
	for i, ev := range evs {
		if i == 1 {
			continue // a private reply only
		}
		if n := e.hides(ev.Ref.ObjectID); n != 1 {
			t.Errorf("post %d: %d hide calls, want 1", posts[i], n)
		}
	}
	if n := len(e.graph.Messages()); n != 2 {
		t.Errorf("%d private replies, want 2", n)
	}
	if n := len(e.notes.to("practice_manager")); n != 2 {
		t.Errorf("%d escalations, want 2", n)
	}
	for _, id := range posts {
		for _, a := range e.actions(t, id) {
			if a.Kind != moderation.ActionHold && a.State != store.ActionDone {
				t.Errorf("post %d: %s %s (%s)", id, a.Kind, a.State, a.LastError)
			}
		}
	}
	verifyAudit(t, e.db)
}

// TestSweeperRecoversActionsLeftByACrash: ingest commits the decision and
// its pending actions, then "dies" before dispatching. A new process's
// sweeper enqueues each action once (a second sweep adds nothing) and the
// queue carries them out once.
func TestSweeperRecoversActionsLeftByACrash(t *testing.T) {
	e := newEnv(t, fast(jobs.DispatchConfig{}, 50*time.Millisecond))
	e.noDispatch = true
	e.open(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	res := e.ingest(t, ev)
	if got := states(e.actions(t, res.PostID)); got[moderation.ActionHide] != store.ActionPending {
		t.Fatalf("after ingest: %v", got)
	}
	if n := e.riverJobs(t, "hide"); n != 0 {
		t.Fatalf("%d hide jobs after ingest, want 0", n)
	}
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	e.open(t) // the restarted process
	sw := e.sweeper()
	n, err := sw.Sweep(t.Context())
	if err != nil || n != 2 {
		t.Fatalf("first sweep = %d, %v; want 2 jobs (hide, escalate)", n, err)
	}
	if n, err := sw.Sweep(t.Context()); err != nil || n != 0 {
		t.Fatalf("second sweep = %d, %v; want 0: the jobs are already waiting", n, err)
	}
	e.start(t)
	e.settled(t, res.PostID)
	quiet()
	if n := e.hides(ev.Ref.ObjectID); n != 1 {
		t.Errorf("%d hide calls, want 1", n)
	}
	if n := len(e.notes.to("practice_manager")); n != 1 {
		t.Errorf("%d escalations, want 1", n)
	}
	if n, err := sw.Sweep(t.Context()); err != nil || n != 0 {
		t.Errorf("sweep after the work = %d, %v; want 0", n, err)
	}
	verifyAudit(t, e.db)
}

// gate holds every hide until released.
type gate struct {
	jobs.Platform
	open chan struct{}
}

func (g gate) Hide(ctx context.Context, r platform.Ref) error {
	select {
	case <-g.open:
	case <-ctx.Done():
		return ctx.Err()
	}
	return g.Platform.Hide(ctx, r)
}

// TestFullChannelFallsBackToSweeper: with one goroutine busy and the
// channel full, further decisions are refused, not dropped: the sweeper
// hands them to the queue, and every post is hidden once.
func TestFullChannelFallsBackToSweeper(t *testing.T) {
	g := gate{open: make(chan struct{})}
	e := newEnv(t, fast(jobs.DispatchConfig{Workers: 1, Buffer: 1, ActionTimeout: time.Minute}, 50*time.Millisecond),
		func(e *env) { e.wrap = func(p jobs.Platform) jobs.Platform { g.Platform = p; return g } })
	e.start(t)
	var evs []platform.Event
	var posts []int64
	for i := range 4 {
		ev := e.comment(t, "You are an idiot "+strings.Repeat("!", i), time.Now())
		evs = append(evs, ev)
		posts = append(posts, e.ingest(t, ev).PostID)
		if i == 0 {
			eventually(t, "the first hide to start", func() bool { // the goroutine has taken it off the channel
				return e.action(t, posts[0], moderation.ActionHide).State == store.ActionRunning
			})
		}
	}
	if full := e.d.Stats().Full.Load(); full < 2 {
		t.Fatalf("%d decisions refused, want at least 2 of 4 (one running, one waiting)", full)
	}
	close(g.open)
	// What the dispatcher took finishes; the rest wait, pending, for the sweeper.
	eventually(t, "the taken decisions to finish", func() bool {
		done := 0
		for _, id := range posts {
			if e.action(t, id, moderation.ActionHide).State == store.ActionDone {
				done++
			}
		}
		return done >= int(e.d.Stats().Taken.Load())
	})
	n, err := e.sweeper().Sweep(t.Context())
	if err != nil || n == 0 {
		t.Fatalf("sweep = %d, %v; want the refused decisions' jobs", n, err)
	}
	for _, id := range posts {
		e.settled(t, id)
	}
	quiet()
	for i, ev := range evs {
		if n := e.hides(ev.Ref.ObjectID); n != 1 {
			t.Errorf("post %d: %d hide calls, want 1", posts[i], n)
		}
	}
	if n := len(e.notes.to("practice_manager")); n != 4 {
		t.Errorf("%d escalations, want 4", n)
	}
	verifyAudit(t, e.db)
}

// TestFastPathRateLimitHandsOffAtRetryAt: the fast path's hide is rate
// limited for 0.7 s; it goes to River (with any action after it), which
// tries again no earlier than RetryAt.
func TestFastPathRateLimitHandsOffAtRetryAt(t *testing.T) {
	e := newEnv(t, fast(jobs.DispatchConfig{}, 50*time.Millisecond))
	ev := e.comment(t, "You are an idiot", time.Now())
	e.graph.FailNext(1, platformtest.GraphRateLimitUntil(32, time.Now(), 700*time.Millisecond))
	e.start(t)
	res := e.ingest(t, ev)
	as := e.settled(t, res.PostID)
	if got := states(as); got[moderation.ActionHide] != store.ActionDone || got[moderation.ActionEscalate] != store.ActionDone {
		t.Fatalf("action states %v", got)
	}
	calls := e.calls(http.MethodPost, ev.Ref.ObjectID)
	if len(calls) != 2 {
		t.Fatalf("%d hide calls, want the limited one and one after", len(calls))
	}
	if d := calls[1].Time.Sub(calls[0].Time); d < 600*time.Millisecond {
		t.Errorf("hide retried %v after the rate limit, before RetryAt", d)
	}
	if n := e.riverJobs(t, "hide"); n != 1 {
		t.Errorf("%d hide jobs, want 1 (the hand-off)", n)
	}
	if n := e.riverJobs(t, "escalate"); n != 0 {
		t.Errorf("%d escalate jobs, want 0 (escalations come first and the fast path did it)", n)
	}
	if n := e.d.Stats().HandedOff.Load(); n != 1 {
		t.Errorf("%d actions handed off, want 1", n)
	}
	var limited int
	for _, en := range verifyAudit(t, e.db) {
		if en.Kind == store.AuditFailed && strings.Contains(string(en.Detail), `"error":"rate_limited"`) {
			limited++
		}
	}
	if limited != 1 {
		t.Errorf("%d rate_limited failures in the audit log, want 1", limited)
	}
}

// TestFastPathPermanentFailureIsDeadLettered: an expired token stops the
// fast path's hide for good: dead, and the manager told to reconnect.
func TestFastPathPermanentFailureIsDeadLettered(t *testing.T) {
	e := newEnv(t, fast(jobs.DispatchConfig{}, time.Minute))
	e.graph.FailFraction(1, platformtest.GraphExpiredToken(), 1)
	e.start(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	res := e.ingest(t, ev)
	eventually(t, "the hide to be dead-lettered", func() bool {
		return e.action(t, res.PostID, moderation.ActionHide).State == store.ActionDead
	})
	eventually(t, "the manager to be told", func() bool {
		for _, m := range e.notes.to("practice_manager") {
			if strings.Contains(m.Subject, "Reconnect") {
				return true
			}
		}
		return false
	})
	if n := e.riverJobs(t, "hide"); n != 0 {
		t.Errorf("%d hide jobs for a permanent failure, want 0", n)
	}
	verifyAudit(t, e.db)
}

// TestHidesGoFirstUnderAFlood: with the one goroutine held up by the first
// comment's hide, more comments arrive. Once it is free, every comment's
// hide is done before any comment's delete: a later comment's hide does
// not wait behind an earlier comment's report, evidence and delete. Each
// decision's own order still holds (its delete after its hide), and
// everything is done once.
func TestHidesGoFirstUnderAFlood(t *testing.T) {
	g := gate{open: make(chan struct{})}
	e := newEnv(t, fast(jobs.DispatchConfig{Workers: 1, ActionTimeout: time.Minute}, time.Minute),
		func(e *env) { e.wrap = func(p jobs.Platform) jobs.Platform { g.Platform = p; return g } })
	e.start(t)
	var evs []platform.Event
	var posts []int64
	for i := range 5 {
		ev := e.comment(t, "This bloody place"+strings.Repeat("!", i), time.Now())
		evs = append(evs, ev)
		posts = append(posts, e.ingest(t, ev).PostID)
		if i == 0 {
			eventually(t, "the first hide to start", func() bool {
				return e.action(t, posts[0], moderation.ActionHide).State == store.ActionRunning
			})
		}
	}
	close(g.open)
	for _, id := range posts {
		if got := states(e.settled(t, id)); got[moderation.ActionHide] != store.ActionDone || got[moderation.ActionDelete] != store.ActionDone {
			t.Fatalf("post %d: action states %v", id, got)
		}
	}
	var lastHide, firstDelete int = -1, -1
	for i, c := range e.graph.Calls() {
		switch {
		case c.Method == http.MethodPost && c.Form.Get("is_hidden") == "true":
			lastHide = i
		case c.Method == http.MethodDelete && firstDelete < 0:
			firstDelete = i
		}
	}
	if lastHide < 0 || firstDelete < 0 || lastHide > firstDelete {
		t.Errorf("graph call %d is the last hide, %d the first delete: a hide waited behind an earlier comment's delete", lastHide, firstDelete)
	}
	for i, ev := range evs {
		if n := e.hides(ev.Ref.ObjectID); n != 1 {
			t.Errorf("post %d: %d hide calls, want 1", posts[i], n)
		}
		if n := len(e.calls(http.MethodDelete, ev.Ref.ObjectID)); n != 1 {
			t.Errorf("post %d: %d delete calls, want 1", posts[i], n)
		}
	}
	if n := e.riverJobs(t, "delete") + e.riverJobs(t, "hide"); n != 0 {
		t.Errorf("%d River jobs: the fast path should have done it all", n)
	}
	verifyAudit(t, e.db)
}

// TestDeadRunsClaimWaitsForItsLease: a process dies holding a claim (the
// hide running, its lease taken). While the lease is live, neither the
// sweeper nor a River job takes the hide over; once it has expired, the
// sweeper's job does, and the hide is done once.
func TestDeadRunsClaimWaitsForItsLease(t *testing.T) {
	const lease = 1500 * time.Millisecond
	e := newEnv(t, fast(jobs.DispatchConfig{}, 50*time.Millisecond), func(e *env) { e.lease = lease })
	e.noDispatch = true
	e.open(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	res := e.ingest(t, ev)
	hide := e.action(t, res.PostID, moderation.ActionHide)
	claimedAt := time.Now()
	if ok, err := e.db.ClaimAction(t.Context(), practiceID, hide.ID, []store.ActionState{store.ActionPending}, store.ActionRunning, claimedAt); err != nil || !ok {
		t.Fatalf("the dead run's claim = %v, %v", ok, err)
	}
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	e.open(t) // the restarted process
	sw := &jobs.Sweeper{Store: e.db, Queue: e.q, After: time.Nanosecond, RunningAfter: lease}
	n, err := sw.Sweep(t.Context())
	switch {
	case err != nil:
		t.Fatal(err)
	case time.Since(claimedAt) < lease && n != 1:
		// The sweep ended inside the lease, so it began inside it too.
		t.Fatalf("sweep under the live lease = %d; want 1 (the escalation, not the hide)", n)
	case n != 1 && n != 2:
		t.Fatalf("sweep = %d; want 1 (the escalation), or 2 once the lease has run out", n)
	case n == 2:
		t.Logf("the machine was slow: the lease ran out before the sweep ended, so the hide was swept too")
	}
	// A job for the hide anyway (a redelivery): it waits for the lease.
	if err := e.db.WithTx(t.Context(), func(tx store.TxStore) error {
		_, err := e.q.InsertTx(t.Context(), tx, jobs.JobFor(hide))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e.start(t)
	eventually(t, "the escalation", func() bool { return e.action(t, res.PostID, moderation.ActionEscalate).State == store.ActionDone })
	if time.Since(claimedAt) < lease-200*time.Millisecond {
		if n := e.hides(ev.Ref.ObjectID); n != 0 {
			t.Errorf("%d hide calls under the dead run's live lease, want 0", n)
		}
	}
	eventually(t, "the hide to be taken over after the lease", func() bool {
		return e.action(t, res.PostID, moderation.ActionHide).State == store.ActionDone
	})
	calls := e.calls(http.MethodPost, ev.Ref.ObjectID)
	if len(calls) != 1 {
		t.Fatalf("%d hide calls, want 1", len(calls))
	}
	if calls[0].Time.Before(claimedAt.Add(lease)) {
		t.Errorf("hide taken over %v after the claim, before its %v lease expired", calls[0].Time.Sub(claimedAt), lease)
	}
	if n, err := sw.Sweep(t.Context()); err != nil || n != 0 {
		t.Errorf("sweep after the work = %d, %v; want 0", n, err)
	}
	verifyAudit(t, e.db)
}

// TestSweepIsBounded: a sweep inserts at most Max jobs, oldest first; the
// next carries on where the waiting jobs end, and none is inserted twice.
func TestSweepIsBounded(t *testing.T) {
	e := newEnv(t, fast(jobs.DispatchConfig{}, time.Minute))
	e.noDispatch = true
	e.open(t)
	var want int
	for i := range 4 {
		res := e.ingest(t, e.comment(t, fmt.Sprintf("You are an idiot %d", i), time.Now()))
		want += len(e.actions(t, res.PostID))
	}
	sw := e.sweeper()
	sw.Max, sw.Page = 3, 2
	total := 0
	for range 10 {
		n, err := sw.Sweep(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n > 3 {
			t.Fatalf("one sweep inserted %d jobs, want at most 3", n)
		}
		total += n
		if n == 0 {
			break
		}
	}
	if got := e.riverJobs(t, "hide") + e.riverJobs(t, "escalate"); total != want || got != want {
		t.Errorf("sweeps inserted %d jobs, River holds %d; want %d, one per action", total, got, want)
	}
}

// deleteGate holds every delete until released.
type deleteGate struct {
	jobs.Platform
	open chan struct{}
}

func (g deleteGate) Delete(ctx context.Context, r platform.Ref) error {
	select {
	case <-g.open:
	case <-ctx.Done():
		return ctx.Err()
	}
	return g.Platform.Delete(ctx, r)
}

// TestHighWorkersKeepHidesMoving: with every goroutine that takes the low
// lane held by a slow delete, a new comment's hide is still done at once
// by a goroutine kept for the high lane; the deletes finish once released.
func TestHighWorkersKeepHidesMoving(t *testing.T) {
	g := deleteGate{open: make(chan struct{})}
	e := newEnv(t, fast(jobs.DispatchConfig{Workers: 2, HighWorkers: 1, ActionTimeout: time.Minute}, time.Minute),
		func(e *env) { e.wrap = func(p jobs.Platform) jobs.Platform { g.Platform = p; return g } })
	e.start(t)
	var posts []int64
	for i := range 2 {
		posts = append(posts, e.ingest(t, e.comment(t, "This bloody place"+strings.Repeat("!", i), time.Now())).PostID)
	}
	eventually(t, "a delete to be held", func() bool {
		return e.action(t, posts[0], moderation.ActionDelete).State == store.ActionRunning ||
			e.action(t, posts[1], moderation.ActionDelete).State == store.ActionRunning
	})
	late := e.ingest(t, e.comment(t, "This bloody place again", time.Now())).PostID
	eventually(t, "the late comment's hide while the deletes are held", func() bool {
		return e.action(t, late, moderation.ActionHide).State == store.ActionDone
	})
	close(g.open)
	for _, id := range append(posts, late) {
		if got := states(e.settled(t, id)); got[moderation.ActionHide] != store.ActionDone || got[moderation.ActionDelete] != store.ActionDone {
			t.Fatalf("post %d: action states %v", id, got)
		}
	}
	verifyAudit(t, e.db)
}
