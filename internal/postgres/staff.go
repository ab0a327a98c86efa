package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Sessions.

func (q *queries) CreateSession(ctx context.Context, s *store.Session) error {
	err := q.guarded(ctx, func(x dbtx) error {
		_, err := x.Exec(ctx, `INSERT INTO sessions (id, user_id, created_at, seen_at) VALUES ($1, $2, $3, $4)`,
			s.ID, s.UserID, tz(s.CreatedAt), tz(s.SeenAt))
		return mapErr(err)
	})
	if err != nil {
		return fmt.Errorf("creating session: %w", err)
	}
	return nil
}

func (q *queries) Session(ctx context.Context, id string) (store.Session, error) {
	var s store.Session
	err := q.x.QueryRow(ctx, `SELECT id, user_id, created_at, seen_at FROM sessions WHERE id = $1`, id).
		Scan(&s.ID, &s.UserID, tsScanner{&s.CreatedAt}, tsScanner{&s.SeenAt})
	if err != nil {
		return store.Session{}, fmt.Errorf("reading session: %w", notFound(err))
	}
	return s, nil
}

func (q *queries) TouchSession(ctx context.Context, id string, t time.Time) error {
	if err := mustAffect(q.x.Exec(ctx, `UPDATE sessions SET seen_at = $1 WHERE id = $2`, tz(t), id)); err != nil {
		return fmt.Errorf("touching session: %w", err)
	}
	return nil
}

func (q *queries) DeleteSession(ctx context.Context, id string) error {
	if _, err := q.x.Exec(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("deleting session: %w", err)
	}
	return nil
}

