package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Sessions.

func (q *queries) CreateSession(ctx context.Context, s *store.Session) error {
	_, err := q.x.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, seen_at) VALUES (?, ?, ?, ?)`,
		s.ID, s.UserID, ft(s.CreatedAt), ft(s.SeenAt))
	if err != nil {
		return fmt.Errorf("creating session: %w", mapErr(err))
	}
	return nil
}

func (q *queries) Session(ctx context.Context, id string) (store.Session, error) {
	var s store.Session
	err := q.x.QueryRowContext(ctx, `SELECT id, user_id, created_at, seen_at FROM sessions WHERE id = ?`, id).
		Scan(&s.ID, &s.UserID, timeScanner{&s.CreatedAt}, timeScanner{&s.SeenAt})
	if err != nil {
		return store.Session{}, fmt.Errorf("reading session: %w", notFound(err))
	}
	return s, nil
}

func (q *queries) TouchSession(ctx context.Context, id string, t time.Time) error {
	res, err := q.x.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE id = ?`, ft(t), id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("touching session: %w", mapErr(err))
	}
	return nil
}

func (q *queries) DeleteSession(ctx context.Context, id string) error {
	if _, err := q.x.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id); err != nil {
		return fmt.Errorf("deleting session: %w", err)
	}
	return nil
}

