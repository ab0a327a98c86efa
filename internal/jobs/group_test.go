package jobs

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// countTx counts a store's transactions.
type countTx struct {
	store.Store
	n atomic.Int64
}

func (c *countTx) WithTx(ctx context.Context, fn func(tx store.TxStore) error) error {
	c.n.Add(1)
	return c.Store.WithTx(ctx, fn)
}

// TestGroupCommitsTogether: concurrent writes share transactions (fewer
// transactions than writes), each caller sees its own outcome once its
// write has committed, a write that fails fails alone, and audit entries
// appended in one shared transaction keep the chain whole.
func TestGroupCommitsTogether(t *testing.T) {
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, p := range []string{"p1", "p2"} {
		if err := db.CreatePractice(ctx, &store.Practice{ID: p, Name: p, CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	st := &countTx{Store: db}
	g := NewCommitter(st, 64)
	bad := errors.New("bad write")
	const writers = 200
	var wg sync.WaitGroup
	var failed, committed atomic.Int64
	for i := range writers {
		wg.Go(func() {
			p := []string{"p1", "p2"}[i%2]
			err := g.Do(ctx, Priority(i%3), func(tx store.TxStore) error {
				if i == 7 {
					return bad
				}
				_, err := audit.Append(ctx, tx, audit.Record{Time: time.Now(), PracticeID: p, Kind: store.AuditActed,
					Subject: "test", Actor: actor, Detail: map[string]any{"writer": i}})
				return err
			})
			switch {
			case i == 7 && errors.Is(err, bad):
				failed.Add(1)
			case err != nil:
				t.Errorf("writer %d: %v", i, err)
			default:
				committed.Add(1)
			}
		})
	}
	wg.Wait()
	if failed.Load() != 1 || committed.Load() != writers-1 {
		t.Errorf("%d failed, %d committed; want 1 and %d", failed.Load(), committed.Load(), writers-1)
	}
	var entries int
	for _, p := range []string{"p1", "p2"} {
		if _, err := audit.Verify(ctx, db, p); err != nil {
			t.Fatalf("audit chain of %s: %v", p, err)
		}
		es, err := db.AuditEntries(ctx, p, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		entries += len(es)
	}
	if entries != writers-1 {
		t.Errorf("%d audit entries, want %d", entries, writers-1)
	}
	// Even with the failed write's transaction retried write by write,
	// fewer transactions than writes.
	if n := st.n.Load(); n >= writers {
		t.Errorf("%d transactions for %d writes: nothing was committed together", n, writers)
	}
	t.Logf("%d writes in %d transactions", writers, st.n.Load())
}

// TestCommitterHighFirst: writes queued while a commit is in progress go
// in the next transactions highest priority first, whatever their order
// of arrival, so a hide's claim overtakes the ingests queued before it;
// a quarter of each transaction is kept for low writes, so ingests do not
// starve them; within a priority, first come first served.
func TestCommitterHighFirst(t *testing.T) {
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := NewCommitter(db, 4) // four writes a transaction
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := c.Do(ctx, PriorityLow, func(store.TxStore) error { <-release; return nil }); err != nil {
			t.Error(err)
		}
	})
	waitQueued := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			c.mu.Lock()
			busy := c.busy
			c.mu.Unlock()
			q := c.Waiting()
			if busy && q == n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d writes queued, want %d", q, n)
			}
		}
	}
	waitQueued(0)
	var mu sync.Mutex
	var txs []store.TxStore
	var order [][]string // by transaction
	arrivals := []struct {
		name string
		p    Priority
	}{
		{"reply1", PriorityLow}, {"ingest1", PriorityNormal}, {"ingest2", PriorityNormal},
		{"hide1", PriorityHigh}, {"ingest3", PriorityNormal}, {"reply2", PriorityLow},
		{"hide2", PriorityHigh}, {"ingest4", PriorityNormal}, {"ingest5", PriorityNormal},
	}
	for i, a := range arrivals {
		wg.Go(func() {
			if err := c.Do(ctx, a.p, func(tx store.TxStore) error {
				mu.Lock()
				defer mu.Unlock()
				if len(txs) == 0 || txs[len(txs)-1] != tx {
					txs, order = append(txs, tx), append(order, nil)
				}
				order[len(order)-1] = append(order[len(order)-1], a.name)
				return nil
			}); err != nil {
				t.Error(err)
			}
		})
		waitQueued(i + 1) // arrivals in this order
	}
	close(release)
	wg.Wait()
	want := [][]string{
		{"hide1", "hide2", "reply1", "ingest1"},
		{"reply2", "ingest2", "ingest3", "ingest4"},
		{"ingest5"},
	}
	if !cmp.Equal(order, want) {
		t.Errorf("committed %v, want %v", order, want)
	}
}
