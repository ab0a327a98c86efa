// Package jobs carries out decisions: each action is a durable job that runs
// once, retries with backoff honouring the platform's rate-limit signals, and
// goes to a dead-letter state that alerts the practice manager when it keeps
// failing. Delete never runs before an evidence snapshot is stored.
package jobs

import (
	"context"

	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// Platform is what an action needs of one platform account.
type Platform interface {
	Hide(ctx context.Context, ref platform.Ref) error
	Unhide(ctx context.Context, ref platform.Ref) error
	Delete(ctx context.Context, ref platform.Ref) error
	Reply(ctx context.Context, ref platform.Ref, text string) (string, error)
	PrivateReply(ctx context.Context, ref platform.Ref, text string) error
	Fetch(ctx context.Context, ref platform.Ref) (*platform.Snapshot, error)
}

// Connector finds the platform account a practice uses on a channel.
type Connector interface {
	Platform(practiceID string, ch string) (Platform, error)
}

// Message is a notification to a person in a role at a practice. Subjects
// never carry patient text.
type Message struct {
	PracticeID string
	Role       string // "practice_manager", "safeguarding_lead", ...
	Urgent     bool
	Subject    string
	Body       string
	Link       string // where staff can see the post after signing in
}

// Notifier tells people things: escalations, dead-lettered actions, expired tokens.
type Notifier interface {
	Notify(ctx context.Context, m Message) error
}
