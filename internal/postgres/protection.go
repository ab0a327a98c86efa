package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

var _ store.ProtectedStore = (*DB)(nil)

// batch is how many rows a purge or reseal handles per transaction.
const batch = 500

// settled is true for a post p with no action still to carry out.
const settled = `NOT EXISTS (SELECT 1 FROM actions a WHERE a.post_id = p.id AND a.state IN ('pending', 'running', 'failed'))`

func selectIDs(ctx context.Context, x dbtx, query string, args ...any) ([]int64, error) {
	rows, err := x.Query(ctx, query, args...)
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

// execAll runs each statement with $1 the ids.
func execAll(ctx context.Context, x dbtx, ids []int64, stmts ...string) error {
	for _, s := range stmts {
		if _, err := x.Exec(ctx, s, ids); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// blankPosts blanks the content of the posts with ids.
func blankPosts(ctx context.Context, x dbtx, ids []int64) error {
	return execAll(ctx, x, ids,
		`DELETE FROM post_versions WHERE post_id = ANY($1)`,
		`UPDATE findings SET reason = '' WHERE post_id = ANY($1)`,
		`UPDATE posts SET text = '', raw = '', author_name = '', media = '[]', permalink = '', content_purged = true WHERE id = ANY($1)`)
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
		ids, err := selectIDs(ctx, x, `SELECT id FROM posts p WHERE practice_id = $1 AND received_at < $2
			AND NOT content_purged AND `+settled+` ORDER BY id LIMIT $3`, practiceID, tz(before), batch)
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
			tag, err := x.Exec(ctx, `DELETE FROM `+table+` WHERE id IN (SELECT id FROM `+table+
				` WHERE practice_id = $1 AND captured_at < $2 ORDER BY id LIMIT $3)`, practiceID, tz(before), batch)
			if err != nil {
				return 0, err
			}
			return tag.RowsAffected(), nil
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
		ids, err := selectIDs(ctx, x, `SELECT id FROM posts p WHERE practice_id = $1 AND received_at < $2 AND `+settled+
			` ORDER BY id LIMIT $3`, practiceID, tz(before), batch)
		if err != nil || len(ids) == 0 {
			return 0, err
		}
		return int64(len(ids)), execAll(ctx, x, ids,
			`DELETE FROM findings WHERE post_id = ANY($1)`,
			`DELETE FROM feedback WHERE post_id = ANY($1)`,
			`DELETE FROM reviews WHERE post_id = ANY($1)`,
			`DELETE FROM evidence WHERE post_id = ANY($1)`,
			`DELETE FROM evidence_media WHERE post_id = ANY($1)`,
			`DELETE FROM actions WHERE post_id = ANY($1)`,
			`DELETE FROM decisions WHERE post_id = ANY($1)`,
			`DELETE FROM post_versions WHERE post_id = ANY($1)`,
			`DELETE FROM posts WHERE id = ANY($1)`)
	})
	if err != nil {
		return n, fmt.Errorf("purging decisions: %w", err)
	}
	return n, nil
}

// SubjectPosts returns every post of the practice by the author; see store.Protection.
func (q *queries) SubjectPosts(ctx context.Context, practiceID, authorID string) ([]store.Post, error) {
	rows, err := q.x.Query(ctx, `SELECT `+postCols+` FROM posts WHERE practice_id = $1 AND author_id = $2
		ORDER BY received_at NULLS FIRST, id`, practiceID, authorID)
	if err != nil {
		return nil, fmt.Errorf("listing a subject's posts: %w", err)
	}
	defer rows.Close()
	var out []store.Post
	for rows.Next() {
		var p store.Post
		if err := scanPost(rows, &p); err != nil {
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
		var n int
		if err := x.QueryRow(ctx, `SELECT count(*) FROM posts WHERE practice_id = $1 AND id = ANY($2)`, practiceID, ids).Scan(&n); err != nil {
			return err
		}
		if n != len(ids) {
			return fmt.Errorf("%d of the posts are not the practice's: %w", len(ids)-n, store.ErrNotFound)
		}
		if err := blankPosts(ctx, x, ids); err != nil {
			return err
		}
		return execAll(ctx, x, ids, `DELETE FROM evidence WHERE post_id = ANY($1)`, `DELETE FROM evidence_media WHERE post_id = ANY($1)`)
	})
	if err != nil {
		return 0, fmt.Errorf("erasing posts: %w", err)
	}
	return int64(len(ids)), nil
}

// sealedColumn is where one protected field is stored. Rows are walked in
// key order: (id, 0) for tables with an id, (post_id, version) for versions.
type sealedColumn struct {
	field    store.Field
	table    string
	column   string
	from     string // FROM clause; t is the table
	practice string
	k1, k2   string // the key columns of t
	text     bool   // a text column (else bytea)
}

var sealedColumns = []sealedColumn{
	{store.FieldPostText, "posts", "text", "posts t", "t.practice_id", "id", "0", false},
	{store.FieldPostRaw, "posts", "raw", "posts t", "t.practice_id", "id", "0", false},
	{store.FieldPostAuthorName, "posts", "author_name", "posts t", "t.practice_id", "id", "0", false},
	{store.FieldPostText, "post_versions", "text", "post_versions t JOIN posts p ON p.id = t.post_id", "p.practice_id", "post_id", "version", false},
	{store.FieldPostRaw, "post_versions", "raw", "post_versions t JOIN posts p ON p.id = t.post_id", "p.practice_id", "post_id", "version", false},
	{store.FieldEvidenceText, "evidence", "text", "evidence t", "t.practice_id", "id", "0", false},
	{store.FieldEvidenceAuthorName, "evidence", "author_name", "evidence t", "t.practice_id", "id", "0", false},
	{store.FieldEvidenceRaw, "evidence", "raw", "evidence t", "t.practice_id", "id", "0", false},
	{store.FieldEvidenceFresh, "evidence", "fresh", "evidence t", "t.practice_id", "id", "0", false},
	{store.FieldMediaData, "evidence_media", "data", "evidence_media t", "t.practice_id", "id", "0", false},
	{store.FieldFindingReason, "findings", "reason", "findings t", "t.practice_id", "id", "0", true},
}

// Reseal rewrites stored protected values through fn; see store.Protection.
func (q *queries) Reseal(ctx context.Context, fn func(practiceID string, f store.Field, v []byte) ([]byte, bool, error)) (int64, error) {
	var changed int64
	for _, c := range sealedColumns {
		k2 := "t." + c.k2
		where := "t." + c.k1 + " = $2 AND t." + c.k2 + " = $3"
		if c.k2 == "0" {
			k2 = "0::bigint"
			where = "t." + c.k1 + " = $2 AND $3::bigint = 0"
		}
		val := "t." + c.column
		if c.text {
			val = "convert_to(t." + c.column + ", 'UTF8')"
		}
		var after1, after2 int64
		for {
			var n int
			err := q.atomic(ctx, func(x dbtx) error {
				rows, err := x.Query(ctx, `SELECT t.`+c.k1+`, `+k2+`, `+c.practice+`, `+val+` FROM `+c.from+
					` WHERE (t.`+c.k1+`, `+k2+`) > ($1, $2) AND length(t.`+c.column+`) > 0 ORDER BY 1, 2 LIMIT $3`,
					after1, after2, batch)
				if err != nil {
					return err
				}
				type row struct {
					k1, k2   int64
					practice string
					v        []byte
				}
				var page []row
				for rows.Next() {
					var r row
					if err := rows.Scan(&r.k1, &r.k2, &r.practice, &r.v); err != nil {
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
					after1, after2 = r.k1, r.k2
					out, ok, err := fn(r.practice, c.field, r.v)
					if err != nil {
						return fmt.Errorf("%s.%s row %d/%d: %w", c.table, c.column, r.k1, r.k2, err)
					}
					if !ok {
						continue
					}
					var val any = bytesOrEmpty(out)
					if c.text {
						val = string(out)
					}
					if _, err := x.Exec(ctx, `UPDATE `+c.table+` t SET `+c.column+` = $1 WHERE `+where, val, r.k1, r.k2); err != nil {
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
