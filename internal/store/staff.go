package store

import (
	"context"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// The roles of the staff pages. A user's Role is one of these (or one of
// the older RoleManager and RoleStaff, read as practice manager and
// reception).
const (
	RoleReception       = "reception"        // the review queue: hide, restore, reply
	RolePracticeManager = "practice_manager" // reception's work, escalations, reports, settings, users
	RoleIGLead          = "ig_lead"          // patient-information items, the audit log, exports
)

// Session is a signed-in user's server-side session.
type Session struct {
	// ID is the hex SHA-256 of the token in the user's cookie; the token
	// itself is never stored, so a copy of the database signs no one in.
	ID        string
	UserID    int64
	CreatedAt time.Time // sign-in: the absolute timeout counts from here
	SeenAt    time.Time // last use: the idle timeout counts from here
}

// Sessions stores sign-in sessions.
type Sessions interface {
	// CreateSession stores s. ErrDuplicate if the id is taken, ErrNotFound
	// if the user does not exist.
	CreateSession(ctx context.Context, s *Session) error
	// Session returns the session with id, or ErrNotFound.
	Session(ctx context.Context, id string) (Session, error)
	// TouchSession records a use of the session at t. ErrNotFound if absent.
	TouchSession(ctx context.Context, id string, t time.Time) error
	// DeleteSession removes the session; removing one that is gone is not an error.
	DeleteSession(ctx context.Context, id string) error
	// DeleteExpiredSessions removes sessions last seen before seenBefore or
	// created before createdBefore, and returns how many.
	DeleteExpiredSessions(ctx context.Context, seenBefore, createdBefore time.Time) (int64, error)
	// DeleteUserSessions removes every session of the user (signing them
	// out everywhere), and returns how many.
	DeleteUserSessions(ctx context.Context, userID int64) (int64, error)
}

// The outcomes of a person's review of a post.
const (
	OutcomeConfirmed  = "confirmed"    // what Pagekeeper did was right
	OutcomeHidden     = "hidden"       // hidden by a person
	OutcomeRestored   = "restored"     // put back in view
	OutcomeDeleted    = "deleted"      // deleted by a person (evidence kept)
	OutcomeReplied    = "replied"      // answered from a template
	OutcomeEscalated  = "escalated"    // passed to a named role
	OutcomeNotABreach = "not_a_breach" // the guidance was not broken
	OutcomePageBan    = "page_ban"     // the poster was banned from the page
)

// Review is where a person's review of a post has got: who it is assigned
// to, and who reviewed it with what outcome. A post nobody has touched has
// no review.
type Review struct {
	PracticeID string
	PostID     int64
	AssignedTo int64 // user id; 0 for nobody
	AssignedAt time.Time
	ReviewedBy int64 // user id; 0 until reviewed
	ReviewedAt time.Time
	Outcome    string // one of the Outcome constants
}

// QueueState narrows the review queue.
type QueueState string

// The queue states.
const (
	// QueueNeedsReview: held for a person, or judged to break the guidance,
	// and not yet reviewed.
	QueueNeedsReview QueueState = "needs_review"
	QueueActed       QueueState = "acted"    // hidden or deleted
	QueueRestored    QueueState = "restored" // a person asked for it to be put back
	QueueAll         QueueState = "all"
)

// Valid reports whether s is a known queue state.
func (s QueueState) Valid() bool {
	switch s {
	case QueueNeedsReview, QueueActed, QueueRestored, QueueAll:
		return true
	}
	return false
}

// QueueFilter narrows ReviewQueue. Zero values mean "any".
type QueueFilter struct {
	State      QueueState // "" means QueueAll
	Category   moderation.Category
	Channel    moderation.Channel
	AssignedTo int64
	Limit      int // 0 means 100
}

// QueueItem is one post in the review queue.
type QueueItem struct {
	Post   Post
	Review Review                // zero if nobody has touched it
	Labels []moderation.Category // the latest decision's
}

// Reviews records people's work on posts.
type Reviews interface {
	// Review returns the post's review, or ErrNotFound if nobody has touched it.
	Review(ctx context.Context, practiceID string, postID int64) (Review, error)
	// AssignPost assigns the post to a user (0 unassigns). ErrNotFound if
	// the post is not the practice's.
	AssignPost(ctx context.Context, practiceID string, postID, userID int64, at time.Time) error
	// MarkReviewed records that a user reviewed the post with outcome.
	// ErrNotFound if the post is not the practice's.
	MarkReviewed(ctx context.Context, practiceID string, postID, userID int64, outcome string, at time.Time) error
	// ReviewQueue returns the practice's posts matching f, oldest first for
	// QueueNeedsReview (the longest waiting at the top), newest first otherwise.
	ReviewQueue(ctx context.Context, practiceID string, f QueueFilter) ([]QueueItem, error)
	// PostsByAuthor returns the practice's posts by one author on a
	// channel, newest first, at most limit (0 means 50).
	PostsByAuthor(ctx context.Context, practiceID string, ch moderation.Channel, authorID string, limit int) ([]Post, error)
	// ListUsers returns the users who work for the practice, by email.
	ListUsers(ctx context.Context, practiceID string) ([]User, error)
}

// VerdictNotABreach is Feedback.Verdict when staff judge a finding wrong.
const VerdictNotABreach = "not_a_breach"

// Feedback is a person's judgement of one category of a decision, kept so
// the detectors' mistakes can be counted and reported.
type Feedback struct {
	ID         int64
	PracticeID string
	PostID     int64
	DecisionID int64
	Category   moderation.Category
	Verdict    string // VerdictNotABreach
	UserID     int64
	Note       string
	CreatedAt  time.Time
}

// PageBan records a person's decision to ban a poster from the practice's
// page on one channel. Pagekeeper never bans anyone by itself.
type PageBan struct {
	ID         int64
	PracticeID string
	Channel    moderation.Channel
	AuthorID   string
	AuthorName string
	PostID     int64 // the post the decision was taken on
	Reason     string
	DecidedBy  int64
	DecidedAt  time.Time
}

// PolicyTest is an example post and the outcome the practice expects of
// its policy: exactly these labels, and at least these actions.
type PolicyTest struct {
	ID          int64
	PracticeID  string
	Name        string
	Channel     moderation.Channel
	Text        string
	WantLabels  []moderation.Category
	WantActions []moderation.ActionKind
	CreatedBy   int64
	CreatedAt   time.Time
}

// StaffRecords stores what staff decide beyond actions: feedback on
// decisions, page bans and policy tests.
type StaffRecords interface {
	// AddFeedback stores f and sets f.ID. ErrNotFound if the post is not the practice's.
	AddFeedback(ctx context.Context, f *Feedback) error
	// FeedbackSince returns the practice's feedback created at or after t, oldest first.
	FeedbackSince(ctx context.Context, practiceID string, t time.Time) ([]Feedback, error)
	// AddPageBan stores b and sets b.ID. ErrNotFound if the practice does not exist.
	AddPageBan(ctx context.Context, b *PageBan) error
	// PageBans returns the bans of one author on a channel, oldest first.
	PageBans(ctx context.Context, practiceID string, ch moderation.Channel, authorID string) ([]PageBan, error)
	// AddPolicyTest stores pt and sets pt.ID. ErrNotFound if the practice does not exist.
	AddPolicyTest(ctx context.Context, pt *PolicyTest) error
	// PolicyTests returns the practice's policy tests, oldest first.
	PolicyTests(ctx context.Context, practiceID string) ([]PolicyTest, error)
	// DeletePolicyTest removes one of the practice's tests. ErrNotFound if absent.
	DeletePolicyTest(ctx context.Context, practiceID string, id int64) error
}
