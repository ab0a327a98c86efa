// Package jobs carries out decisions: each action is a durable job that runs
// once, retries with backoff honouring the platform's rate-limit signals, and
// goes to a dead-letter state that alerts the practice manager when it keeps
// failing. Delete never runs before an evidence snapshot is stored.
//
// Exactly once, honestly: the action row is the record. A handler reads it
// first and does nothing if it is already final, and it writes the outcome
// (action state, post status, audit entry) in one transaction after the
// platform answers. Hide, unhide and delete are idempotent on the platforms,
// so a crash between the platform's answer and that transaction only repeats
// a call that changes nothing. Replies are not idempotent: before sending,
// the handler commits the action as running; a run that finds it still
// running (a crash, or an answer lost in transit) cannot know whether the
// message went, so it dead-letters the action for a person to check instead
// of sending again. Replies are therefore at most once, with a window, between
// the send and its commit, in which a sent reply is reported as unknown.
// Escalations are at least once: a crash after Notify repeats the message,
// which is better than a safeguarding lead never hearing.
//
// Photos on a held post get a job of their own (JobInspectMedia), not an
// action: it adds what their metadata suggests to the hold's reason and
// keeps them, stripped of all metadata, as evidence.
package jobs

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Platform is what an action needs of one platform account. Every adapter
// (facebook, instagram, x, wordpress) has these methods; ones a platform
// cannot do return an error wrapping platform.ErrNotSupported.
type Platform interface {
	Hide(ctx context.Context, ref platform.Ref) error
	Unhide(ctx context.Context, ref platform.Ref) error
	Delete(ctx context.Context, ref platform.Ref) error
	// Reply posts a public reply and returns the reference of the reply.
	Reply(ctx context.Context, ref platform.Ref, text string) (platform.Ref, error)
	PrivateReply(ctx context.Context, ref platform.Ref, text string) error
	Fetch(ctx context.Context, ref platform.Ref) (platform.Snapshot, error)
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

// Payload is what a job carries: ids only, never patient text.
type Payload struct {
	PracticeID string `json:"practice"`
	ActionID   int64  `json:"action"`
}

// JobFor returns the job that carries out a stored action. Its kind is the
// action's kind, so each kind has its own handler.
func JobFor(a store.Action) queue.Job {
	b, _ := json.Marshal(Payload{PracticeID: a.PracticeID, ActionID: a.ID}) // cannot fail: a string and an int
	return queue.Job{Kind: string(a.Kind), Payload: b}
}

// decodePayload reads a job's payload.
func decodePayload(raw json.RawMessage) (Payload, error) {
	var p Payload
	if err := json.Unmarshal(raw, &p); err != nil {
		return Payload{}, fmt.Errorf("decoding job payload: %w", err)
	}
	if p.PracticeID == "" || p.ActionID <= 0 {
		return Payload{}, fmt.Errorf("decoding job payload: missing practice or action")
	}
	return p, nil
}

// PostLink is where staff see a post after signing in.
func PostLink(postID int64) string { return fmt.Sprintf("/posts/%d", postID) }

// ActionUnhide reverses a hide: staff overriding a decision store an action
// of this kind, and its job unhides the post.
const ActionUnhide moderation.ActionKind = "unhide"
