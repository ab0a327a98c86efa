package jobs

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// The fast path. The actions table is the outbox: ingest commits a
// decision's actions as pending, in the same transaction as the decision
// and its audit entry, and no job. Then it hands the actions to a
// Dispatcher, which carries them out at once, in process, with the same
// code a River job runs (Workers.attempt), so a hide does not wait for
// River's poll, nor ingest for River's inserts.
//
// Nothing depends on the fast path for durability:
//   - a decision the Dispatcher cannot take (its channel is full, it is
//     stopping, the process dies before or during the work) stays pending
//     (or running) in the table, and the Sweeper, a periodic job, gives
//     River a job for each action left behind;
//   - an action that must wait (a rate limit with its RetryAt, a temporary
//     failure, a delete waiting for its hide) is handed to River, with the
//     decision's actions after it, and River's retries, snoozes and dead
//     letters take over as for any job;
//   - every run claims its action first (store.ActionClaims), so the fast
//     path, River jobs and other instances never carry out an action twice.

// DispatchConfig configures a Dispatcher. Zero fields take the defaults shown.
type DispatchConfig struct {
	Workers int // goroutines carrying out decisions; 4
	Buffer  int // decisions waiting for a goroutine; 1024
	// ActionTimeout bounds one action's run (its platform calls and
	// records); 10 s. An action that runs out of time is handed to River
	// as a job that ran out of time: a hide is done again, a reply that
	// may have gone is dead-lettered for a person.
	ActionTimeout time.Duration
	// MaxWait is how long a decision may wait in the channel; 10 s. One
	// that waited longer is left to the Sweeper, so the fast path only
	// ever works on actions younger than the Sweeper's cut-offs.
	MaxWait time.Duration
	// RetryAfter is how long a failed action's job waits before its next
	// try, by attempt; queue.DefaultBackoff. A rate limit's RetryAt wins.
	RetryAfter func(attempt int) time.Duration
	Now        func() time.Time // time.Now when nil
	// Observe, when set, is told each fast-path attempt's outcome ("done",
	// "failed" when handed to the queue to retry, "dead"), so metrics count
	// the fast path like the queue's jobs. A wait for an earlier action
	// (Later) is not an outcome.
	Observe func(kind moderation.ActionKind, outcome string)
}

// Dispatcher carries out decisions' actions at once; see the comment at
// the top of this file. Safe for concurrent use.
type Dispatcher struct {
	w     *Workers
	q     queue.UniqueInserter
	cfg   DispatchConfig
	ch    chan batch
	ctx   context.Context
	stop  context.CancelFunc
	wg    sync.WaitGroup
	mu    sync.RWMutex // guards closed and sends on ch
	shut  bool
	stats DispatchStats
}

// DispatchStats count what a Dispatcher did.
type DispatchStats struct {
	Taken     atomic.Int64 // decisions accepted
	Full      atomic.Int64 // decisions refused because the channel was full (left to the sweeper)
	Stale     atomic.Int64 // decisions that waited past MaxWait (left to the sweeper)
	HandedOff atomic.Int64 // actions handed to River
}

// batch is one decision's actions, in their stored order.
type batch struct {
	practiceID string
	actions    []store.Action
	at         time.Time
}