func (q *queries) DeleteExpiredSessions(ctx context.Context, seenBefore, createdBefore time.Time) (int64, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM sessions WHERE seen_at < ? OR created_at < ?`, ft(seenBefore), ft(createdBefore))
	if err != nil {
		return 0, fmt.Errorf("deleting expired sessions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("deleting expired sessions: %w", err)
	}
	return n, nil
}

func (q *queries) DeleteUserSessions(ctx context.Context, userID int64) (int64, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	if err != nil {
		return 0, fmt.Errorf("deleting the sessions of user %d: %w", userID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("deleting the sessions of user %d: %w", userID, err)
	}
	return n, nil
}

// Reviews.

// ensurePost returns ErrNotFound unless the post is the practice's.
func ensurePost(ctx context.Context, x dbtx, practiceID string, postID int64) error {
	var one int
	err := x.QueryRowContext(ctx, `SELECT 1 FROM posts WHERE practice_id = ? AND id = ?`, practiceID, postID).Scan(&one)
	return notFound(err)
}

func (q *queries) Review(ctx context.Context, practiceID string, postID int64) (store.Review, error) {
	r := store.Review{PracticeID: practiceID, PostID: postID}
	err := q.x.QueryRowContext(ctx, `SELECT assigned_to, assigned_at, reviewed_by, reviewed_at, outcome
		FROM reviews WHERE practice_id = ? AND post_id = ?`, practiceID, postID).
		Scan(&r.AssignedTo, timeScanner{&r.AssignedAt}, &r.ReviewedBy, timeScanner{&r.ReviewedAt}, &r.Outcome)
	if err != nil {
		return store.Review{}, fmt.Errorf("reading the review of post %d: %w", postID, notFound(err))
	}
	return r, nil
}

func (q *queries) AssignPost(ctx context.Context, practiceID string, postID, userID int64, at time.Time) error {
	err := q.atomic(ctx, func(x dbtx) error {
		if err := ensurePost(ctx, x, practiceID, postID); err != nil {
			return err
		}
		_, err := x.ExecContext(ctx, `INSERT INTO reviews (practice_id, post_id, assigned_to, assigned_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (practice_id, post_id) DO UPDATE SET assigned_to = excluded.assigned_to, assigned_at = excluded.assigned_at`,
			practiceID, postID, userID, ft(at))
		return mapErr(err)
	})
	if err != nil {
		return fmt.Errorf("assigning post %d: %w", postID, err)
	}
	return nil
}

func (q *queries) MarkReviewed(ctx context.Context, practiceID string, postID, userID int64, outcome string, at time.Time) error {
	err := q.atomic(ctx, func(x dbtx) error {
		if err := ensurePost(ctx, x, practiceID, postID); err != nil {
			return err
		}
		_, err := x.ExecContext(ctx, `INSERT INTO reviews (practice_id, post_id, reviewed_by, reviewed_at, outcome) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (practice_id, post_id) DO UPDATE SET reviewed_by = excluded.reviewed_by,
			reviewed_at = excluded.reviewed_at, outcome = excluded.outcome`,
			practiceID, postID, userID, ft(at), outcome)
		return mapErr(err)
	})
	if err != nil {
		return fmt.Errorf("marking post %d reviewed: %w", postID, err)
	}
	return nil
}

// postColsP is postCols qualified by the posts table's alias p.
var postColsP = func() string {
	cols := strings.Split(postCols, ",")
	for i, c := range cols {
		cols[i] = "p." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}()

// postDest is where scanning postCols puts each column.
func postDest(p *store.Post) []any {
	return []any{&p.ID, &p.PracticeID, &p.Channel, &p.ExternalID, &p.ParentID, &p.AuthorID, &p.AuthorName,
		&p.Text, jsonScanner{&p.Media}, &p.Permalink, timeScanner{&p.CreatedAt}, timeScanner{&p.ReceivedAt},
		&p.Status, &p.Raw}
}

func (q *queries) ReviewQueue(ctx context.Context, practiceID string, f store.QueueFilter) ([]store.QueueItem, error) {
	where := []string{"p.practice_id = ?"}
	args := []any{practiceID}
	hasFindings := `EXISTS (SELECT 1 FROM findings f WHERE f.practice_id = p.practice_id AND f.post_id = p.id)`
	order := "p.received_at DESC, p.id DESC"
	switch f.State {
	case store.QueueNeedsReview:
		where = append(where, `COALESCE(r.reviewed_at, '') = ''`, `(p.status = 'held' OR `+hasFindings+`)`)
		order = "p.received_at, p.id"
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
		where = append(where, `EXISTS (SELECT 1 FROM findings f WHERE f.practice_id = p.practice_id AND f.post_id = p.id AND f.category = ?)`)
		args = append(args, f.Category)
	}
	if f.Channel != "" {
		where = append(where, "p.channel = ?")
		args = append(args, f.Channel)
	}
	if f.AssignedTo != 0 {
		where = append(where, "r.assigned_to = ?")
		args = append(args, f.AssignedTo)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	args = append(args, limit)
	rows, err := q.x.QueryContext(ctx, `SELECT `+postColsP+`,
		COALESCE(r.assigned_to, 0), COALESCE(r.assigned_at, ''), COALESCE(r.reviewed_by, 0),
		COALESCE(r.reviewed_at, ''), COALESCE(r.outcome, ''),
		COALESCE((SELECT d.labels FROM decisions d WHERE d.practice_id = p.practice_id AND d.post_id = p.id
			ORDER BY d.id DESC LIMIT 1), '[]')
		FROM posts p LEFT JOIN reviews r ON r.practice_id = p.practice_id AND r.post_id = p.id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing the review queue: %w", err)
	}
	defer rows.Close()
	var out []store.QueueItem
	for rows.Next() {
		var it store.QueueItem
		dest := append(postDest(&it.Post), &it.Review.AssignedTo, timeScanner{&it.Review.AssignedAt},
			&it.Review.ReviewedBy, timeScanner{&it.Review.ReviewedAt}, &it.Review.Outcome, jsonScanner{&it.Labels})
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("listing the review queue: %w", err)
		}
		it.Review.PracticeID, it.Review.PostID = it.Post.PracticeID, it.Post.ID
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing the review queue: %w", err)
	}
	return out, nil
}

func (q *queries) PostsByAuthor(ctx context.Context, practiceID string, ch moderation.Channel, authorID string, limit int) ([]store.Post, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+postCols+` FROM posts WHERE practice_id = ? AND channel = ? AND author_id = ?
		ORDER BY received_at DESC, id DESC LIMIT ?`, practiceID, ch, authorID, limit)
	if err != nil {
		return nil, fmt.Errorf("listing an author's posts: %w", err)
	}
	defer rows.Close()
	var out []store.Post
	for rows.Next() {
		var p store.Post
		if err := rows.Scan(postDest(&p)...); err != nil {
			return nil, fmt.Errorf("listing an author's posts: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing an author's posts: %w", err)
	}
	return out, nil
}

