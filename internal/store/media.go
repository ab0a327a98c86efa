package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// MediaLocker keeps the photos attached to posts, with all their metadata
// stripped (package media's Strip), so stored evidence never carries a
// patient's GPS position or camera details.
type MediaLocker interface {
	// KeepEvidenceMedia stores m and sets m.ID. The caller fills m.SHA256
	// with m.Hash(). ErrNotFound if the post is not the practice's;
	// ErrDuplicate if the post already has media with the same SHA256.
	KeepEvidenceMedia(ctx context.Context, m *EvidenceMedia) error
	// EvidenceMediaForPost returns the post's media, oldest first.
	EvidenceMediaForPost(ctx context.Context, practiceID string, postID int64) ([]EvidenceMedia, error)
}

// EvidenceMedia is a copy of a photo attached to a post, re-encoded without
// metadata, with a hash an auditor can recompute.
type EvidenceMedia struct {
	ID          int64
	PracticeID  string
	PostID      int64
	Index       int    // which of the post's attachments, from 1
	ContentType string // "image/jpeg" or "image/png"
	Data        []byte // the stripped image
	SHA256      string // hex of Hash()
	CapturedAt  time.Time
}

// Hash returns the hex SHA-256 of the image bytes: the same photo kept
// twice hashes the same, whatever post or time it was kept under.
func (m EvidenceMedia) Hash() string {
	sum := sha256.Sum256(m.Data)
	return hex.EncodeToString(sum[:])
}

// Intact reports whether the image still hashes to its recorded SHA256.
func (m EvidenceMedia) Intact() bool { return m.SHA256 == m.Hash() }
