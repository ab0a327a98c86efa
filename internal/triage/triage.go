// Package triage is the use case at the heart of the service: a post arrives
// (webhook, poll or import), is stored, judged and decided, and its decision
// and its actions (pending: the record of the work to do) are written in ONE
// transaction, with audit entries, so that a crash between decision and
// action loses nothing and doubles nothing. The work is then done by River
// jobs inserted in that transaction or, with a Dispatcher, at once after the
// commit, a sweeper enqueuing whatever the dispatcher leaves behind.
package triage

import (
	"context"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// Result is what became of one event.
type Result struct {
	PostID    int64               // the stored post (0 for events that store nothing)
	Duplicate bool                // the event was seen before (a platform redelivery) and changed nothing
	Decision  moderation.Decision // the decision made (empty for duplicates and removals)
}

// Ingester takes events for a practice. Implementations must be safe for
// concurrent use: webhooks for one practice may arrive on many goroutines.
type Ingester interface {
	Ingest(ctx context.Context, practiceID string, ev platform.Event) (Result, error)
}
