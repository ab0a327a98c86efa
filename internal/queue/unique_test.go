package queue_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestInsertUniqueTx(t *testing.T)         { testInsertUniqueTx(t, sqliteBackend(t)) }
func TestPostgresInsertUniqueTx(t *testing.T) { testInsertUniqueTx(t, postgresBackend(t)) }

// testInsertUniqueTx: a second insert of the same waiting job (even one
// scheduled later) is skipped; another payload is not.
func testInsertUniqueTx(t *testing.T, b *backend) {
	ctx := t.Context()
	q, err := b.newQueue(queue.Config{}) // insert-only
	if err != nil {
		t.Fatal(err)
	}
	u, ok := q.(queue.UniqueInserter)
	if !ok {
		t.Fatalf("%T is not a UniqueInserter", q)
	}
	insert := func(payload string, at time.Time) (int64, bool) {
		t.Helper()
		var id int64
		var skipped bool
		err := b.db.WithTx(ctx, func(tx store.TxStore) error {
			var err error
			id, skipped, err = u.InsertUniqueTx(ctx, tx, queue.Job{Kind: "hide", Payload: json.RawMessage(payload), RunAt: at})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id, skipped
	}
	id1, skipped := insert(`{"practice":"p1","action":1}`, time.Now().Add(time.Hour))
	if skipped {
		t.Fatal("first insert skipped")
	}
	id2, skipped := insert(`{"practice":"p1","action":1}`, time.Time{})
	if !skipped || id2 != id1 {
		t.Errorf("second insert of a scheduled job: id %d skipped %v; want id %d skipped", id2, skipped, id1)
	}
	if _, skipped := insert(`{"practice":"p1","action":2}`, time.Time{}); skipped {
		t.Error("another payload was skipped")
	}
	if n, err := b.jobCount(context.WithoutCancel(ctx)); err != nil || n != 2 {
		t.Errorf("jobs = %d, %v; want 2", n, err)
	}
	if !queue.IsPermanent(queue.Permanent(context.Canceled)) || queue.IsPermanent(context.Canceled) {
		t.Error("IsPermanent is wrong")
	}
}
