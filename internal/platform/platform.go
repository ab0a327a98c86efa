// Package platform is what every platform adapter shares: a reference to an
// object on a platform, the events a webhook or poll yields, a fresh read of
// an object for evidence, and the typed errors actions can fail with. The
// adapters (facebook, instagram, x, wordpress) live in sub-packages and never
// import each other; fakes for tests live in platformtest.
package platform

import (
	"errors"
	"fmt"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// Ref identifies one object (comment, post, reply, mention) on a platform.
type Ref struct {
	Channel  moderation.Channel
	PageID   string // the practice's page, account or site on the platform
	ObjectID string // the comment's, post's or tweet's own identifier
	ParentID string // what it replies to, if anything
}

func (r Ref) String() string { return fmt.Sprintf("%s:%s/%s", r.Channel, r.PageID, r.ObjectID) }

// EventKind is what happened to an object.
type EventKind string

// The event kinds adapters report.
const (
	Added   EventKind = "added"
	Edited  EventKind = "edited"
	Removed EventKind = "removed"
	Hidden  EventKind = "hidden"
	Unhid   EventKind = "unhidden"
)

// Event is one change read from a webhook or a poll.
type Event struct {
	Kind EventKind
	Ref  Ref
	Post moderation.Post // filled for Added and Edited (Text may be empty for media-only comments)
	// DedupeKey identifies the change itself, so a redelivered webhook is
	// recognised: Meta sends no event id and retries for up to 36 hours.
	DedupeKey string
	// Raw is the part of the payload this event came from, kept as evidence.
	Raw []byte
}

// Snapshot is a fresh read of an object, kept as evidence before any delete.
type Snapshot struct {
	Ref       Ref
	Text      string
	Author    moderation.Author
	CreatedAt time.Time
	Permalink string
	Hidden    bool
	Media     []moderation.Media
	Raw       []byte // the platform's response, as received
}

// Errors actions can fail with. Callers decide on these, never on strings.
var (
	// ErrGone means the object no longer exists (deleted by its author, by
	// us earlier, or by the platform). Deleting it again counts as done.
	ErrGone = errors.New("the object no longer exists")
	// ErrAuth means the access token has expired or been revoked: retrying
	// will not help until someone reconnects the page, so the practice
	// manager must be told.
	ErrAuth = errors.New("the platform refused our access token")
	// ErrNotSupported means the platform cannot do this (X cannot delete
	// other people's posts; Facebook cannot hide a comment by the Page itself).
	ErrNotSupported = errors.New("the platform does not support this action here")
	// ErrPermission means our token lacks a permission the action needs.
	ErrPermission = errors.New("the platform says we lack permission")
)

// RateLimitError means the platform asked us to slow down. RetryAt is when
// the platform says calls may resume (from its reset headers); zero means it
// did not say and the caller backs off on its own.
type RateLimitError struct {
	RetryAt time.Time
	Detail  string
}

func (e *RateLimitError) Error() string {
	if e.RetryAt.IsZero() {
		return "rate limited: " + e.Detail
	}
	return fmt.Sprintf("rate limited until %s: %s", e.RetryAt.UTC().Format(time.RFC3339), e.Detail)
}

// TemporaryError is a failure worth retrying with backoff (5xx, timeouts,
// the platform's own transient codes).
type TemporaryError struct{ Err error }

func (e *TemporaryError) Error() string { return "temporary failure: " + e.Err.Error() }
func (e *TemporaryError) Unwrap() error { return e.Err }

// Retryable reports whether an action that failed with err may succeed if tried again later.
func Retryable(err error) bool {
	var rl *RateLimitError
	var te *TemporaryError
	return errors.As(err, &rl) || errors.As(err, &te)
}
