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

// JobRetention is the kind of the periodic job that forgets what is no
// longer needed.
const JobRetention = "retention"

// DedupeWindow is how long a webhook dedupe key is kept: Meta retries an
// undelivered webhook for up to 36 hours, and after that a key can only
// match a delivery that will never come.
const DedupeWindow = 36 * time.Hour

// Retention removes webhook dedupe keys older than DedupeWindow and, through
// Purge, each kind of personal data past its retention period.
type Retention struct {
	Store store.Dedupe // required
	// Purge removes personal data past the retention period of its kind
	// (the data-protection policy's per-kind limits); nil skips it.
	Purge  func(ctx context.Context, now time.Time) error
	Now    func() time.Time // time.Now when nil
	Logger *slog.Logger     // discards when nil
}

// Handler is the queue handler for JobRetention jobs.
func (r *Retention) Handler() (queue.Handler, error) {
	if r.Store == nil {
		return nil, errors.New("creating the retention job: a store is required")
	}
	now, log := r.Now, r.Logger
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return func(ctx context.Context, job queue.Running) error {
		t := now()
		n, err := r.Store.ForgetSeenBefore(ctx, t.Add(-DedupeWindow))
		if err != nil {
			return fmt.Errorf("forgetting old dedupe keys: %w", err)
		}
		if n > 0 {
			log.InfoContext(ctx, "forgot old webhook dedupe keys", "keys", n, "older_than", DedupeWindow)
		}
		if r.Purge != nil {
			if err := r.Purge(ctx, t); err != nil {
				return fmt.Errorf("purging data past its retention period: %w", err)
			}
		}
		return nil
	}, nil
}
