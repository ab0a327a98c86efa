package queue

import (
	"context"
	"errors"
	"fmt"

	"github.com/riverqueue/river"
)

// UniqueInserter adds a job unless the same job is already waiting.
type UniqueInserter interface {
	// InsertUniqueTx adds job in tx unless a job of the same kind and
	// payload (compared as inserted) is available, scheduled, retrying or
	// running; then it adds nothing and reports skipped. A job that has
	// finished does not count.
	InsertUniqueTx(ctx context.Context, tx Tx, job Job) (id int64, skipped bool, err error)
}

var _ UniqueInserter = (*River[any])(nil)

// InsertUniqueTx adds job in tx unless the same job waits; see UniqueInserter.
func (q *River[TTx]) InsertUniqueTx(ctx context.Context, tx Tx, job Job) (int64, bool, error) {
	t, ok := tx.DriverTx().(TTx)
	if !ok {
		return 0, false, fmt.Errorf("inserting %s job: transaction is %T, want %T", job.Kind, tx.DriverTx(), *new(TTx))
	}
	a, err := newArgs(job)
	if err != nil {
		return 0, false, fmt.Errorf("inserting %s job: %w", job.Kind, err)
	}
	res, err := q.client.InsertTx(ctx, t, a, &river.InsertOpts{MaxAttempts: job.MaxAttempts, ScheduledAt: job.RunAt,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: uniqueStates}})
	if err != nil {
		return 0, false, fmt.Errorf("inserting %s job: %w", job.Kind, err)
	}
	return res.Job.ID, res.UniqueSkippedAsDuplicate, nil
}

// IsPermanent reports whether err was wrapped with Permanent: retrying
// cannot help.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}
