package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

var _ store.ProtectedStore = (*DB)(nil)

// batch is how many rows a purge or reseal handles per transaction, so a
// long run never holds SQLite's one writer for long.
const batch = 500

// settled is true for a post p with no action still to carry out.
const settled = `NOT EXISTS (SELECT 1 FROM actions a WHERE a.post_id = p.id AND a.state IN ('pending', 'running', 'failed'))`

// inList returns "(?, ?, ...)" and the ids as arguments.
func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")", args
}

func selectIDs(ctx context.Context, x dbtx, query string, args ...any) ([]int64, error) {
	rows, err := x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// execIn runs each statement with "IN %s" filled by ids.
func execIn(ctx context.Context, x dbtx, ids []int64, stmts ...string) error {
	list, args := inList(ids)
	for _, s := range stmts {
		if _, err := x.ExecContext(ctx, fmt.Sprintf(s, list), args...); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// blankPosts blanks the content of the posts with ids.
func blankPosts(ctx context.Context, x dbtx, ids []int64) error {
	return execIn(ctx, x, ids,
		`DELETE FROM post_versions WHERE post_id IN %s`,
		`UPDATE findings SET reason = '' WHERE post_id IN %s`,
		`UPDATE posts SET text = '', raw = x'', author_name = '', media = '[]', permalink = '', content_purged = 1 WHERE id IN %s`)
}

// inBatches runs step in its own transaction until it reports fewer than
// batch rows, and returns the total.
func (q *queries) inBatches(ctx context.Context, step func(x dbtx) (int64, error)) (int64, error) {
	var total int64
	for {
		var n int64
		err := q.atomic(ctx, func(x dbtx) error {
			var err error
			n, err = step(x)
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < batch {
			return total, nil
		}
	}
}

// PurgePostContent blanks the content of posts received before t; see store.Protection.
func (q *queries) PurgePostContent(ctx context.Context, practiceID string, before time.Time) (int64, error) {
	n, err := q.inBatches(ctx, func(x dbtx) (int64, error) {
		ids, err := selectIDs(ctx, x, `SELECT id FROM posts p WHERE practice_id = ? AND received_at < ? AND content_purged = 0 AND `+settled+
			` ORDER BY id LIMIT ?`, practiceID, ft(before), batch)
		if err != nil || len(ids) == 0 {
			return 0, err
		}
		return int64(len(ids)), blankPosts(ctx, x, ids)
	})
	if err != nil {
		return n, fmt.Errorf("purging post content: %w", err)
	}
	return n, nil
}

// PurgeEvidence deletes evidence captured before t; see store.Protection.
func (q *queries) PurgeEvidence(ctx context.Context, practiceID string, before time.Time) (int64, error) {
	var total int64
	for _, table := range []string{"evidence", "evidence_media"} {
		n, err := q.inBatches(ctx, func(x dbtx) (int64, error) {
			res, err := x.ExecContext(ctx, `DELETE FROM `+table+` WHERE id IN (SELECT id FROM `+table+
				` WHERE practice_id = ? AND captured_at < ? ORDER BY id LIMIT ?)`, practiceID, ft(before), batch)
			if err != nil {
				return 0, err
			}
			return res.RowsAffected()
		})
		total += n
		if err != nil {
			return total, fmt.Errorf("purging %s: %w", table, err)
		}
	}
	return total, nil
}

// PurgeDecisions deletes posts received before t and their records; see store.Protection.
func (q *queries) PurgeDecisions(ctx context.Context, practiceID string, before time.Time) (int64, error) {
	n, err := q.inBatches(ctx, func(x dbtx) (int64, error) {
		ids, err := selectIDs(ctx, x, `SELECT id FROM posts p WHERE practice_id = ? AND received_at < ? AND `+settled+` ORDER BY id LIMIT ?`,
			practiceID, ft(before), batch)
		if err != nil || len(ids) == 0 {
			return 0, err
		}
		return int64(len(ids)), execIn(ctx, x, ids,
			`DELETE FROM findings WHERE post_id IN %s`,
			`DELETE FROM feedback WHERE post_id IN %s`,
			`DELETE FROM reviews WHERE post_id IN %s`,
			`DELETE FROM evidence WHERE post_id IN %s`,
			`DELETE FROM evidence_media WHERE post_id IN %s`,
			`DELETE FROM actions WHERE post_id IN %s`,
			`DELETE FROM decisions WHERE post_id IN %s`,
			`DELETE FROM post_versions WHERE post_id IN %s`,
			`DELETE FROM posts WHERE id IN %s`)
	})
	if err != nil {
		return n, fmt.Errorf("purging decisions: %w", err)
	}
	return n, nil
}

// SubjectPosts returns every post of the practice by the author; see store.Protection.
func (q *queries) SubjectPosts(ctx context.Context, practiceID, authorID string) ([]store.Post, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+postCols+` FROM posts WHERE practice_id = ? AND author_id = ?
		ORDER BY received_at, id`, practiceID, authorID)
	if err != nil {
		return nil, fmt.Errorf("listing a subject's posts: %w", err)
	}
	defer rows.Close()
	var out []store.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("listing a subject's posts: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing a subject's posts: %w", err)
	}
	return out, nil
}

// ErasePosts blanks the content and deletes the evidence of the
// practice's posts with ids; see store.Protection.
func (q *queries) ErasePosts(ctx context.Context, practiceID string, ids []int64) (int64, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	err := q.atomic(ctx, func(x dbtx) error {
		for c := range slices.Chunk(ids, batch) {
			list, args := inList(c)
			var n int
			if err := x.QueryRowContext(ctx, `SELECT count(*) FROM posts WHERE practice_id = ? AND id IN `+list,
				append([]any{practiceID}, args...)...).Scan(&n); err != nil {
				return err
			}
			if n != len(c) {
				return fmt.Errorf("%d of the posts are not the practice's: %w", len(c)-n, store.ErrNotFound)
			}
			if err := blankPosts(ctx, x, c); err != nil {
				return err
			}
			if err := execIn(ctx, x, c, `DELETE FROM evidence WHERE post_id IN %s`,
				`DELETE FROM evidence_media WHERE post_id IN %s`); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("erasing posts: %w", err)
	}
	return int64(len(ids)), nil
}

// sealedColumn is where one protected field is stored.
type sealedColumn struct {
	field    store.Field
	table    string // the table updated, keyed by rowid
	column   string
	from     string // FROM clause; t is the table, giving practice_id as practice
	practice string
	text     bool // a TEXT column (else BLOB)
}

var sealedColumns = []sealedColumn{
	{store.FieldPostText, "posts", "text", "posts t", "t.practice_id", true},
	{store.FieldPostRaw, "posts", "raw", "posts t", "t.practice_id", false},
	{store.FieldPostAuthorName, "posts", "author_name", "posts t", "t.practice_id", true},
	{store.FieldPostText, "post_versions", "text", "post_versions t JOIN posts p ON p.id = t.post_id", "p.practice_id", true},
	{store.FieldPostRaw, "post_versions", "raw", "post_versions t JOIN posts p ON p.id = t.post_id", "p.practice_id", false},
	{store.FieldEvidenceText, "evidence", "text", "evidence t", "t.practice_id", true},
	{store.FieldEvidenceAuthorName, "evidence", "author_name", "evidence t", "t.practice_id", true},
	{store.FieldEvidenceRaw, "evidence", "raw", "evidence t", "t.practice_id", false},
	{store.FieldEvidenceFresh, "evidence", "fresh", "evidence t", "t.practice_id", false},
	{store.FieldMediaData, "evidence_media", "data", "evidence_media t", "t.practice_id", false},
	{store.FieldFindingReason, "findings", "reason", "findings t", "t.practice_id", true},
}

// Reseal rewrites stored protected values through fn; see store.Protection.
func (q *queries) Reseal(ctx context.Context, fn func(practiceID string, f store.Field, v []byte) ([]byte, bool, error)) (int64, error) {
	var changed int64
	for _, c := range sealedColumns {
		var after int64
		for {
			var n int
			err := q.atomic(ctx, func(x dbtx) error {
				rows, err := x.QueryContext(ctx, `SELECT t.rowid, `+c.practice+`, t.`+c.column+` FROM `+c.from+
					` WHERE t.rowid > ? AND length(t.`+c.column+`) > 0 ORDER BY t.rowid LIMIT ?`, after, batch)
				if err != nil {
					return err
				}
				type row struct {
					id       int64
					practice string
					v        []byte
				}
				var page []row
				for rows.Next() {
					var r row
					if err := rows.Scan(&r.id, &r.practice, &r.v); err != nil {
						rows.Close()
						return err
					}
					page = append(page, r)
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return err
				}
				n = len(page)
				for _, r := range page {
					after = r.id
					out, ok, err := fn(r.practice, c.field, r.v)
					if err != nil {
						return fmt.Errorf("%s.%s row %d: %w", c.table, c.column, r.id, err)
					}
					if !ok {
						continue
					}
					var val any = bytesOrEmpty(out)
					if c.text {
						val = string(out)
					}
					if _, err := x.ExecContext(ctx, `UPDATE `+c.table+` SET `+c.column+` = ? WHERE rowid = ?`, val, r.id); err != nil {
						return err
					}
					changed++
				}
				return nil
			})
			if err != nil {
				return changed, fmt.Errorf("resealing %s: %w", c.field, err)
			}
			if n < batch {
				break
			}
		}
	}
	return changed, nil
}
