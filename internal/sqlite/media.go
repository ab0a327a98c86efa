package sqlite

import (
	"context"
	"fmt"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// KeepEvidenceMedia stores m, a stripped photo of one of the practice's posts.
func (q *queries) KeepEvidenceMedia(ctx context.Context, m *store.EvidenceMedia) error {
	err := q.x.QueryRowContext(ctx, `INSERT INTO evidence_media (practice_id, post_id, idx, content_type, data, sha256, captured_at)
		SELECT practice_id, id, ?, ?, ?, ?, ? FROM posts WHERE practice_id = ? AND id = ? RETURNING id`,
		m.Index, m.ContentType, bytesOrEmpty(m.Data), m.SHA256, ft(m.CapturedAt), m.PracticeID, m.PostID).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("keeping media of post %d: %w", m.PostID, notFound(err))
	}
	return nil
}

// EvidenceMediaForPost returns the media kept for one of the practice's posts.
func (q *queries) EvidenceMediaForPost(ctx context.Context, practiceID string, postID int64) ([]store.EvidenceMedia, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, practice_id, post_id, idx, content_type, data, sha256, captured_at
		FROM evidence_media WHERE practice_id = ? AND post_id = ? ORDER BY id`, practiceID, postID)
	if err != nil {
		return nil, fmt.Errorf("reading media of post %d: %w", postID, err)
	}
	defer rows.Close()
	var out []store.EvidenceMedia
	for rows.Next() {
		var m store.EvidenceMedia
		if err := rows.Scan(&m.ID, &m.PracticeID, &m.PostID, &m.Index, &m.ContentType, &m.Data, &m.SHA256,
			timeScanner{&m.CapturedAt}); err != nil {
			return nil, fmt.Errorf("reading media of post %d: %w", postID, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading media of post %d: %w", postID, err)
	}
	return out, nil
}