// NewDispatcher starts a Dispatcher whose waits and retries go to q as
// jobs. Stop it before the queue.
func (w *Workers) NewDispatcher(q queue.UniqueInserter, cfg DispatchConfig) *Dispatcher {
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Buffer <= 0 {
		cfg.Buffer = 1024
	}
	if cfg.ActionTimeout <= 0 {
		cfg.ActionTimeout = 10 * time.Second
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 10 * time.Second
	}
	if cfg.RetryAfter == nil {
		cfg.RetryAfter = queue.DefaultBackoff
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &Dispatcher{w: w, q: q, cfg: cfg, ch: make(chan batch, cfg.Buffer), ctx: ctx, stop: cancel}
	for range cfg.Workers {
		d.wg.Go(d.loop)
	}
	return d
}

// Stats returns the Dispatcher's counters.
func (d *Dispatcher) Stats() *DispatchStats { return &d.stats }

// Dispatch offers a committed decision's pending actions, in their stored
// order, and reports whether it took them. It never blocks: when the
// channel is full or the Dispatcher is stopping, the actions stay pending
// for the Sweeper.
func (d *Dispatcher) Dispatch(practiceID string, actions []store.Action) bool {
	if len(actions) == 0 {
		return true
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.shut {
		return false
	}
	select {
	case d.ch <- batch{practiceID: practiceID, actions: actions, at: d.cfg.Now()}:
		d.stats.Taken.Add(1)
		return true
	default:
		d.stats.Full.Add(1)
		d.w.log.Warn("dispatch channel full; the sweeper will hand the decision to the queue", "practice", practiceID, "action", actions[0].ID)
		return false
	}
}

// Stop takes no more decisions and waits for those taken to finish, until
// ctx ends; then it cancels the runs in progress (their actions are left
// for the Sweeper) and returns ctx's error.
func (d *Dispatcher) Stop(ctx context.Context) error {
	d.mu.Lock()
	if !d.shut {
		d.shut = true
		close(d.ch)
	}
	d.mu.Unlock()
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
		d.stop()
		return nil
	case <-ctx.Done():
		d.stop()
		<-done
		return ctx.Err()
	}
}

func (d *Dispatcher) loop() {
	for b := range d.ch {
		if d.ctx.Err() != nil {
			continue // stopping: left pending for the sweeper
		}
		if waited := d.cfg.Now().Sub(b.at); waited > d.cfg.MaxWait {
			d.stats.Stale.Add(1)
			d.w.log.Warn("decision waited too long for the fast path; left to the sweeper", "practice", b.practiceID,
				"action", b.actions[0].ID, "waited", waited)
			continue
		}
		d.run(b)
	}
}

// run carries out one decision's actions in order, handing to River the
// first that must wait or be retried and every one after it.
func (d *Dispatcher) run(b batch) {
	for i, a := range b.actions {
		job := queue.Running{Kind: string(a.Kind), Payload: JobFor(a).Payload, Attempt: 1, MaxAttempts: 1}
		actx, cancel := context.WithTimeout(d.ctx, d.cfg.ActionTimeout)
		err := d.w.attempt(actx, job, Payload{PracticeID: b.practiceID, ActionID: a.ID}, a.Kind, false)
		timedOut := actx.Err() != nil
		cancel()
		var rl *platform.RateLimitError
		now := d.cfg.Now()
		switch {
		case err == nil:
			d.observe(a.Kind, "done")
			continue
		case d.ctx.Err() != nil:
			// Stopping: this action is left as the cancelled run left it,
			// the rest pending; the sweeper hands them to River.
			return
		case timedOut:
			d.observe(a.Kind, "failed")
			d.handOff(b.practiceID, b.actions[i:], now)
		case queue.IsLater(err):
			d.handOff(b.practiceID, b.actions[i:], now.Add(waitForHide))
		case queue.IsPermanent(err):
			d.observe(a.Kind, "dead")
			// failed has recorded it; dead-letter it as River would.
			d.w.OnDead(d.ctx, queue.DeadJob{Running: job, Err: err, Permanent: true})
			continue
		case errors.As(err, &rl) && !rl.RetryAt.IsZero():
			d.observe(a.Kind, "failed")
			d.handOff(b.practiceID, b.actions[i:], rl.RetryAt)
		default:
			d.observe(a.Kind, "failed")
			d.handOff(b.practiceID, b.actions[i:], now.Add(d.cfg.RetryAfter(1)))
		}
		d.w.log.Info("action handed to the queue", "practice", b.practiceID, "action", a.ID, "kind", a.Kind, "err", err)
		return
	}
}

// handOff gives River a job for each action, to run at at, in one
// transaction; a job already waiting for an action is not doubled. If it
// fails, the actions are left for the sweeper.
func (d *Dispatcher) observe(k moderation.ActionKind, outcome string) {
	if d.cfg.Observe != nil {
		d.cfg.Observe(k, outcome)
	}
}

func (d *Dispatcher) handOff(practiceID string, actions []store.Action, at time.Time) {
	ctx := context.WithoutCancel(d.ctx)
	err := d.w.store.WithTx(ctx, func(tx store.TxStore) error {
		for _, a := range actions {
			a.PracticeID = practiceID
			job := JobFor(a)
			job.RunAt = at
			if _, _, err := d.q.InsertUniqueTx(ctx, tx, job); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		d.w.log.Error("handing actions to the queue; the sweeper will", "practice", practiceID, "action", actions[0].ID, "err", err)
		return
	}
	d.stats.HandedOff.Add(int64(len(actions)))
}