func (q *queries) DeleteExpiredSessions(ctx context.Context, seenBefore, createdBefore time.Time) (int64, error) {
	var a args
	tag, err := q.x.Exec(ctx, `DELETE FROM sessions WHERE `+before("seen_at", &a, seenBefore)+` OR `+
		before("created_at", &a, createdBefore), a...)
	if err != nil {
		return 0, fmt.Errorf("deleting expired sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}

func (q *queries) DeleteUserSessions(ctx context.Context, userID int64) (int64, error) {
	tag, err := q.x.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("deleting the sessions of user %d: %w", userID, err)
	}
	return tag.RowsAffected(), nil
}

// Reviews.

func (q *queries) Review(ctx context.Context, practiceID string, postID int64) (store.Review, error) {
	r := store.Review{PracticeID: practiceID, PostID: postID}
	err := q.x.QueryRow(ctx, `SELECT assigned_to, assigned_at, reviewed_by, reviewed_at, outcome
		FROM reviews WHERE practice_id = $1 AND post_id = $2`, practiceID, postID).
		Scan(&r.AssignedTo, tsScanner{&r.AssignedAt}, &r.ReviewedBy, tsScanner{&r.ReviewedAt}, &r.Outcome)
	if err != nil {
		return store.Review{}, fmt.Errorf("reading the review of post %d: %w", postID, notFound(err))
	}
	return r, nil
}

// The upserts below take their post from posts, so a post that is not the
// practice's inserts nothing and reports ErrNotFound.

func (q *queries) AssignPost(ctx context.Context, practiceID string, postID, userID int64, at time.Time) error {
	err := mustAffect(q.x.Exec(ctx, `INSERT INTO reviews (practice_id, post_id, assigned_to, assigned_at)
		SELECT practice_id, id, $1, $2 FROM posts WHERE practice_id = $3 AND id = $4
		ON CONFLICT (practice_id, post_id) DO UPDATE SET assigned_to = excluded.assigned_to, assigned_at = excluded.assigned_at`,
		userID, tz(at), practiceID, postID))
	if err != nil {
		return fmt.Errorf("assigning post %d: %w", postID, err)
	}
	return nil
}

func (q *queries) MarkReviewed(ctx context.Context, practiceID string, postID, userID int64, outcome string, at time.Time) error {
	err := mustAffect(q.x.Exec(ctx, `INSERT INTO reviews (practice_id, post_id, reviewed_by, reviewed_at, outcome)
		SELECT practice_id, id, $1, $2, $3 FROM posts WHERE practice_id = $4 AND id = $5
		ON CONFLICT (practice_id, post_id) DO UPDATE SET reviewed_by = excluded.reviewed_by,
		reviewed_at = excluded.reviewed_at, outcome = excluded.outcome`,
		userID, tz(at), outcome, practiceID, postID))
	if err != nil {
		return fmt.Errorf("marking post %d reviewed: %w", postID, err)
	}
	return nil
}

func (q *queries) ReviewQueue(ctx context.Context, practiceID string, f store.QueueFilter) ([]store.QueueItem, error) {
	var a args
	where := []string{"p.practice_id = " + a.add(practiceID)}
	hasFindings := `EXISTS (SELECT 1 FROM findings f WHERE f.practice_id = p.practice_id AND f.post_id = p.id)`
	order := "p.received_at DESC NULLS LAST, p.id DESC"
	switch f.State {
	case store.QueueNeedsReview:
		where = append(where, `r.reviewed_at IS NULL`, `(p.status = 'held' OR `+hasFindings+`)`)
		order = "p.received_at NULLS FIRST, p.id"
	case store.QueueActed:
		where = append(where, `p.status IN ('hidden', 'deleted')`)
	case store.QueueRestored:
		where = append(where, `(COALESCE(r.outcome, '') = 'restored' OR EXISTS (SELECT 1 FROM actions a
			WHERE a.practice_id = p.practice_id AND a.post_id = p.id AND a.kind = 'unhide'))`)
	case store.QueueAll, "":
	default:
		return nil, fmt.Errorf("listing the review queue: unknown state %q", f.State)
	}
	if f.Category != "" {
		where = append(where, `EXISTS (SELECT 1 FROM findings f WHERE f.practice_id = p.practice_id AND f.post_id = p.id AND f.category = `+
			a.add(f.Category)+`)`)
	}
	if f.Channel != "" {
		where = append(where, "p.channel = "+a.add(f.Channel))
	}
	if f.AssignedTo != 0 {
		where = append(where, "r.assigned_to = "+a.add(f.AssignedTo))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := q.x.Query(ctx, `SELECT `+postColsP+`,
		COALESCE(r.assigned_to, 0), r.assigned_at, COALESCE(r.reviewed_by, 0), r.reviewed_at, COALESCE(r.outcome, ''),
		COALESCE((SELECT d.labels FROM decisions d WHERE d.practice_id = p.practice_id AND d.post_id = p.id
			ORDER BY d.id DESC LIMIT 1), '[]')
		FROM posts p LEFT JOIN reviews r ON r.practice_id = p.practice_id AND r.post_id = p.id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT `+a.add(limit), a...)
	out, err := collect(rows, err, func(r pgx.Rows, it *store.QueueItem) error {
		dest := append(postDest(&it.Post), &it.Review.AssignedTo, tsScanner{&it.Review.AssignedAt},
			&it.Review.ReviewedBy, tsScanner{&it.Review.ReviewedAt}, &it.Review.Outcome, jsonScanner{&it.Labels})
		if err := r.Scan(dest...); err != nil {
			return err
		}
		it.Review.PracticeID, it.Review.PostID = it.Post.PracticeID, it.Post.ID
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing the review queue: %w", err)
	}
	return out, nil
}

func (q *queries) PostsByAuthor(ctx context.Context, practiceID string, ch moderation.Channel, authorID string, limit int) ([]store.Post, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := q.x.Query(ctx, `SELECT `+postCols+` FROM posts WHERE practice_id = $1 AND channel = $2 AND author_id = $3
		ORDER BY received_at DESC NULLS LAST, id DESC LIMIT $4`, practiceID, ch, authorID, limit)
	out, err := collect(rows, err, func(r pgx.Rows, p *store.Post) error { return scanPost(r, p) })
	if err != nil {
		return nil, fmt.Errorf("listing an author's posts: %w", err)
	}
	return out, nil
}

func (q *queries) ListUsers(ctx context.Context, practiceID string) ([]store.User, error) {
	// Ordered as SQLite's COLLATE NOCASE orders: ASCII letters folded,
	// everything else by byte (lower under "C" folds only ASCII).
	rows, err := q.x.Query(ctx, `SELECT u.id FROM users u JOIN user_practices up ON up.user_id = u.id
		WHERE up.practice_id = $1 ORDER BY lower(u.email COLLATE "C"), u.id`,
		practiceID)
	ids, err := collect(rows, err, func(r pgx.Rows, id *int64) error { return r.Scan(id) })
	if err != nil {
		return nil, fmt.Errorf("listing users: %w", err)
	}
	out := make([]store.User, 0, len(ids))
	for _, id := range ids {
		u, err := q.User(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("listing users: %w", err)
		}
		out = append(out, u)
	}
	return out, nil
}

// Staff records.

func (q *queries) AddFeedback(ctx context.Context, f *store.Feedback) error {
	err := q.guarded(ctx, func(x dbtx) error {
		return notFound(x.QueryRow(ctx, `INSERT INTO feedback (practice_id, post_id, decision_id, category, verdict, user_id, note, created_at)
			SELECT practice_id, id, $1, $2, $3, $4, $5, $6 FROM posts WHERE practice_id = $7 AND id = $8 RETURNING id`,
			f.DecisionID, f.Category, f.Verdict, f.UserID, f.Note, tz(f.CreatedAt), f.PracticeID, f.PostID).Scan(&f.ID))
	})
	if err != nil {
		return fmt.Errorf("adding feedback on post %d: %w", f.PostID, err)
	}
	return nil
}

func (q *queries) FeedbackSince(ctx context.Context, practiceID string, t time.Time) ([]store.Feedback, error) {
	a := args{practiceID}
	rows, err := q.x.Query(ctx, `SELECT id, practice_id, post_id, decision_id, category, verdict, user_id, note, created_at
		FROM feedback WHERE practice_id = $1 AND `+notBefore("created_at", &a, t)+` ORDER BY created_at NULLS FIRST, id`, a...)
	out, err := collect(rows, err, func(r pgx.Rows, f *store.Feedback) error {
		return r.Scan(&f.ID, &f.PracticeID, &f.PostID, &f.DecisionID, &f.Category, &f.Verdict, &f.UserID, &f.Note,
			tsScanner{&f.CreatedAt})
	})
	if err != nil {
		return nil, fmt.Errorf("reading feedback: %w", err)
	}
	return out, nil
}

func (q *queries) AddPageBan(ctx context.Context, b *store.PageBan) error {
	err := q.guarded(ctx, func(x dbtx) error {
		return mapErr(x.QueryRow(ctx, `INSERT INTO page_bans (practice_id, channel, author_id, author_name, post_id, reason, decided_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			b.PracticeID, b.Channel, b.AuthorID, b.AuthorName, b.PostID, b.Reason, b.DecidedBy, tz(b.DecidedAt)).Scan(&b.ID))
	})
	if err != nil {
		return fmt.Errorf("recording a page ban: %w", err)
	}
	return nil
}

func (q *queries) PageBans(ctx context.Context, practiceID string, ch moderation.Channel, authorID string) ([]store.PageBan, error) {
	rows, err := q.x.Query(ctx, `SELECT id, practice_id, channel, author_id, author_name, post_id, reason, decided_by, decided_at
		FROM page_bans WHERE practice_id = $1 AND channel = $2 AND author_id = $3 ORDER BY id`, practiceID, ch, authorID)
	out, err := collect(rows, err, func(r pgx.Rows, b *store.PageBan) error {
		return r.Scan(&b.ID, &b.PracticeID, &b.Channel, &b.AuthorID, &b.AuthorName, &b.PostID, &b.Reason, &b.DecidedBy,
			tsScanner{&b.DecidedAt})
	})
	if err != nil {
		return nil, fmt.Errorf("reading page bans: %w", err)
	}
	return out, nil
}

func (q *queries) AddPolicyTest(ctx context.Context, pt *store.PolicyTest) error {
	labels, actions := pt.WantLabels, pt.WantActions
	if labels == nil {
		labels = []moderation.Category{}
	}
	if actions == nil {
		actions = []moderation.ActionKind{}
	}
	err := q.guarded(ctx, func(x dbtx) error {
		return mapErr(x.QueryRow(ctx, `INSERT INTO policy_tests (practice_id, name, channel, text, want_labels, want_actions, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			pt.PracticeID, pt.Name, pt.Channel, pt.Text, mustJSON(labels), mustJSON(actions), pt.CreatedBy, tz(pt.CreatedAt)).Scan(&pt.ID))
	})
	if err != nil {
		return fmt.Errorf("adding a policy test: %w", err)
	}
	return nil
}

func (q *queries) PolicyTests(ctx context.Context, practiceID string) ([]store.PolicyTest, error) {
	rows, err := q.x.Query(ctx, `SELECT id, practice_id, name, channel, text, want_labels, want_actions, created_by, created_at
		FROM policy_tests WHERE practice_id = $1 ORDER BY id`, practiceID)
	out, err := collect(rows, err, func(r pgx.Rows, pt *store.PolicyTest) error {
		return r.Scan(&pt.ID, &pt.PracticeID, &pt.Name, &pt.Channel, &pt.Text, jsonScanner{&pt.WantLabels},
			jsonScanner{&pt.WantActions}, &pt.CreatedBy, tsScanner{&pt.CreatedAt})
	})
	if err != nil {
		return nil, fmt.Errorf("reading policy tests: %w", err)
	}
	return out, nil
}

func (q *queries) DeletePolicyTest(ctx context.Context, practiceID string, id int64) error {
	if err := mustAffect(q.x.Exec(ctx, `DELETE FROM policy_tests WHERE practice_id = $1 AND id = $2`, practiceID, id)); err != nil {
		return fmt.Errorf("deleting policy test %d: %w", id, err)
	}
	return nil
}