func (q *queries) ListUsers(ctx context.Context, practiceID string) ([]store.User, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT u.id FROM users u JOIN user_practices up ON up.user_id = u.id
		WHERE up.practice_id = ? ORDER BY u.email`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("listing users: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("listing users: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
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
	err := q.x.QueryRowContext(ctx, `INSERT INTO feedback (practice_id, post_id, decision_id, category, verdict, user_id, note, created_at)
		SELECT practice_id, id, ?, ?, ?, ?, ?, ? FROM posts WHERE practice_id = ? AND id = ? RETURNING id`,
		f.DecisionID, f.Category, f.Verdict, f.UserID, f.Note, ft(f.CreatedAt), f.PracticeID, f.PostID).Scan(&f.ID)
	if err != nil {
		return fmt.Errorf("adding feedback on post %d: %w", f.PostID, notFound(err))
	}
	return nil
}

func (q *queries) FeedbackSince(ctx context.Context, practiceID string, t time.Time) ([]store.Feedback, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, practice_id, post_id, decision_id, category, verdict, user_id, note, created_at
		FROM feedback WHERE practice_id = ? AND created_at >= ? ORDER BY created_at, id`, practiceID, ft(t))
	if err != nil {
		return nil, fmt.Errorf("reading feedback: %w", err)
	}
	defer rows.Close()
	var out []store.Feedback
	for rows.Next() {
		var f store.Feedback
		if err := rows.Scan(&f.ID, &f.PracticeID, &f.PostID, &f.DecisionID, &f.Category, &f.Verdict, &f.UserID, &f.Note,
			timeScanner{&f.CreatedAt}); err != nil {
			return nil, fmt.Errorf("reading feedback: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading feedback: %w", err)
	}
	return out, nil
}

func (q *queries) AddPageBan(ctx context.Context, b *store.PageBan) error {
	err := q.x.QueryRowContext(ctx, `INSERT INTO page_bans (practice_id, channel, author_id, author_name, post_id, reason, decided_by, decided_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		b.PracticeID, b.Channel, b.AuthorID, b.AuthorName, b.PostID, b.Reason, b.DecidedBy, ft(b.DecidedAt)).Scan(&b.ID)
	if err != nil {
		return fmt.Errorf("recording a page ban: %w", mapErr(err))
	}
	return nil
}

func (q *queries) PageBans(ctx context.Context, practiceID string, ch moderation.Channel, authorID string) ([]store.PageBan, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, practice_id, channel, author_id, author_name, post_id, reason, decided_by, decided_at
		FROM page_bans WHERE practice_id = ? AND channel = ? AND author_id = ? ORDER BY id`, practiceID, ch, authorID)
	if err != nil {
		return nil, fmt.Errorf("reading page bans: %w", err)
	}
	defer rows.Close()
	var out []store.PageBan
	for rows.Next() {
		var b store.PageBan
		if err := rows.Scan(&b.ID, &b.PracticeID, &b.Channel, &b.AuthorID, &b.AuthorName, &b.PostID, &b.Reason, &b.DecidedBy,
			timeScanner{&b.DecidedAt}); err != nil {
			return nil, fmt.Errorf("reading page bans: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
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
	err := q.x.QueryRowContext(ctx, `INSERT INTO policy_tests (practice_id, name, channel, text, want_labels, want_actions, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		pt.PracticeID, pt.Name, pt.Channel, pt.Text, mustJSON(labels), mustJSON(actions), pt.CreatedBy, ft(pt.CreatedAt)).Scan(&pt.ID)
	if err != nil {
		return fmt.Errorf("adding a policy test: %w", mapErr(err))
	}
	return nil
}

func (q *queries) PolicyTests(ctx context.Context, practiceID string) ([]store.PolicyTest, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, practice_id, name, channel, text, want_labels, want_actions, created_by, created_at
		FROM policy_tests WHERE practice_id = ? ORDER BY id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("reading policy tests: %w", err)
	}
	defer rows.Close()
	var out []store.PolicyTest
	for rows.Next() {
		var pt store.PolicyTest
		if err := rows.Scan(&pt.ID, &pt.PracticeID, &pt.Name, &pt.Channel, &pt.Text, jsonScanner{&pt.WantLabels},
			jsonScanner{&pt.WantActions}, &pt.CreatedBy, timeScanner{&pt.CreatedAt}); err != nil {
			return nil, fmt.Errorf("reading policy tests: %w", err)
		}
		out = append(out, pt)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading policy tests: %w", err)
	}
	return out, nil
}

func (q *queries) DeletePolicyTest(ctx context.Context, practiceID string, id int64) error {
	res, err := q.x.ExecContext(ctx, `DELETE FROM policy_tests WHERE practice_id = ? AND id = ?`, practiceID, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("deleting policy test %d: %w", id, err)
	}
	return nil
}
