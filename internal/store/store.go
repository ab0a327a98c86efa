// Package store is the storage contract every backend (SQLite now,
// PostgreSQL later) implements, and the records it keeps: practices, posts
// and their edit history, decisions, findings, actions, evidence, staff
// users, the hash-chained audit log and webhook dedupe keys.
//
// Every read of patient data takes the practice id and a backend must filter
// by it, so one practice's staff never see another practice's posts even if
// they guess an id. The method groups are small so a caller can ask for only
// what it uses (a worker needs Actions and AuditLog, not Users).
package store

import (
	"context"
	"errors"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// Sentinel errors every backend returns (wrapped) for expected outcomes.
// Callers test them with errors.Is, never by message.
var (
	// ErrNotFound means no row matched, including a row that exists but
	// belongs to another practice.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate means a row with the same natural key already exists
	// (a post's platform id, a user's email, an audit sequence number).
	ErrDuplicate = errors.New("already exists")
)

// Practices stores the practices Pagekeeper serves.
type Practices interface {
	// CreatePractice stores p; ErrDuplicate if its id is taken. A zero
	// CreatedAt is left to the caller to fill: backends store what they get.
	CreatePractice(ctx context.Context, p *Practice) error
	// Practice returns the practice with id, or ErrNotFound.
	Practice(ctx context.Context, id string) (Practice, error)
	// UpdatePracticeProfile replaces the practice's profile YAML.
	UpdatePracticeProfile(ctx context.Context, id string, profile []byte) error
	// ListPractices returns every practice ordered by id.
	ListPractices(ctx context.Context) ([]Practice, error)
}

// Posts stores posts and their edit history.
type Posts interface {
	// InsertPost stores p and sets p.ID. ErrDuplicate if the practice
	// already has a post with the same channel and external id;
	// ErrNotFound if the practice does not exist.
	InsertPost(ctx context.Context, p *Post) error
	// Post returns the practice's post with id, or ErrNotFound.
	Post(ctx context.Context, practiceID string, id int64) (Post, error)
	// PostByExternalID finds a post by its platform identifier.
	PostByExternalID(ctx context.Context, practiceID string, ch moderation.Channel, externalID string) (Post, error)
	// ListPosts returns the practice's posts newest first (by received
	// time, then id), filtered by f.
	ListPosts(ctx context.Context, practiceID string, f PostFilter) ([]Post, error)
	// EditPost records an edit: the current text and raw payload become a
	// PostVersion and the post takes the new text. ErrNotFound if absent.
	EditPost(ctx context.Context, practiceID string, id int64, text string, raw []byte, at time.Time) error
	// PostVersions returns the post's earlier versions, oldest first.
	PostVersions(ctx context.Context, practiceID string, postID int64) ([]PostVersion, error)
	// SetPostStatus changes the post's status. ErrNotFound if absent.
	SetPostStatus(ctx context.Context, practiceID string, id int64, s PostStatus) error
}

// Decisions stores the decisions taken on posts and the findings behind them.
type Decisions interface {
	// InsertDecision stores d and its findings and sets d.ID.
	// ErrNotFound if the post is not the practice's.
	InsertDecision(ctx context.Context, d *Decision) error
	// Decision returns the practice's decision with id, findings included.
	Decision(ctx context.Context, practiceID string, id int64) (Decision, error)
	// DecisionsForPost returns the post's decisions, oldest first.
	DecisionsForPost(ctx context.Context, practiceID string, postID int64) ([]Decision, error)
}

// Actions stores the actions decisions ask for and how carrying them out went.
type Actions interface {
	// InsertAction stores a and sets a.ID. ErrNotFound if its decision is
	// not the practice's.
	InsertAction(ctx context.Context, a *Action) error
	// Action returns the practice's action with id, or ErrNotFound.
	Action(ctx context.Context, practiceID string, id int64) (Action, error)
	// ActionsForPost returns the post's actions in the order they were stored.
	ActionsForPost(ctx context.Context, practiceID string, postID int64) ([]Action, error)
	// ActionsInState returns the practice's actions in state s, oldest first.
	ActionsInState(ctx context.Context, practiceID string, s ActionState) ([]Action, error)
	// UpdateAction records progress on an action: its state, attempts,
	// last error and, for a final state, when it finished.
	UpdateAction(ctx context.Context, practiceID string, id int64, u ActionUpdate) error
	// SetActionText replaces the action's text (for a hold, the reason a
	// reviewer reads). ErrNotFound if absent.
	SetActionText(ctx context.Context, practiceID string, id int64, text string) error
}

// ActionClaims let one worker at a time carry out an action, across
// goroutines, job runs and instances, and find actions nobody is carrying
// out. The actions table is the outbox: a pending row is work to do. A
// claim to running is a lease, taken at a time: another run may take the
// action over only once the lease has expired, so a live run is never
// doubled, and one that died leaves its action to be taken over.
type ActionClaims interface {
	// ClaimAction moves the practice's action to state to if it is in one
	// of the states from, in one statement, and reports whether it did.
	// Of several callers racing with the same from, at most one wins.
	// (false, nil) when the action is absent or in another state. A claim
	// to running takes the lease at at (the zero time: a lease already
	// expired, for a run giving up what it may have half done); a claim
	// to any other state (a claim handed back) ends it.
	ClaimAction(ctx context.Context, practiceID string, id int64, from []ActionState, to ActionState, at time.Time) (bool, error)
	// TakeOverAction renews, at at, the lease of the practice's running
	// action if it was taken before expired (or never), in one statement,
	// and reports whether it did: of racing callers at most one wins, and
	// none while the lease is live. (false, nil) when the action is
	// absent, not running or its lease is live.
	TakeOverAction(ctx context.Context, practiceID string, id int64, expired, at time.Time) (bool, error)
	// AdvancePostStatus sets the practice's post to status s unless it
	// is already s or deleted (a deleted post stays deleted whatever a
	// slower action says), in one statement, and reports whether it
	// changed it; (false, nil) when the post is absent.
	AdvancePostStatus(ctx context.Context, practiceID string, postID int64, s PostStatus) (bool, error)
	// StaleActions returns, across practices, up to limit actions with id
	// greater than afterID, in id order, that are pending or failed and
	// were created before notBefore, or running with a lease taken before
	// leaseBefore (or none). Holds are left out: they wait for a person.
	StaleActions(ctx context.Context, notBefore, leaseBefore time.Time, afterID int64, limit int) ([]Action, error)
}

// EvidenceLocker keeps copies of posts taken before anything irreversible.
type EvidenceLocker interface {
	// KeepEvidence stores e and sets e.ID. The caller fills e.SHA256 with
	// e.Hash(); backends store it as given so a later check can compare.
	KeepEvidence(ctx context.Context, e *Evidence) error
	// EvidenceForPost returns the post's evidence, oldest first.
	EvidenceForPost(ctx context.Context, practiceID string, postID int64) ([]Evidence, error)
}

// AuditLog persists audit entries. Package audit computes sequence numbers
// and hashes; a backend stores and returns exactly what it is given.
type AuditLog interface {
	// InsertAudit stores e. ErrDuplicate if the practice already has an
	// entry with e.Seq (two writers raced; the loser retries).
	InsertAudit(ctx context.Context, e *AuditEntry) error
	// LastAudit returns the practice's entry with the highest seq, or
	// ErrNotFound if its log is empty.
	LastAudit(ctx context.Context, practiceID string) (AuditEntry, error)
	// AuditEntries returns up to limit of the practice's entries with seq
	// greater than afterSeq, in seq order.
	AuditEntries(ctx context.Context, practiceID string, afterSeq int64, limit int) ([]AuditEntry, error)
}

// Users stores staff accounts.
type Users interface {
	// CreateUser stores u and sets u.ID. ErrDuplicate if the email (compared
	// case-insensitively) is taken; ErrNotFound if a practice is unknown.
	CreateUser(ctx context.Context, u *User) error
	// User returns the user with id, or ErrNotFound.
	User(ctx context.Context, id int64) (User, error)
	// UserByEmail returns the user with email (any case), or ErrNotFound.
	UserByEmail(ctx context.Context, email string) (User, error)
	// SetPassword replaces the user's password hash.
	SetPassword(ctx context.Context, id int64, hash string) error
	// SetUserRole replaces the user's role. ErrNotFound if the user does not exist.
	SetUserRole(ctx context.Context, id int64, role string) error
	// RemoveUserPractice ends the user's work for the practice. ErrNotFound
	// if the user does not work for it.
	RemoveUserPractice(ctx context.Context, id int64, practiceID string) error
}

// Dedupe remembers webhook deliveries already handled. Meta sends no event
// id and retries for up to 36 hours, so the key identifies the change.
type Dedupe interface {
	// MarkSeen records key for the practice and reports whether it was new.
	// Inside a transaction the mark rolls back with everything else, so a
	// delivery that failed half-way is handled again.
	MarkSeen(ctx context.Context, practiceID, key string, at time.Time) (first bool, err error)
	// ForgetSeenBefore removes keys marked before t and returns how many.
	ForgetSeenBefore(ctx context.Context, t time.Time) (int64, error)
}

// Cursors remembers where each poller got to for a practice (X's since_id,
// WordPress's newest date_gmt), so a restart neither misses nor re-reads
// a platform's history.
type Cursors interface {
	// Cursor returns the value stored under key for the practice, or ""
	// when none has been stored.
	Cursor(ctx context.Context, practiceID, key string) (string, error)
	// SetCursor stores value under key for the practice, replacing any
	// earlier value. ErrNotFound if the practice does not exist.
	SetCursor(ctx context.Context, practiceID, key, value string) error
}

// Queries is every method group; both a Store and a TxStore have them all.
type Queries interface {
	Practices
	Posts
	Decisions
	Actions
	ActionClaims
	EvidenceLocker
	MediaLocker
	AuditLog
	Users
	Dedupe
	Cursors
	Sessions
	Reviews
	StaffRecords
}

// Store is a backend. Its methods each run in their own transaction; use
// WithTx to make several writes atomic.
type Store interface {
	Queries
	// WithTx runs fn in one transaction: committed if fn returns nil,
	// rolled back (and fn's error returned) otherwise, or if fn panics.
	// fn must not use tx after returning.
	WithTx(ctx context.Context, fn func(tx TxStore) error) error
	// Close releases the backend's resources.
	Close() error
}

// TxStore is a Store inside a transaction.
type TxStore interface {
	Queries
	// DriverTx returns the backend's own transaction handle (*sql.Tx for
	// SQLite, pgx.Tx for PostgreSQL) so a job queue can insert its jobs in
	// the same transaction as the rows that need them.
	DriverTx() any
}
