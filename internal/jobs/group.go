package jobs

import (
	"context"
	"errors"
	"sync"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// group commits the store writes of concurrent runs (claims, outcomes,
// failures, evidence) together: while one transaction commits, the writes
// that arrive queue up, and the next transaction carries all of them. On
// SQLite's one connection that turns many short transactions, each queued
// behind the webhooks' ones, into a few; each caller still returns only
// once its own write has committed (or failed), so nothing it does next
// runs ahead of its record. There is no goroutine of its own: the caller
// that finds no commit in progress leads, and hands the lead to the first
// waiting caller when it is done.
type group struct {
	store store.Store
	max   int // writes in one transaction

	mu    sync.Mutex
	queue []*groupWrite
	busy  bool // a leader is committing
}

type groupWrite struct {
	fn   func(tx store.TxStore) error
	done chan error // the outcome, or errLead
}

// errLead tells a waiting caller to lead the next commit.
var errLead = errors.New("lead the next group commit")

// do runs fn in a transaction shared with other callers' writes and
// returns once that transaction has committed (nil) or fn's write has
// failed. fn may run more than once (a shared transaction that failed is
// retried write by write), so it must only set, never accumulate. ctx's
// values, not its end, reach the transaction: a write that has been
// queued is carried out.
func (g *group) do(ctx context.Context, fn func(tx store.TxStore) error) error {
	w := &groupWrite{fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, w)
	if g.busy {
		g.mu.Unlock()
		if err := <-w.done; err != errLead {
			return err
		}
		g.mu.Lock() // w leads: it is first in the queue
	}
	g.busy = true
	n := min(len(g.queue), max(g.max, 1))
	batch := make([]*groupWrite, n)
	copy(batch, g.queue)
	g.queue = append(g.queue[:0], g.queue[n:]...)
	g.mu.Unlock()

	g.commit(context.WithoutCancel(ctx), batch)

	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].done <- errLead
	} else {
		g.busy = false
	}
	g.mu.Unlock()
	return <-w.done
}

// commit runs the writes in one transaction and tells each its outcome. If
// the transaction fails, each write is tried again in one of its own, so
// one bad write does not fail the others.
func (g *group) commit(ctx context.Context, batch []*groupWrite) {
	err := g.store.WithTx(ctx, func(tx store.TxStore) error {
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
		w.done <- g.store.WithTx(ctx, func(tx store.TxStore) error { return w.fn(newChainTx(tx)) })
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
