package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// dbtx is what *sql.DB and *sql.Tx share.
type dbtx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queries implements store.Queries on the pool or on a transaction.
type queries struct {
	x  dbtx
	db *sql.DB
	tx *sql.Tx // nil outside a transaction
}

// atomic runs fn in the current transaction, or in a new one if there is none.
func (q *queries) atomic(ctx context.Context, fn func(x dbtx) error) error {
	if q.tx != nil {
		return fn(q.tx)
	}
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

func ft(t time.Time) string { return store.FormatTime(t) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// notFound reports sql.ErrNoRows as store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return mapErr(err)
}

// mustAffect returns ErrNotFound if res changed no rows.
func mustAffect(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

// timeScanner scans a stored time.
type timeScanner struct{ t *time.Time }

func (s timeScanner) Scan(v any) error {
	var str string
	switch v := v.(type) {
	case string:
		str = v
	case []byte:
		str = string(v)
	case nil:
	default:
		return fmt.Errorf("scanning time from %T", v)
	}
	t, err := store.ParseTime(str)
	*s.t = t
	return err
}

// jsonScanner scans a JSON column into v.
type jsonScanner struct{ v any }

func (s jsonScanner) Scan(src any) error {
	var b []byte
	switch src := src.(type) {
	case string:
		b = []byte(src)
	case []byte:
		b = src
	case nil:
		return nil
	default:
		return fmt.Errorf("scanning json from %T", src)
	}
	return json.Unmarshal(b, s.v)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Only plain structs, slices and strings are marshalled here.
		panic(fmt.Sprintf("marshalling %T: %v", v, err))
	}
	return string(b)
}

// bytesOrEmpty keeps NOT NULL blob columns from receiving NULL.
func bytesOrEmpty(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// Practices.

func (q *queries) CreatePractice(ctx context.Context, p *store.Practice) error {
	_, err := q.x.ExecContext(ctx,
		`INSERT INTO practices (id, name, profile, created_at) VALUES (?, ?, ?, ?)`,
		p.ID, p.Name, bytesOrEmpty(p.Profile), ft(p.CreatedAt))
	if err != nil {
		return fmt.Errorf("creating practice %s: %w", p.ID, mapErr(err))
	}
	return nil
}

func (q *queries) Practice(ctx context.Context, id string) (store.Practice, error) {
	var p store.Practice
	err := q.x.QueryRowContext(ctx, `SELECT id, name, profile, created_at FROM practices WHERE id = ?`, id).
		Scan(&p.ID, &p.Name, &p.Profile, timeScanner{&p.CreatedAt})
	if err != nil {
		return store.Practice{}, fmt.Errorf("reading practice %s: %w", id, notFound(err))
	}
	return p, nil
}

func (q *queries) UpdatePracticeProfile(ctx context.Context, id string, profile []byte) error {
	res, err := q.x.ExecContext(ctx, `UPDATE practices SET profile = ? WHERE id = ?`, bytesOrEmpty(profile), id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("updating profile of practice %s: %w", id, mapErr(err))
	}
	return nil
}

func (q *queries) ListPractices(ctx context.Context) ([]store.Practice, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, name, profile, created_at FROM practices ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("listing practices: %w", err)
	}
	defer rows.Close()
	var out []store.Practice
	for rows.Next() {
		var p store.Practice
		if err := rows.Scan(&p.ID, &p.Name, &p.Profile, timeScanner{&p.CreatedAt}); err != nil {
			return nil, fmt.Errorf("listing practices: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing practices: %w", err)
	}
	return out, nil
}

// Posts.

const postCols = `id, practice_id, channel, external_id, parent_id, author_id, author_name,
	text, media, permalink, created_at, received_at, status, raw`

func scanPost(sc interface{ Scan(...any) error }) (store.Post, error) {
	var p store.Post
	err := sc.Scan(&p.ID, &p.PracticeID, &p.Channel, &p.ExternalID, &p.ParentID, &p.AuthorID, &p.AuthorName,
		&p.Text, jsonScanner{&p.Media}, &p.Permalink, timeScanner{&p.CreatedAt}, timeScanner{&p.ReceivedAt},
		&p.Status, &p.Raw)
	return p, err
}

func (q *queries) InsertPost(ctx context.Context, p *store.Post) error {
	if p.Status == "" {
		p.Status = store.StatusVisible
	}
	if !p.Status.Valid() {
		return fmt.Errorf("inserting post: invalid status %q", p.Status)
	}
	media := p.Media
	if media == nil {
		media = []moderation.Media{}
	}
	err := q.x.QueryRowContext(ctx, `INSERT INTO posts (practice_id, channel, external_id, parent_id,
		author_id, author_name, text, media, permalink, created_at, received_at, status, raw)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.PracticeID, p.Channel, p.ExternalID, p.ParentID, p.AuthorID, p.AuthorName, p.Text,
		mustJSON(media), p.Permalink, ft(p.CreatedAt), ft(p.ReceivedAt), p.Status, bytesOrEmpty(p.Raw)).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("inserting post %s/%s: %w", p.Channel, p.ExternalID, mapErr(err))
	}
	return nil
}

func (q *queries) Post(ctx context.Context, practiceID string, id int64) (store.Post, error) {
	p, err := scanPost(q.x.QueryRowContext(ctx,
		`SELECT `+postCols+` FROM posts WHERE practice_id = ? AND id = ?`, practiceID, id))
	if err != nil {
		return store.Post{}, fmt.Errorf("reading post %d: %w", id, notFound(err))
	}
	return p, nil
}

func (q *queries) PostByExternalID(ctx context.Context, practiceID string, ch moderation.Channel, externalID string) (store.Post, error) {
	p, err := scanPost(q.x.QueryRowContext(ctx,
		`SELECT `+postCols+` FROM posts WHERE practice_id = ? AND channel = ? AND external_id = ?`,
		practiceID, ch, externalID))
	if err != nil {
		return store.Post{}, fmt.Errorf("reading post %s/%s: %w", ch, externalID, notFound(err))
	}
	return p, nil
}

func (q *queries) ListPosts(ctx context.Context, practiceID string, f store.PostFilter) ([]store.Post, error) {
	where := []string{"practice_id = ?"}
	args := []any{practiceID}
	if f.Status != "" {
		where = append(where, "status = ?")
		args = append(args, f.Status)
	}
	if !f.Before.IsZero() {
		where = append(where, "received_at < ?")
		args = append(args, ft(f.Before))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	args = append(args, limit)
	rows, err := q.x.QueryContext(ctx, `SELECT `+postCols+` FROM posts WHERE `+strings.Join(where, " AND ")+
		` ORDER BY received_at DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing posts: %w", err)
	}
	defer rows.Close()
	var out []store.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("listing posts: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing posts: %w", err)
	}
	return out, nil
}

func (q *queries) EditPost(ctx context.Context, practiceID string, id int64, text string, raw []byte, at time.Time) error {
	err := q.atomic(ctx, func(x dbtx) error {
		res, err := x.ExecContext(ctx, `INSERT INTO post_versions (post_id, version, text, raw, replaced)
			SELECT p.id, 1 + (SELECT count(*) FROM post_versions v WHERE v.post_id = p.id), p.text, p.raw, ?
			FROM posts p WHERE p.practice_id = ? AND p.id = ?`, ft(at), practiceID, id)
		if err != nil {
			return mapErr(err)
		}
		if err := mustAffect(res); err != nil {
			return err
		}
		_, err = x.ExecContext(ctx, `UPDATE posts SET text = ?, raw = ? WHERE practice_id = ? AND id = ?`,
			text, bytesOrEmpty(raw), practiceID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("editing post %d: %w", id, err)
	}
	return nil
}

func (q *queries) PostVersions(ctx context.Context, practiceID string, postID int64) ([]store.PostVersion, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT v.post_id, v.version, v.text, v.raw, v.replaced
		FROM post_versions v JOIN posts p ON p.id = v.post_id
		WHERE p.practice_id = ? AND v.post_id = ? ORDER BY v.version`, practiceID, postID)
	if err != nil {
		return nil, fmt.Errorf("reading versions of post %d: %w", postID, err)
	}
	defer rows.Close()
	var out []store.PostVersion
	for rows.Next() {
		var v store.PostVersion
		if err := rows.Scan(&v.PostID, &v.Version, &v.Text, &v.Raw, timeScanner{&v.Replaced}); err != nil {
			return nil, fmt.Errorf("reading versions of post %d: %w", postID, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading versions of post %d: %w", postID, err)
	}
	return out, nil
}

func (q *queries) SetPostStatus(ctx context.Context, practiceID string, id int64, s store.PostStatus) error {
	if !s.Valid() {
		return fmt.Errorf("setting status of post %d: invalid status %q", id, s)
	}
	res, err := q.x.ExecContext(ctx, `UPDATE posts SET status = ? WHERE practice_id = ? AND id = ?`, s, practiceID, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("setting status of post %d: %w", id, mapErr(err))
	}
	return nil
}

// Decisions.

func (q *queries) InsertDecision(ctx context.Context, d *store.Decision) error {
	labels, actions := d.Labels, d.Actions
	if labels == nil {
		labels = []moderation.Category{}
	}
	if actions == nil {
		actions = []moderation.Action{}
	}
	err := q.atomic(ctx, func(x dbtx) error {
		err := x.QueryRowContext(ctx, `INSERT INTO decisions (practice_id, post_id, labels, actions, shadow, decided_by, decided_at)
			SELECT practice_id, id, ?, ?, ?, ?, ? FROM posts WHERE practice_id = ? AND id = ? RETURNING id`,
			mustJSON(labels), mustJSON(actions), b2i(d.Shadow), d.DecidedBy, ft(d.DecidedAt), d.PracticeID, d.PostID).
			Scan(&d.ID)
		if err != nil {
			return notFound(err)
		}
		for _, f := range d.Findings {
			_, err := x.ExecContext(ctx, `INSERT INTO findings (decision_id, practice_id, post_id, category, clause,
				span_start, span_end, score, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				d.ID, d.PracticeID, d.PostID, f.Category, f.Clause, f.Start, f.End, f.Score, f.Reason)
			if err != nil {
				return mapErr(err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("inserting decision on post %d: %w", d.PostID, err)
	}
	return nil
}

const decisionCols = `id, practice_id, post_id, labels, actions, shadow, decided_by, decided_at`

func (q *queries) decisions(ctx context.Context, where string, args ...any) ([]store.Decision, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+decisionCols+` FROM decisions WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Decision
	for rows.Next() {
		var d store.Decision
		if err := rows.Scan(&d.ID, &d.PracticeID, &d.PostID, jsonScanner{&d.Labels}, jsonScanner{&d.Actions},
			&d.Shadow, &d.DecidedBy, timeScanner{&d.DecidedAt}); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		if out[i].Findings, err = q.findings(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (q *queries) findings(ctx context.Context, decisionID int64) ([]moderation.Finding, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT category, clause, span_start, span_end, score, reason
		FROM findings WHERE decision_id = ? ORDER BY id`, decisionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []moderation.Finding
	for rows.Next() {
		var f moderation.Finding
		if err := rows.Scan(&f.Category, &f.Clause, &f.Start, &f.End, &f.Score, &f.Reason); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func (q *queries) Decision(ctx context.Context, practiceID string, id int64) (store.Decision, error) {
	ds, err := q.decisions(ctx, `practice_id = ? AND id = ?`, practiceID, id)
	if err == nil && len(ds) == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Decision{}, fmt.Errorf("reading decision %d: %w", id, err)
	}
	return ds[0], nil
}

func (q *queries) DecisionsForPost(ctx context.Context, practiceID string, postID int64) ([]store.Decision, error) {
	ds, err := q.decisions(ctx, `practice_id = ? AND post_id = ?`, practiceID, postID)
	if err != nil {
		return nil, fmt.Errorf("reading decisions on post %d: %w", postID, err)
	}
	return ds, nil
}

// Actions.

func (q *queries) InsertAction(ctx context.Context, a *store.Action) error {
	if a.State == "" {
		a.State = store.ActionPending
	}
	if !a.State.Valid() {
		return fmt.Errorf("inserting action: invalid state %q", a.State)
	}
	err := q.x.QueryRowContext(ctx, `INSERT INTO actions (practice_id, decision_id, post_id, kind, role, text,
		category, urgent, state, attempts, last_error, done_at, created_at)
		SELECT practice_id, id, post_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM decisions
		WHERE practice_id = ? AND id = ? AND post_id = ? RETURNING id`,
		a.Kind, a.Role, a.Text, a.Category, b2i(a.Urgent), a.State, a.Attempts, a.LastError, ft(a.DoneAt), ft(a.CreatedAt),
		a.PracticeID, a.DecisionID, a.PostID).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("inserting %s action for decision %d: %w", a.Kind, a.DecisionID, notFound(err))
	}
	return nil
}

const actionCols = `id, practice_id, decision_id, post_id, kind, role, text, category, urgent, state,
	attempts, last_error, done_at, created_at`

func (q *queries) actions(ctx context.Context, where string, args ...any) ([]store.Action, error) {
	return q.actionsQuery(ctx, `SELECT `+actionCols+` FROM actions WHERE `+where+` ORDER BY id`, args...)
}

func (q *queries) actionsQuery(ctx context.Context, query string, args ...any) ([]store.Action, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Action
	for rows.Next() {
		var a store.Action
		if err := rows.Scan(&a.ID, &a.PracticeID, &a.DecisionID, &a.PostID, &a.Kind, &a.Role, &a.Text, &a.Category,
			&a.Urgent, &a.State, &a.Attempts, &a.LastError, timeScanner{&a.DoneAt}, timeScanner{&a.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (q *queries) Action(ctx context.Context, practiceID string, id int64) (store.Action, error) {
	as, err := q.actions(ctx, `practice_id = ? AND id = ?`, practiceID, id)
	if err == nil && len(as) == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Action{}, fmt.Errorf("reading action %d: %w", id, err)
	}
	return as[0], nil
}

func (q *queries) ActionsForPost(ctx context.Context, practiceID string, postID int64) ([]store.Action, error) {
	as, err := q.actions(ctx, `practice_id = ? AND post_id = ?`, practiceID, postID)
	if err != nil {
		return nil, fmt.Errorf("reading actions on post %d: %w", postID, err)
	}
	return as, nil
}

func (q *queries) ActionsInState(ctx context.Context, practiceID string, s store.ActionState) ([]store.Action, error) {
	as, err := q.actions(ctx, `practice_id = ? AND state = ?`, practiceID, s)
	if err != nil {
		return nil, fmt.Errorf("reading %s actions: %w", s, err)
	}
	return as, nil
}

func (q *queries) UpdateAction(ctx context.Context, practiceID string, id int64, u store.ActionUpdate) error {
	if !u.State.Valid() {
		return fmt.Errorf("updating action %d: invalid state %q", id, u.State)
	}
	res, err := q.x.ExecContext(ctx, `UPDATE actions SET state = ?, attempts = ?, last_error = ?, done_at = ?
		WHERE practice_id = ? AND id = ?`, u.State, u.Attempts, u.LastError, ft(u.DoneAt), practiceID, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("updating action %d: %w", id, mapErr(err))
	}
	return nil
}

// ClaimAction moves the action from one of the states from to state to;
// see store.ActionClaims. One UPDATE, so SQLite's write lock makes racing
// claims take turns and only the first finds the old state.
func (q *queries) ClaimAction(ctx context.Context, practiceID string, id int64, from []store.ActionState, to store.ActionState, at time.Time) (bool, error) {
	if !to.Valid() || len(from) == 0 {
		return false, fmt.Errorf("claiming action %d: invalid states %q to %q", id, from, to)
	}
	lease := ""
	if to == store.ActionRunning {
		lease = ft(at)
	}
	args := []any{to, lease, practiceID, id}
	for _, f := range from {
		args = append(args, f)
	}
	res, err := q.x.ExecContext(ctx, `UPDATE actions SET state = ?, claimed_at = ? WHERE practice_id = ? AND id = ?
		AND state IN (?`+strings.Repeat(", ?", len(from)-1)+`)`, args...)
	return claimed(res, err, "claiming", id)
}

// TakeOverAction renews an expired lease; see store.ActionClaims. The
// lease is compared as text: store.FormatTime sorts, and the empty text
// (never claimed) sorts first.
func (q *queries) TakeOverAction(ctx context.Context, practiceID string, id int64, expired, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE actions SET claimed_at = ? WHERE practice_id = ? AND id = ?
		AND state = 'running' AND claimed_at < ?`, ft(at), practiceID, id, ft(expired))
	return claimed(res, err, "taking over", id)
}

// claimed reports whether a claim's UPDATE changed its row.
func claimed(res sql.Result, err error, doing string, id int64) (bool, error) {
	if err != nil {
		return false, fmt.Errorf("%s action %d: %w", doing, id, mapErr(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("%s action %d: %w", doing, id, err)
	}
	return n == 1, nil
}

// AdvancePostStatus sets the post's status unless it is already that or
// deleted; see store.ActionClaims.
func (q *queries) AdvancePostStatus(ctx context.Context, practiceID string, postID int64, s store.PostStatus) (bool, error) {
	if !s.Valid() {
		return false, fmt.Errorf("setting status of post %d: invalid status %q", postID, s)
	}
	res, err := q.x.ExecContext(ctx, `UPDATE posts SET status = ? WHERE practice_id = ? AND id = ?
		AND status NOT IN ('deleted', ?)`, s, practiceID, postID, s)
	return claimed(res, err, "setting the status of post", postID)
}

// StaleActions returns actions nobody seems to be carrying out; see
// store.ActionClaims.
func (q *queries) StaleActions(ctx context.Context, notBefore, leaseBefore time.Time, afterID int64, limit int) ([]store.Action, error) {
	as, err := q.actionsQuery(ctx, `SELECT `+actionCols+` FROM actions WHERE id > ? AND kind <> ? AND (
		(state IN ('pending', 'failed') AND created_at < ?) OR (state = 'running' AND claimed_at < ?))
		ORDER BY id LIMIT ?`, afterID, moderation.ActionHold, ft(notBefore), ft(leaseBefore), limit)
	if err != nil {
		return nil, fmt.Errorf("reading stale actions: %w", err)
	}
	return as, nil
}

func (q *queries) SetActionText(ctx context.Context, practiceID string, id int64, text string) error {
	res, err := q.x.ExecContext(ctx, `UPDATE actions SET text = ? WHERE practice_id = ? AND id = ?`, text, practiceID, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("setting the text of action %d: %w", id, mapErr(err))
	}
	return nil
}

// Evidence.

func (q *queries) KeepEvidence(ctx context.Context, e *store.Evidence) error {
	err := q.x.QueryRowContext(ctx, `INSERT INTO evidence (practice_id, post_id, captured_at, text, author_id,
		author_name, permalink, raw, fresh, sha256)
		SELECT practice_id, id, ?, ?, ?, ?, ?, ?, ?, ? FROM posts WHERE practice_id = ? AND id = ? RETURNING id`,
		ft(e.CapturedAt), e.Text, e.AuthorID, e.AuthorName, e.Permalink, bytesOrEmpty(e.Raw), bytesOrEmpty(e.Fresh),
		e.SHA256, e.PracticeID, e.PostID).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("keeping evidence of post %d: %w", e.PostID, notFound(err))
	}
	return nil
}

func (q *queries) EvidenceForPost(ctx context.Context, practiceID string, postID int64) ([]store.Evidence, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, practice_id, post_id, captured_at, text, author_id, author_name,
		permalink, raw, fresh, sha256 FROM evidence WHERE practice_id = ? AND post_id = ? ORDER BY id`, practiceID, postID)
	if err != nil {
		return nil, fmt.Errorf("reading evidence of post %d: %w", postID, err)
	}
	defer rows.Close()
	var out []store.Evidence
	for rows.Next() {
		var e store.Evidence
		if err := rows.Scan(&e.ID, &e.PracticeID, &e.PostID, timeScanner{&e.CapturedAt}, &e.Text, &e.AuthorID,
			&e.AuthorName, &e.Permalink, &e.Raw, &e.Fresh, &e.SHA256); err != nil {
			return nil, fmt.Errorf("reading evidence of post %d: %w", postID, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading evidence of post %d: %w", postID, err)
	}
	return out, nil
}

// Audit.

func (q *queries) InsertAudit(ctx context.Context, e *store.AuditEntry) error {
	_, err := q.x.ExecContext(ctx, `INSERT INTO audit (practice_id, seq, time, kind, subject, actor, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.PracticeID, e.Seq, ft(e.Time), e.Kind, e.Subject, e.Actor, string(e.Detail), e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("appending audit entry %d: %w", e.Seq, mapErr(err))
	}
	return nil
}

const auditCols = `seq, time, practice_id, kind, subject, actor, detail, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }) (store.AuditEntry, error) {
	var e store.AuditEntry
	err := sc.Scan(&e.Seq, timeScanner{&e.Time}, &e.PracticeID, &e.Kind, &e.Subject, &e.Actor, &e.Detail, &e.PrevHash, &e.Hash)
	return e, err
}

func (q *queries) LastAudit(ctx context.Context, practiceID string) (store.AuditEntry, error) {
	e, err := scanAudit(q.x.QueryRowContext(ctx,
		`SELECT `+auditCols+` FROM audit WHERE practice_id = ? ORDER BY seq DESC LIMIT 1`, practiceID))
	if err != nil {
		return store.AuditEntry{}, fmt.Errorf("reading last audit entry: %w", notFound(err))
	}
	return e, nil
}

func (q *queries) AuditEntries(ctx context.Context, practiceID string, afterSeq int64, limit int) ([]store.AuditEntry, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+auditCols+` FROM audit WHERE practice_id = ? AND seq > ?
		ORDER BY seq LIMIT ?`, practiceID, afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("reading audit entries: %w", err)
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("reading audit entries: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading audit entries: %w", err)
	}
	return out, nil
}

// Users.

func (q *queries) CreateUser(ctx context.Context, u *store.User) error {
	err := q.atomic(ctx, func(x dbtx) error {
		err := x.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, role, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, u.Email, u.Name, u.PasswordHash, u.Role, ft(u.CreatedAt)).Scan(&u.ID)
		if err != nil {
			return mapErr(err)
		}
		for _, p := range u.Practices {
			if _, err := x.ExecContext(ctx, `INSERT INTO user_practices (user_id, practice_id) VALUES (?, ?)`, u.ID, p); err != nil {
				return mapErr(err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("creating user: %w", err)
	}
	slices.Sort(u.Practices)
	return nil
}

func (q *queries) user(ctx context.Context, where string, arg any) (store.User, error) {
	var u store.User
	err := q.x.QueryRowContext(ctx, `SELECT id, email, name, password_hash, role, created_at FROM users WHERE `+where, arg).
		Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Role, timeScanner{&u.CreatedAt})
	if err != nil {
		return store.User{}, notFound(err)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT practice_id FROM user_practices WHERE user_id = ? ORDER BY practice_id`, u.ID)
	if err != nil {
		return store.User{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return store.User{}, err
		}
		u.Practices = append(u.Practices, p)
	}
	return u, rows.Err()
}

func (q *queries) User(ctx context.Context, id int64) (store.User, error) {
	u, err := q.user(ctx, `id = ?`, id)
	if err != nil {
		return store.User{}, fmt.Errorf("reading user %d: %w", id, err)
	}
	return u, nil
}

func (q *queries) UserByEmail(ctx context.Context, email string) (store.User, error) {
	u, err := q.user(ctx, `email = ?`, email)
	if err != nil {
		return store.User{}, fmt.Errorf("reading user by email: %w", err)
	}
	return u, nil
}

func (q *queries) SetPassword(ctx context.Context, id int64, hash string) error {
	res, err := q.x.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("setting password of user %d: %w", id, err)
	}
	return nil
}

func (q *queries) SetUserRole(ctx context.Context, id int64, role string) error {
	res, err := q.x.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, role, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("setting role of user %d: %w", id, err)
	}
	return nil
}

func (q *queries) RemoveUserPractice(ctx context.Context, id int64, practiceID string) error {
	res, err := q.x.ExecContext(ctx, `DELETE FROM user_practices WHERE user_id = ? AND practice_id = ?`, id, practiceID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("removing user %d from practice %s: %w", id, practiceID, err)
	}
	return nil
}

// Dedupe.

func (q *queries) MarkSeen(ctx context.Context, practiceID, key string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `INSERT INTO dedupe (practice_id, key, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (practice_id, key) DO NOTHING`, practiceID, key, ft(at))
	if err != nil {
		return false, fmt.Errorf("marking delivery seen: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("marking delivery seen: %w", err)
	}
	return n == 1, nil
}

func (q *queries) ForgetSeenBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM dedupe WHERE seen_at < ?`, ft(t))
	if err != nil {
		return 0, fmt.Errorf("forgetting old deliveries: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("forgetting old deliveries: %w", err)
	}
	return n, nil
}
