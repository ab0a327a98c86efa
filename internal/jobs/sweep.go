package jobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// JobSweep is the periodic job that finds actions nobody is carrying out
// and gives River a job for each (see Sweeper).
const JobSweep = "sweep_actions"

// Sweeper is the fast path's safety net. Run on a schedule (a periodic job
// on the queue's leader), it finds actions left pending or failed for
// longer than After (by when they were created), or running under a lease
// older than RunningAfter, and inserts a River job for each with River's
// uniqueness by payload: an action whose job already waits, is scheduled
// (a rate limit's RetryAt), retrying or running gets no second one, so two
// sweeps never enqueue one action twice. It covers a crash between
// ingest's commit and the fast path, a full dispatch channel, a hand-off
// that failed, and an instance killed mid-action. Set Store and Queue
// before the queue starts.
type Sweeper struct {
	Store store.Store
	Queue queue.UniqueInserter
	// After is how old a pending or failed action must be to be swept;
	// 30 s. Younger than the Dispatcher's MaxWait: after a crash, River
	// soon has what the fast path lost; where both reach an action, the
	// claims keep it from being done twice.
	After time.Duration
	// RunningAfter is how old a running action's lease must be for it to
	// be taken for the leftover of a dead run; 2 min. The workers' Lease:
	// a job inserted earlier would only wait for the lease to expire.
	RunningAfter time.Duration
	// Max bounds the jobs one sweep inserts; 1000. Under a flood the fast
	// path falls behind and many actions look left behind at once: River
	// takes them at its own pace, and inserting them all at once (unique
	// inserts, on SQLite's one connection) would only starve the fast path
	// and ingest. The next sweep carries on from the oldest.
	Max    int
	Page   int              // actions read and enqueued per transaction; 200
	Now    func() time.Time // time.Now when nil
	Logger *slog.Logger     // discards when nil
}

// Run is the JobSweep handler.
func (s *Sweeper) Run(ctx context.Context, _ queue.Running) error {
	_, err := s.Sweep(ctx)
	return err
}

// Sweep enqueues a job for every action left behind and returns how many
// it inserted (not counting those whose job was already waiting).
func (s *Sweeper) Sweep(ctx context.Context) (int, error) {
	if s.Store == nil || s.Queue == nil {
		return 0, errors.New("sweeping actions: store and queue are required")
	}
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	after, running, page, most := s.After, s.RunningAfter, s.Page, s.Max
	if after <= 0 {
		after = 30 * time.Second
	}
	if running <= 0 {
		running = 2 * time.Minute
	}
	if page <= 0 {
		page = 200
	}
	if most <= 0 {
		most = 1000
	}
	log := s.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var last int64
	inserted := 0
	for inserted < most {
		limit := min(page, most-inserted)
		as, err := s.Store.StaleActions(ctx, now.Add(-after), now.Add(-running), last, limit)
		if err != nil {
			return inserted, fmt.Errorf("sweeping actions: %w", err)
		}
		if len(as) == 0 {
			break
		}
		n := 0
		err = s.Store.WithTx(ctx, func(tx store.TxStore) error {
			n = 0
			for _, a := range as {
				_, skipped, err := s.Queue.InsertUniqueTx(ctx, tx, JobFor(a))
				if err != nil {
					return err
				}
				if !skipped {
					n++
				}
			}
			return nil
		})
		if err != nil {
			return inserted, fmt.Errorf("sweeping actions: %w", err)
		}
		inserted += n
		last = as[len(as)-1].ID
		if len(as) < limit {
			break
		}
	}
	if inserted > 0 {
		log.Warn("swept actions the fast path left behind into the queue", "jobs", inserted)
	}
	return inserted, nil
}
