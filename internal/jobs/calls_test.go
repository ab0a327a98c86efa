package jobs_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// counted counts the store calls the action path makes (reads, claims,
// writes, audit appends) and the transactions they are made in.
type counted struct {
	store.Queries
	calls *atomic.Int64
}

func (c counted) n() { c.calls.Add(1) }
func (c counted) Action(ctx context.Context, p string, id int64) (store.Action, error) {
	c.n()
	return c.Queries.Action(ctx, p, id)
}
func (c counted) Post(ctx context.Context, p string, id int64) (store.Post, error) {
	c.n()
	return c.Queries.Post(ctx, p, id)
}
func (c counted) Decision(ctx context.Context, p string, id int64) (store.Decision, error) {
	c.n()
	return c.Queries.Decision(ctx, p, id)
}
func (c counted) ActionsForPost(ctx context.Context, p string, id int64) ([]store.Action, error) {
	c.n()
	return c.Queries.ActionsForPost(ctx, p, id)
}
func (c counted) ClaimAction(ctx context.Context, p string, id int64, from []store.ActionState, to store.ActionState, at time.Time) (bool, error) {
	c.n()
	return c.Queries.ClaimAction(ctx, p, id, from, to, at)
}
func (c counted) UpdateAction(ctx context.Context, p string, id int64, u store.ActionUpdate) error {
	c.n()
	return c.Queries.UpdateAction(ctx, p, id, u)
}
func (c counted) AdvancePostStatus(ctx context.Context, p string, id int64, s store.PostStatus) (bool, error) {
	c.n()
	return c.Queries.AdvancePostStatus(ctx, p, id, s)
}
func (c counted) SetPostStatus(ctx context.Context, p string, id int64, s store.PostStatus) error {
	c.n()
	return c.Queries.SetPostStatus(ctx, p, id, s)
}
func (c counted) LastAudit(ctx context.Context, p string) (store.AuditEntry, error) {
	c.n()
	return c.Queries.LastAudit(ctx, p)
}
func (c counted) InsertAudit(ctx context.Context, e *store.AuditEntry) error {
	c.n()
	return c.Queries.InsertAudit(ctx, e)
}
func (c counted) KeepEvidence(ctx context.Context, e *store.Evidence) error {
	c.n()
	return c.Queries.KeepEvidence(ctx, e)
}

type countedStore struct {
	counted
	base     store.Store
	txs      *atomic.Int64
	counting *atomic.Bool
}

func (s countedStore) WithTx(ctx context.Context, fn func(tx store.TxStore) error) error {
	if s.counting.Load() {
		s.txs.Add(1)
	}
	return s.base.WithTx(ctx, func(tx store.TxStore) error {
		return fn(countedTx{counted: counted{Queries: tx, calls: s.calls}, tx: tx})
	})
}
func (s countedStore) Close() error { return s.base.Close() }

type countedTx struct {
	counted
	tx store.TxStore
}

func (t countedTx) DriverTx() any { return t.tx.DriverTx() }

// TestFastPathStoreCallsPerAction: the fast path carries out a comment's
// hide, report and delete (with its evidence) in few store calls and
// transactions: it reads back neither the action, the post nor the
// decision ingest handed it, nor the post's actions before the delete,
// and writes each outcome in one group-committed transaction. The counts
// are logged, per action, as a guide beside the load benchmark.
func TestFastPathStoreCallsPerAction(t *testing.T) {
	e := newEnv(t, fast(jobs.DispatchConfig{}, time.Minute))
	e.noDispatch = true // ingest leaves the actions pending; the test dispatches them
	e.open(t)
	var calls, txs atomic.Int64
	var counting atomic.Bool
	const comments = 20
	var works []jobs.Work
	for i := range comments {
		ev := e.comment(t, fmt.Sprintf("This bloody place %d", i), time.Now())
		works = append(works, e.work(t, e.ingest(t, ev).PostID))
	}
	// The workers again, on the counting store.
	cs := countedStore{counted: counted{Queries: e.db, calls: &calls}, base: e.db, txs: &txs, counting: &counting}
	w, err := jobs.New(jobs.Config{Store: cs, Connector: connector{e.fb}, Notifier: e.notes})
	if err != nil {
		t.Fatal(err)
	}
	cd := w.NewDispatcher(e.q, jobs.DispatchConfig{Workers: 1})
	t.Cleanup(func() { cd.Stop(context.Background()) })
	counting.Store(true)
	actions := 0
	for _, wk := range works {
		actions += len(wk.Actions)
		if !cd.Dispatch(wk) {
			t.Fatal("dispatch refused")
		}
	}
	for _, wk := range works {
		as := e.settled(t, wk.Post.ID)
		if got := states(as); got[moderation.ActionHide] != store.ActionDone || got[moderation.ActionDelete] != store.ActionDone {
			t.Fatalf("post %d: %v", wk.Post.ID, got)
		}
	}
	perCall, perTx := float64(calls.Load())/float64(actions), float64(txs.Load())/float64(actions)
	t.Logf("%d actions: %.2f store calls and %.2f transactions per action", actions, perCall, perTx)
	// A claim, the outcome, its audit entry (two calls), the post's
	// status for a hide and a delete, the evidence and its audit entry for
	// a delete: 5 a hide, 4 a report, 8 a delete. Reading back what ingest
	// handed over would add at least 2 an action.
	if perCall > 17.0/3 {
		t.Errorf("%.2f store calls per action; want at most %.2f", perCall, 17.0/3)
	}
	// One claim and one outcome a hide or a report, and the evidence too
	// for a delete: 7 for the three, when nothing runs at once to share
	// them.
	if perTx > 7.0/3 {
		t.Errorf("%.2f transactions per action; want at most %.2f", perTx, 7.0/3)
	}
	verifyAudit(t, e.db)
}
