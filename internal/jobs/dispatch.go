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
// Dispatcher, with the post and decision it has in hand, which carries
// them out at once, in process, with the same code a River job runs
// (Workers.carryOut), so a hide does not wait for River's poll, nor ingest
// for River's inserts, nor the fast path for reading back what ingest
// just wrote.
//
// Hides first: a decision's leading escalation and hide go on the high
// lane; its other actions (replies, reports, the delete) follow, in their
// order, on the low lane, which goroutines take from only when the high
// lane is empty. So under a flood a comment's hide waits for earlier
// comments' hides, not for their replies and deletes.
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
//   - every run claims its action first, with a lease (store.ActionClaims),
//     so the fast path, River jobs and other instances never carry out an
//     action twice; a job finding an action under a live lease waits.

// DispatchConfig configures a Dispatcher. Zero fields take the defaults shown.
type DispatchConfig struct {
	// Workers is how many goroutines carry out decisions; 32. They mostly
	// wait (for the platform, for the store), and the more wait at once
	// the more writes each group commit carries.
	Workers int
	// HighWorkers is how many of the Workers take only the high lane;
	// Workers/2 when 0. Without them a flood's replies, reports and
	// deletes, each waiting on its writes, could hold every goroutine
	// while hides wait.
	HighWorkers int
	// Buffer is how many decisions may wait for a goroutine, per lane;
	// 16384 (a decision holds its post: some 30 MiB a lane when full).
	Buffer int
	// ActionTimeout bounds one action's run (its platform calls and
	// records); 10 s. An action that runs out of time is handed to River
	// as a job that ran out of time, its lease given up: a hide is done
	// again, a reply that may have gone is dead-lettered for a person.
	ActionTimeout time.Duration
	// MaxWait is how long a decision may wait in a lane; 2 min. One that
	// waited longer is left to the Sweeper. Under a flood the fast path
	// works through its backlog far faster than River (which the Sweeper
	// feeds at most Sweeper.Max jobs a sweep); where both reach an
	// action, the claims keep it from being done twice.
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

// Work is a committed decision's pending actions, in their stored order,
// with the post and decision (labels and findings) as ingest stored them.
type Work struct {
	Post     store.Post
	Decision store.Decision
	Actions  []store.Action
}

// Dispatcher carries out decisions' actions at once; see the comment at
// the top of this file. Safe for concurrent use.
type Dispatcher struct {
	w         *Workers
	q         queue.UniqueInserter
	cfg       DispatchConfig
	high, low chan *batch
	ctx       context.Context
	stop      context.CancelFunc
	wg        sync.WaitGroup // the goroutines
	inflight  sync.WaitGroup // decisions taken and not yet finished
	mu        sync.RWMutex   // guards shut and the inflight count
	shut      bool
	stats     DispatchStats
}

// DispatchStats count what a Dispatcher did.
type DispatchStats struct {
	Taken     atomic.Int64 // decisions accepted
	Full      atomic.Int64 // decisions (or their low-lane remainders) refused because a lane was full (left to the sweeper)
	Stale     atomic.Int64 // decisions that waited past MaxWait (left to the sweeper)
	HandedOff atomic.Int64 // actions handed to River
}

// batch is what is left to do of one decision.
type batch struct {
	work *Work
	// next are the actions for the lane the batch is on; rest, those for
	// the low lane after them.
	next, rest []store.Action
	at         time.Time // when it was dispatched
	// unsure counts the decision's hides and replies not yet known final:
	// at 0 its delete need not look (hiddenFirst).
	unsure int
}

// urgent reports whether an action goes on the high lane when it leads its
// decision.
func urgent(k moderation.ActionKind) bool {
	return k == moderation.ActionEscalate || k == moderation.ActionHide
}

// comesFirst reports whether a delete waits for an action of kind k.
func comesFirst(k moderation.ActionKind) bool {
	return k == moderation.ActionHide || k == moderation.ActionReply || k == moderation.ActionPrivateReply
}

// NewDispatcher starts a Dispatcher whose waits and retries go to q as
// jobs. Stop it before the queue.
func (w *Workers) NewDispatcher(q queue.UniqueInserter, cfg DispatchConfig) *Dispatcher {
	if cfg.Workers <= 0 {
		cfg.Workers = 32
	}
	if cfg.HighWorkers <= 0 || cfg.HighWorkers >= cfg.Workers {
		cfg.HighWorkers = cfg.Workers / 2
	}
	if cfg.Buffer <= 0 {
		cfg.Buffer = 16384
	}
	if cfg.ActionTimeout <= 0 {
		cfg.ActionTimeout = 10 * time.Second
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 2 * time.Minute
	}
	if cfg.RetryAfter == nil {
		cfg.RetryAfter = queue.DefaultBackoff
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &Dispatcher{w: w, q: q, cfg: cfg, high: make(chan *batch, cfg.Buffer), low: make(chan *batch, cfg.Buffer),
		ctx: ctx, stop: cancel}
	for range cfg.Workers - cfg.HighWorkers {
		d.wg.Go(d.loop)
	}
	for range cfg.HighWorkers {
		d.wg.Go(d.loopHigh)
	}
	return d
}

// Stats returns the Dispatcher's counters.
func (d *Dispatcher) Stats() *DispatchStats { return &d.stats }

// Dispatch offers a committed decision's pending actions and reports
// whether it took them. It never blocks: when a lane is full or the
// Dispatcher is stopping, the actions stay pending for the Sweeper.
func (d *Dispatcher) Dispatch(wk Work) bool {
	if len(wk.Actions) == 0 {
		return true
	}
	lead := 0
	for lead < len(wk.Actions) && urgent(wk.Actions[lead].Kind) {
		lead++
	}
	b := &batch{work: &wk, next: wk.Actions[:lead], rest: wk.Actions[lead:], at: d.cfg.Now()}
	for _, a := range wk.Actions {
		if comesFirst(a.Kind) {
			b.unsure++
		}
	}
	lane := d.high
	if lead == 0 {
		lane, b.next, b.rest = d.low, b.rest, nil
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.shut {
		return false
	}
	d.inflight.Add(1)
	select {
	case lane <- b:
		d.stats.Taken.Add(1)
		return true
	default:
		d.inflight.Done()
		d.stats.Full.Add(1)
		d.w.log.Warn("dispatch lane full; the sweeper will hand the decision to the queue", "practice", wk.Post.PracticeID, "action", wk.Actions[0].ID)
		return false
	}
}

// Stop takes no more decisions and waits for those taken to finish, until
// ctx ends; then it cancels the runs in progress (their actions are left
// for the Sweeper) and returns ctx's error.
func (d *Dispatcher) Stop(ctx context.Context) error {
	d.mu.Lock()
	d.shut = true
	d.mu.Unlock()
	done := make(chan struct{})
	go func() { d.inflight.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	d.stop()
	d.wg.Wait()
	// What no goroutine took is left pending for the sweeper.
	for _, lane := range []chan *batch{d.high, d.low} {
		for len(lane) > 0 {
			<-lane
			d.inflight.Done()
		}
	}
	<-done
	return err
}

// loop takes batches, the high lane's first, until the Dispatcher stops.
func (d *Dispatcher) loop() {
	for {
		var b *batch
		select {
		case b = <-d.high:
		default:
			select {
			case b = <-d.high:
			case b = <-d.low:
			case <-d.ctx.Done():
				return
			}
		}
		d.take(b)
	}
}

// loopHigh takes batches from the high lane only, until the Dispatcher
// stops.
func (d *Dispatcher) loopHigh() {
	for {
		select {
		case b := <-d.high:
			d.take(b)
		case <-d.ctx.Done():
			return
		}
	}
}

// take carries out a batch and, once its high-lane part is done, puts the
// rest on the low lane.
func (d *Dispatcher) take(b *batch) {
	if d.ctx.Err() != nil {
		d.inflight.Done() // stopping: left pending for the sweeper
		return
	}
	pid := b.work.Post.PracticeID
	if waited := d.cfg.Now().Sub(b.at); waited > d.cfg.MaxWait {
		d.stats.Stale.Add(1)
		d.w.log.Warn("decision waited too long for the fast path; left to the sweeper", "practice", pid,
			"action", b.next[0].ID, "waited", waited)
		d.inflight.Done()
		return
	}
	if !d.run(b) || len(b.rest) == 0 || d.ctx.Err() != nil {
		d.inflight.Done()
		return
	}
	b.next, b.rest = b.rest, nil
	select {
	case d.low <- b:
	default:
		d.stats.Full.Add(1)
		d.w.log.Warn("dispatch low lane full; the sweeper will hand the rest of the decision to the queue", "practice", pid, "action", b.next[0].ID)
		d.inflight.Done()
	}
}

// run carries out the batch's next actions in order, handing to River the
// first that must wait or be retried and every one after it (the rest
// included), and reports whether it got through them all.
func (d *Dispatcher) run(b *batch) bool {
	pid := b.work.Post.PracticeID
	for i, a := range b.next {
		a.PracticeID = pid
		job := queue.Running{Kind: string(a.Kind), Payload: JobFor(a).Payload, Attempt: 1, MaxAttempts: 1}
		won, err := d.w.claim(d.ctx, a, []store.ActionState{store.ActionPending}, d.cfg.Now())
		if err != nil {
			if d.ctx.Err() == nil {
				d.w.log.Error("claiming an action; the sweeper will hand it to the queue", "practice", pid, "action", a.ID, "err", err)
			}
			return false
		}
		if !won {
			// Another run has it (a River job, another dispatch); it
			// carries it out, and a delete after it looks for itself.
			d.w.log.Info("action claimed by another run; left to it", "practice", pid, "action", a.ID)
			continue
		}
		actx, cancel := context.WithTimeout(d.ctx, d.cfg.ActionTimeout)
		err = d.w.carryOut(actx, run{job: job, a: a, post: b.work.Post, dec: &b.work.Decision, firstDone: b.unsure == 0})
		timedOut := actx.Err() != nil
		cancel()
		var rl *platform.RateLimitError
		now := d.cfg.Now()
		rest := func() []store.Action { return append(b.next[i:len(b.next):len(b.next)], b.rest...) }
		switch {
		case err == nil:
			d.observe(a.Kind, "done")
			if comesFirst(a.Kind) {
				b.unsure--
			}
			continue
		case d.ctx.Err() != nil:
			// Stopping: this action is left as the cancelled run left it,
			// the rest pending; the sweeper hands them to River.
			return false
		case timedOut:
			d.observe(a.Kind, "failed")
			d.release(a)
			d.handOff(pid, rest(), now)
		case queue.IsLater(err):
			d.handOff(pid, rest(), now.Add(waitForHide))
		case queue.IsPermanent(err):
			d.observe(a.Kind, "dead")
			// failed has recorded it; dead-letter it as River would.
			d.w.OnDead(d.ctx, queue.DeadJob{Running: job, Err: err, Permanent: true})
			if comesFirst(a.Kind) {
				b.unsure--
			}
			continue
		case errors.As(err, &rl) && !rl.RetryAt.IsZero():
			d.observe(a.Kind, "failed")
			d.handOff(pid, rest(), rl.RetryAt)
		default:
			d.observe(a.Kind, "failed")
			d.handOff(pid, rest(), now.Add(d.cfg.RetryAfter(1)))
		}
		d.w.log.Info("action handed to the queue", "practice", pid, "action", a.ID, "kind", a.Kind, "err", err)
		return false
	}
	return true
}

// release gives up the lease on an action whose run ran out of time and
// may have left it half done, so the job it is handed to takes it over at
// once instead of waiting for the lease to expire.
func (d *Dispatcher) release(a store.Action) {
	ctx := context.WithoutCancel(d.ctx)
	running := []store.ActionState{store.ActionRunning}
	if _, err := d.w.store.ClaimAction(ctx, a.PracticeID, a.ID, running, store.ActionRunning, time.Time{}); err != nil {
		d.w.log.Error("giving up a lease; the job waits for it to expire", "practice", a.PracticeID, "action", a.ID, "err", err)
	}
}

func (d *Dispatcher) observe(k moderation.ActionKind, outcome string) {
	if d.cfg.Observe != nil {
		d.cfg.Observe(k, outcome)
	}
}

// handOff gives River a job for each action, to run at at, in one
// transaction; a job already waiting for an action is not doubled. If it
// fails, the actions are left for the sweeper.
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
