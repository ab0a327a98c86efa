package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// Practice is one GP practice and its profile.
type Practice struct {
	ID        string
	Name      string
	Profile   []byte // the practice profile, YAML as written
	CreatedAt time.Time
}

// PostStatus is what Pagekeeper believes the public can see of a post.
type PostStatus string

// The post statuses.
const (
	StatusVisible PostStatus = "visible"
	StatusHidden  PostStatus = "hidden"
	StatusDeleted PostStatus = "deleted"
	StatusHeld    PostStatus = "held" // waiting for a person to review
)

// Valid reports whether s is a known status.
func (s PostStatus) Valid() bool {
	switch s {
	case StatusVisible, StatusHidden, StatusDeleted, StatusHeld:
		return true
	}
	return false
}

// Post is a stored post: the domain post plus what Pagekeeper knows of it.
type Post struct {
	ID         int64
	PracticeID string
	Channel    moderation.Channel
	ExternalID string // the platform's identifier
	ParentID   string // the platform's identifier of what it replies to
	AuthorID   string
	AuthorName string
	Text       string
	Media      []moderation.Media
	Permalink  string
	CreatedAt  time.Time // when the platform says it was posted
	ReceivedAt time.Time // when Pagekeeper first saw it
	Status     PostStatus
	Raw        []byte // the payload it came in, as received
}

// PostFromDomain returns the stored form of p, received at, visible.
func PostFromDomain(p moderation.Post, raw []byte, receivedAt time.Time) Post {
	return Post{
		PracticeID: p.PracticeID,
		Channel:    p.Channel,
		ExternalID: p.ExternalID,
		ParentID:   p.ParentID,
		AuthorID:   p.Author.ID,
		AuthorName: p.Author.Name,
		Text:       p.Text,
		Media:      p.Media,
		Permalink:  p.Permalink,
		CreatedAt:  p.CreatedAt,
		ReceivedAt: receivedAt,
		Status:     StatusVisible,
		Raw:        raw,
	}
}

// Domain returns the post in the form detectors judge; its ID is the
// stored id in decimal.
func (p Post) Domain() moderation.Post {
	return moderation.Post{
		ID:         strconv.FormatInt(p.ID, 10),
		PracticeID: p.PracticeID,
		Channel:    p.Channel,
		ExternalID: p.ExternalID,
		ParentID:   p.ParentID,
		Author:     moderation.Author{ID: p.AuthorID, Name: p.AuthorName},
		Text:       p.Text,
		Media:      p.Media,
		Permalink:  p.Permalink,
		CreatedAt:  p.CreatedAt,
	}
}

// PostVersion is an earlier text of an edited post.
type PostVersion struct {
	PostID   int64
	Version  int // 1 for the text first received, counting up
	Text     string
	Raw      []byte
	Replaced time.Time // when the edit that replaced this text arrived
}

// PostFilter narrows ListPosts. Zero values mean "any".
type PostFilter struct {
	Status PostStatus
	Before time.Time // received strictly before
	Limit  int       // at most this many; 0 means 100
}

// DecidedByAuto is Decision.DecidedBy for decisions Pagekeeper took itself.
const DecidedByAuto = "auto"

// Decision is what was decided about a post, and why.
type Decision struct {
	ID         int64
	PracticeID string
	PostID     int64
	Labels     []moderation.Category
	Actions    []moderation.Action // the plan as decided
	Findings   []moderation.Finding
	Shadow     bool   // judged and recorded but not carried out
	DecidedBy  string // DecidedByAuto or the deciding user's id
	DecidedAt  time.Time
}

// ActionState is how far carrying out an action has got.
type ActionState string

// The action states.
const (
	ActionPending ActionState = "pending"
	ActionRunning ActionState = "running"
	ActionDone    ActionState = "done"
	ActionFailed  ActionState = "failed"  // failed this attempt; will retry
	ActionDead    ActionState = "dead"    // gave up; a person must look
	ActionSkipped ActionState = "skipped" // not needed after all (post gone, staff overrode)
	ActionShadow  ActionState = "shadow"  // recorded in shadow mode, never carried out
)

// Valid reports whether s is a known state.
func (s ActionState) Valid() bool {
	switch s {
	case ActionPending, ActionRunning, ActionDone, ActionFailed, ActionDead, ActionSkipped, ActionShadow:
		return true
	}
	return false
}

// Final reports whether no more work will be done on an action in state s.
func (s ActionState) Final() bool {
	return s == ActionDone || s == ActionDead || s == ActionSkipped || s == ActionShadow
}

// Action is one action of a decision and its progress.
type Action struct {
	ID         int64
	PracticeID string
	DecisionID int64
	PostID     int64
	Kind       moderation.ActionKind
	Role       string
	Text       string
	Category   moderation.Category
	Urgent     bool
	State      ActionState
	Attempts   int
	LastError  string
	DoneAt     time.Time // zero until the action reaches a final state
	CreatedAt  time.Time
}

