package jobs

import (
	"context"
	"errors"
	"sync"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Priority orders the writes waiting for a Committer's next transaction.
type Priority int

// The priorities, first served first.
const (
	// PriorityHigh: a hide's or an escalation's claim and outcome, whose
	// latency is what a flood must not stretch.
	PriorityHigh Priority = iota
	// PriorityNormal: ingest (a webhook waits for its commit to be acked).
	PriorityNormal
	// PriorityLow: replies, reports, deletes and their evidence.
	PriorityLow
	priorities
)

// Committer commits the store writes of concurrent callers together (a
// group commit): while one transaction commits, the writes that arrive
// queue up, and the next transaction carries up to max of them, the
// highest priority first (a quarter of the room kept for low writes). On SQLite's one connection that turns many
// short transactions (webhooks' ingests, the fast path's claims and
// outcomes), each queued behind the others in no order, into a few, and a
// hide's write waits for at most the transaction in progress. Each caller
// still returns only once its own write has committed (or failed), so
// nothing it does next runs ahead of its record, and one caller's failing
// write does not fail the others'. There is no goroutine of its own: the
// caller that finds no commit in progress leads, and hands the lead to the
// first waiting caller of the highest priority when it is done. Safe for
// concurrent use.
type Committer struct {
	store store.Store
	max   int // writes in one transaction

	mu     sync.Mutex
	queues [priorities][]*groupWrite
	busy   bool // a leader is committing
}

// NewCommitter returns a Committer whose transactions each carry at most
// max writes (64 if max <= 0).
func NewCommitter(st store.Store, max int) *Committer {
	if max <= 0 {
		max = 64
	}
	return &Committer{store: st, max: max}
}

// Waiting returns how many writes wait for a transaction (not counting
// those of the transaction in progress).
func (c *Committer) Waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, q := range c.queues {
		n += len(q)
	}
	return n
}

type groupWrite struct {
	fn   func(tx store.TxStore) error
	done chan error // the outcome, or errLead
}

// errLead tells a waiting caller to lead the next commit.
var errLead = errors.New("lead the next group commit")

// Do runs fn in a transaction shared with other callers' writes and
// returns once that transaction has committed (nil) or fn's write has
// failed (fn's error, and nothing fn wrote is kept). fn may run more than
// once (a shared transaction that failed is retried write by write), so
// it must only set, never accumulate. ctx's values, not its end, reach
// the transaction: a write that has been queued is carried out.
func (c *Committer) Do(ctx context.Context, p Priority, fn func(tx store.TxStore) error) error {
	p = min(max(p, PriorityHigh), PriorityLow)
	w := &groupWrite{fn: fn, done: make(chan error, 1)}
	c.mu.Lock()
	c.queues[p] = append(c.queues[p], w)
	if c.busy {
		c.mu.Unlock()
		if err := <-w.done; err != errLead {
			return err
		}
		c.mu.Lock() // w leads: it is first in the highest queue
	}
	c.busy = true
	// High first; a quarter of the room kept for low writes, so a flood
	// of ingests does not starve the runs that wait on them.
	var batch []*groupWrite
	take := func(q Priority, room int) {
		n := min(len(c.queues[q]), room)
		batch = append(batch, c.queues[q][:n]...)
		c.queues[q] = append(c.queues[q][:0], c.queues[q][n:]...)
	}
	take(PriorityHigh, c.max)
	take(PriorityLow, min(c.max-len(batch), max(c.max/4, 1)))
	take(PriorityNormal, c.max-len(batch))
	take(PriorityLow, c.max-len(batch))
	c.mu.Unlock()

	c.commit(context.WithoutCancel(ctx), batch)

	c.mu.Lock()
	c.busy = false
	for q := range c.queues {
		if len(c.queues[q]) > 0 {
			c.busy = true
			c.queues[q][0].done <- errLead
			break
		}
	}
	c.mu.Unlock()
	return <-w.done
}

// commit runs the writes in one transaction and tells each its outcome. If
// the transaction fails, each write is tried again in one of its own, so
// one bad write does not fail the others.
func (c *Committer) commit(ctx context.Context, batch []*groupWrite) {
	err := c.store.WithTx(ctx, func(tx store.TxStore) error {
		bt := newChainTx(tx)
		for _, w := range batch {
			if err := w.fn(bt); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || len(batch) == 1 {
		for _, w := range batch {
			w.done <- err
		}
		return
	}
	for _, w := range batch {
		w.done <- c.store.WithTx(ctx, func(tx store.TxStore) error { return w.fn(newChainTx(tx)) })
	}
}

// chainTx is a transaction whose audit appends read each practice's
// chain head once (audit.Batch).
type chainTx struct {
	store.TxStore
	log *audit.Batch
}

func newChainTx(tx store.TxStore) *chainTx { return &chainTx{TxStore: tx, log: audit.NewBatch(tx)} }

// LastAudit returns the entry last appended through t, or the store's.
func (t *chainTx) LastAudit(ctx context.Context, practiceID string) (store.AuditEntry, error) {
	return t.log.LastAudit(ctx, practiceID)
}

// InsertAudit stores e and takes it as its practice's head.
func (t *chainTx) InsertAudit(ctx context.Context, e *store.AuditEntry) error {
	return t.log.InsertAudit(ctx, e)
}
