package store

import (
	"context"
	"time"
)

// Field names one protected value: what a patient or poster wrote, or a
// copy of it. Package sealed encrypts these at rest and binds each
// ciphertext to its practice and field, so a value moved to another field
// or practice no longer decrypts. An edit's earlier version is the same
// field as the post's current value, because backends copy it in SQL.
type Field string

// The protected fields.
const (
	FieldPostText           Field = "post.text"            // Post.Text and PostVersion.Text
	FieldPostRaw            Field = "post.raw"             // Post.Raw and PostVersion.Raw
	FieldPostAuthorName     Field = "post.author_name"     // Post.AuthorName
	FieldEvidenceText       Field = "evidence.text"        // Evidence.Text
	FieldEvidenceRaw        Field = "evidence.raw"         // Evidence.Raw
	FieldEvidenceFresh      Field = "evidence.fresh"       // Evidence.Fresh
	FieldEvidenceAuthorName Field = "evidence.author_name" // Evidence.AuthorName
	FieldMediaData          Field = "media.data"           // EvidenceMedia.Data
	// FieldFindingReason is moderation.Finding.Reason: detectors quote the
	// post in it ("names X together with a health detail (...)").
	FieldFindingReason Field = "finding.reason"
)

// Fields lists the protected fields.
func Fields() []Field {
	return []Field{FieldPostText, FieldPostRaw, FieldPostAuthorName, FieldEvidenceText, FieldEvidenceRaw,
		FieldEvidenceFresh, FieldEvidenceAuthorName, FieldMediaData, FieldFindingReason}
}

// The audit kinds of data protection. Their details hold counts, ids and
// reasons typed by an IG lead, never what a patient wrote.
const (
	// AuditPurged records one retention run: how many rows of each kind
	// went past their limit.
	AuditPurged AuditKind = "purged"
	// AuditErased records a subject's erasure: which posts lost their text.
	AuditErased AuditKind = "erased"
)

// Protection is what retention, subject access and key rotation need of a
// backend beyond Queries. It is a separate interface so a backend (or a
// wrapper) can be checked for it with a type assertion.
type Protection interface {
	// The purges work on one practice, so each practice's audit chain can
	// record what left its records.
	//
	// PurgePostContent blanks the text, raw payload, author name, media
	// and permalink of the practice's posts received before t and the reasons of their
	// findings (which quote the post), and deletes their earlier versions,
	// keeping the post row, its decisions, findings, actions and reviews. Posts with an action still to finish (pending,
	// running, failed) are left alone: a job may need the text. It returns
	// how many posts it blanked; a post already blanked is not counted again.
	PurgePostContent(ctx context.Context, practiceID string, before time.Time) (int64, error)
	// PurgeEvidence deletes the practice's evidence and evidence media
	// captured before t and returns how many rows it deleted.
	PurgeEvidence(ctx context.Context, practiceID string, before time.Time) (int64, error)
	// PurgeDecisions deletes the practice's posts received before t, with no action
	// still to finish, and everything recorded about them (versions,
	// decisions, findings, actions, evidence, media, reviews, feedback). The
	// audit log is kept. It returns how many posts it deleted.
	PurgeDecisions(ctx context.Context, practiceID string, before time.Time) (int64, error)
	// SubjectPosts returns every post of the practice by authorID, on any
	// channel, oldest first.
	SubjectPosts(ctx context.Context, practiceID, authorID string) ([]Post, error)
	// ErasePosts blanks the content of the practice's posts with ids as
	// PurgePostContent does, whatever their actions, and deletes their
	// evidence and evidence media. It returns how many posts it blanked;
	// ErrNotFound if an id is not one of the practice's posts (nothing is
	// changed then).
	ErasePosts(ctx context.Context, practiceID string, ids []int64) (int64, error)
	// Reseal passes every non-empty stored value of the protected fields to
	// fn, with the practice it belongs to, and stores what fn returns when
	// fn reports a change. Values are read and written in batches that
	// commit by themselves, so a run that stops half-way can be repeated.
	// It returns how many values changed; fn's error stops the run.
	Reseal(ctx context.Context, fn func(practiceID string, f Field, v []byte) (out []byte, changed bool, err error)) (int64, error)
}

// ProtectedStore is a Store that also implements Protection.
type ProtectedStore interface {
	Store
	Protection
}