// ActionFromDomain returns the stored form of a decided action, pending
// (or shadow, if the action or the decision is shadow).
func ActionFromDomain(d Decision, a moderation.Action, now time.Time) Action {
	st := ActionPending
	if a.Shadow || d.Shadow {
		st = ActionShadow
	}
	return Action{
		PracticeID: d.PracticeID, DecisionID: d.ID, PostID: d.PostID,
		Kind: a.Kind, Role: a.Role, Text: a.Text, Category: a.Category, Urgent: a.Urgent,
		State: st, CreatedAt: now,
	}
}

// ActionUpdate is the progress UpdateAction records.
type ActionUpdate struct {
	State     ActionState
	Attempts  int
	LastError string
	DoneAt    time.Time // zero for a state that is not final
}

// Evidence is a copy of a post kept before an irreversible action, with a
// fresh read from the platform and a hash an auditor can recompute.
type Evidence struct {
	ID         int64
	PracticeID string
	PostID     int64
	CapturedAt time.Time
	Text       string
	AuthorID   string
	AuthorName string
	Permalink  string
	Raw        []byte // the payload the post arrived in
	Fresh      []byte // JSON of the platform's fresh read (platform.Snapshot)
	SHA256     string // hex of Hash()
}

// Hash returns the hex SHA-256 of the evidence: every field but ID and
// SHA256, each written as an 8-byte big-endian length and its bytes, in
// declaration order, with times as RFC 3339 in UTC to the microsecond.
// Length prefixes make the encoding unambiguous: no two different records
// hash the same bytes.
func (e Evidence) Hash() string {
	h := sha256.New()
	for _, f := range [][]byte{
		[]byte(e.PracticeID),
		[]byte(strconv.FormatInt(e.PostID, 10)),
		[]byte(FormatTime(e.CapturedAt)),
		[]byte(e.Text),
		[]byte(e.AuthorID),
		[]byte(e.AuthorName),
		[]byte(e.Permalink),
		e.Raw,
		e.Fresh,
	} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write(f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Intact reports whether the evidence still hashes to its recorded SHA256.
func (e Evidence) Intact() bool { return e.SHA256 == e.Hash() }

// Roles a staff user can have.
const (
	RoleAdmin   = "admin"   // runs Pagekeeper; sees every practice
	RoleManager = "manager" // a practice manager: overrides, settings, dead letters
	RoleStaff   = "staff"   // reviews held posts
)

// User is a member of staff who can sign in.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string // a PHC string; never the password
	Role         string
	Practices    []string // practice ids, sorted
	CreatedAt    time.Time
}

// AuditKind is what an audit entry records.
type AuditKind string

// The audit kinds.
const (
	AuditReceived     AuditKind = "received"
	AuditJudged       AuditKind = "judged"
	AuditDecided      AuditKind = "decided"
	AuditActed        AuditKind = "acted"
	AuditFailed       AuditKind = "failed"
	AuditRestored     AuditKind = "restored"
	AuditStaffAction  AuditKind = "staff_action"
	AuditEvidenceKept AuditKind = "evidence_kept"
	AuditEscalated    AuditKind = "escalated"
	AuditDeadLettered AuditKind = "dead_lettered"
)

// AuditKinds lists the audit kinds.
func AuditKinds() []AuditKind {
	return []AuditKind{AuditReceived, AuditJudged, AuditDecided, AuditActed, AuditFailed,
		AuditRestored, AuditStaffAction, AuditEvidenceKept, AuditEscalated, AuditDeadLettered,
		AuditPurged, AuditErased}
}

// Valid reports whether k is a known kind.
func (k AuditKind) Valid() bool {
	for _, v := range AuditKinds() {
		if v == k {
			return true
		}
	}
	return false
}

// AuditEntry is one link of a practice's hash chain. Seq counts from 1 per
// practice; PrevHash is the previous entry's Hash ("" for the first).
type AuditEntry struct {
	Seq        int64
	Time       time.Time
	PracticeID string
	Kind       AuditKind
	Subject    string // what it is about: "post:12", "action:40", "user:3"
	Actor      string // "auto", "user:3", "worker"
	Detail     []byte // canonical JSON: ids, categories, action kinds, hashes; never patient text
	PrevHash   string
	Hash       string
}

// timeLayout has a fixed width so stored times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// FormatTime is how records write times: UTC, microseconds (what
// PostgreSQL keeps), fixed width. The zero time formats as "".
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Microsecond).Format(timeLayout)
}

// ParseTime reverses FormatTime.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("parsing time %q: %w", s, err)
	}
	return t, nil
}
