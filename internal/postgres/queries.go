package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// dbtx is what *pgxpool.Pool and pgx.Tx share. Begin on a pool starts a
// transaction; on a transaction it makes a savepoint.
type dbtx interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Begin(ctx context.Context) (pgx.Tx, error)
}

// queries implements store.Queries on the pool or on a transaction.
type queries struct {
	x    dbtx
	pool *pgxpool.Pool
	tx   pgx.Tx // nil outside a transaction
}

// atomic runs fn in a transaction of its own, or in a savepoint of the
// current one, so a multi-statement write happens whole or not at all.
func (q *queries) atomic(ctx context.Context, fn func(x dbtx) error) error {
	return pgx.BeginFunc(ctx, q.x, func(tx pgx.Tx) error { return fn(tx) })
}

// guarded runs a single write that may fail on a constraint. Inside a
// transaction it runs in a savepoint: PostgreSQL aborts the whole
// transaction on an error, where SQLite fails only the statement, and a
// caller told ErrDuplicate or ErrNotFound may carry on in its transaction.
func (q *queries) guarded(ctx context.Context, fn func(x dbtx) error) error {
	if q.tx == nil {
		return fn(q.x)
	}
	return q.atomic(ctx, fn)
}

// tz is how a time is written: UTC, truncated to the microsecond as
// store.FormatTime does (PostgreSQL would round), and NULL for the zero time.
func tz(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// tsScanner scans a timestamptz: NULL is the zero time, others are UTC.
type tsScanner struct{ t *time.Time }

func (s tsScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	default:
		return fmt.Errorf("scanning time from %T", src)
	}
	return nil
}

// textScanner scans a bytea holding text (see the package comment).
type textScanner struct{ s *string }

func (s textScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.s = ""
	case []byte:
		*s.s = string(v)
	case string:
		*s.s = v
	default:
		return fmt.Errorf("scanning text from %T", src)
	}
	return nil
}

// bytesScanner scans a text column into a []byte.
type bytesScanner struct{ b *[]byte }

func (s bytesScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.b = nil
	case []byte:
		*s.b = append([]byte{}, v...)
	case string:
		*s.b = []byte(v)
	default:
		return fmt.Errorf("scanning bytes from %T", src)
	}
	return nil
}

// jsonScanner scans a JSON text column into v.
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

// bytesOrEmpty keeps NOT NULL bytea columns from receiving NULL.
func bytesOrEmpty(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// notFound reports pgx.ErrNoRows as store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return mapErr(err)
}

// mustAffect returns ErrNotFound if tag changed no rows.
func mustAffect(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return nil
}

// collect reads every row of rows with scan.
func collect[T any](rows pgx.Rows, err error, scan func(pgx.Rows, *T) error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Practices.

func (q *queries) CreatePractice(ctx context.Context, p *store.Practice) error {
	err := q.guarded(ctx, func(x dbtx) error {
		_, err := x.Exec(ctx, `INSERT INTO practices (id, name, profile, created_at) VALUES ($1, $2, $3, $4)`,
			p.ID, p.Name, bytesOrEmpty(p.Profile), tz(p.CreatedAt))
		return mapErr(err)
	})
	if err != nil {
		return fmt.Errorf("creating practice %s: %w", p.ID, err)
	}
	return nil
}

func scanPractice(r pgx.Row, p *store.Practice) error {
	return r.Scan(&p.ID, &p.Name, &p.Profile, tsScanner{&p.CreatedAt})
}

func (q *queries) Practice(ctx context.Context, id string) (store.Practice, error) {
	var p store.Practice
	err := scanPractice(q.x.QueryRow(ctx, `SELECT id, name, profile, created_at FROM practices WHERE id = $1`, id), &p)
	if err != nil {
		return store.Practice{}, fmt.Errorf("reading practice %s: %w", id, notFound(err))
	}
	return p, nil
}

func (q *queries) UpdatePracticeProfile(ctx context.Context, id string, profile []byte) error {
	err := mustAffect(q.x.Exec(ctx, `UPDATE practices SET profile = $1 WHERE id = $2`, bytesOrEmpty(profile), id))
	if err != nil {
		return fmt.Errorf("updating profile of practice %s: %w", id, err)
	}
	return nil
}

func (q *queries) ListPractices(ctx context.Context) ([]store.Practice, error) {
	rows, err := q.x.Query(ctx, `SELECT id, name, profile, created_at FROM practices ORDER BY id COLLATE "C"`)
	out, err := collect(rows, err, func(r pgx.Rows, p *store.Practice) error { return scanPractice(r, p) })
	if err != nil {
		return nil, fmt.Errorf("listing practices: %w", err)
	}
	return out, nil
}

// Posts.

const postCols = `id, practice_id, channel, external_id, parent_id, author_id, author_name,
	text, media, permalink, created_at, received_at, status, raw`

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
	return []any{&p.ID, &p.PracticeID, &p.Channel, &p.ExternalID, &p.ParentID, &p.AuthorID, textScanner{&p.AuthorName},
		textScanner{&p.Text}, jsonScanner{&p.Media}, &p.Permalink, tsScanner{&p.CreatedAt}, tsScanner{&p.ReceivedAt},
		&p.Status, &p.Raw}
}

func scanPost(r pgx.Row, p *store.Post) error { return r.Scan(postDest(p)...) }

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
	err := q.guarded(ctx, func(x dbtx) error {
		return mapErr(x.QueryRow(ctx, `INSERT INTO posts (practice_id, channel, external_id, parent_id,
			author_id, author_name, text, media, permalink, created_at, received_at, status, raw)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			p.PracticeID, p.Channel, p.ExternalID, p.ParentID, p.AuthorID, []byte(p.AuthorName), []byte(p.Text),
			mustJSON(media), p.Permalink, tz(p.CreatedAt), tz(p.ReceivedAt), p.Status, bytesOrEmpty(p.Raw)).Scan(&p.ID))
	})
	if err != nil {
		return fmt.Errorf("inserting post %s/%s: %w", p.Channel, p.ExternalID, err)
	}
	return nil
}

func (q *queries) Post(ctx context.Context, practiceID string, id int64) (store.Post, error) {
	var p store.Post
	err := scanPost(q.x.QueryRow(ctx, `SELECT `+postCols+` FROM posts WHERE practice_id = $1 AND id = $2`, practiceID, id), &p)
	if err != nil {
		return store.Post{}, fmt.Errorf("reading post %d: %w", id, notFound(err))
	}
	return p, nil
}

func (q *queries) PostByExternalID(ctx context.Context, practiceID string, ch moderation.Channel, externalID string) (store.Post, error) {
	var p store.Post
	err := scanPost(q.x.QueryRow(ctx, `SELECT `+postCols+` FROM posts WHERE practice_id = $1 AND channel = $2 AND external_id = $3`,
		practiceID, ch, externalID), &p)
	if err != nil {
		return store.Post{}, fmt.Errorf("reading post %s/%s: %w", ch, externalID, notFound(err))
	}
	return p, nil
}

// args collects query arguments and names their placeholders.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return fmt.Sprintf("$%d", len(*a))
}

// before is the condition "col is before t" as SQLite's text times have
// it: no time (NULL here, "" there) is before any time, and nothing is
// before the zero time.
func before(col string, a *args, t time.Time) string {
	if t.IsZero() {
		return "false"
	}
	return "(" + col + " < " + a.add(tz(t)) + " OR " + col + " IS NULL)"
}

// notBefore is the condition "col is at or after t", the negation of before.
func notBefore(col string, a *args, t time.Time) string {
	if t.IsZero() {
		return "true"
	}
	return col + " >= " + a.add(tz(t))
}

func (q *queries) ListPosts(ctx context.Context, practiceID string, f store.PostFilter) ([]store.Post, error) {
	var a args
	where := []string{"practice_id = " + a.add(practiceID)}
	if f.Status != "" {
		where = append(where, "status = "+a.add(f.Status))
	}
	if !f.Before.IsZero() {
		where = append(where, before("received_at", &a, f.Before))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := q.x.Query(ctx, `SELECT `+postCols+` FROM posts WHERE `+strings.Join(where, " AND ")+
		` ORDER BY received_at DESC NULLS LAST, id DESC LIMIT `+a.add(limit), a...)
	out, err := collect(rows, err, func(r pgx.Rows, p *store.Post) error { return scanPost(r, p) })
	if err != nil {
		return nil, fmt.Errorf("listing posts: %w", err)
	}
	return out, nil
}

func (q *queries) EditPost(ctx context.Context, practiceID string, id int64, text string, raw []byte, at time.Time) error {
	err := q.atomic(ctx, func(x dbtx) error {
		// Lock the post so two edits at once number their versions in turn.
		err := mustAffect(x.Exec(ctx, `INSERT INTO post_versions (post_id, version, text, raw, replaced)
			SELECT p.id, 1 + (SELECT count(*) FROM post_versions v WHERE v.post_id = p.id), p.text, p.raw, $1
			FROM (SELECT id, text, raw FROM posts WHERE practice_id = $2 AND id = $3 FOR UPDATE) p`,
			tz(at), practiceID, id))
		if err != nil {
			return err
		}
		_, err = x.Exec(ctx, `UPDATE posts SET text = $1, raw = $2 WHERE practice_id = $3 AND id = $4`,
			[]byte(text), bytesOrEmpty(raw), practiceID, id)
		return mapErr(err)
	})
	if err != nil {
		return fmt.Errorf("editing post %d: %w", id, err)
	}
	return nil
}

func (q *queries) PostVersions(ctx context.Context, practiceID string, postID int64) ([]store.PostVersion, error) {
	rows, err := q.x.Query(ctx, `SELECT v.post_id, v.version, v.text, v.raw, v.replaced
		FROM post_versions v JOIN posts p ON p.id = v.post_id
		WHERE p.practice_id = $1 AND v.post_id = $2 ORDER BY v.version`, practiceID, postID)
	out, err := collect(rows, err, func(r pgx.Rows, v *store.PostVersion) error {
		return r.Scan(&v.PostID, &v.Version, textScanner{&v.Text}, &v.Raw, tsScanner{&v.Replaced})
	})
	if err != nil {
		return nil, fmt.Errorf("reading versions of post %d: %w", postID, err)
	}
	return out, nil
}

func (q *queries) SetPostStatus(ctx context.Context, practiceID string, id int64, s store.PostStatus) error {
	if !s.Valid() {
		return fmt.Errorf("setting status of post %d: invalid status %q", id, s)
	}
	err := mustAffect(q.x.Exec(ctx, `UPDATE posts SET status = $1 WHERE practice_id = $2 AND id = $3`, s, practiceID, id))
	if err != nil {
		return fmt.Errorf("setting status of post %d: %w", id, err)
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
		err := x.QueryRow(ctx, `INSERT INTO decisions (practice_id, post_id, labels, actions, shadow, decided_by, decided_at)
			SELECT practice_id, id, $1, $2, $3, $4, $5 FROM posts WHERE practice_id = $6 AND id = $7 RETURNING id`,
			mustJSON(labels), mustJSON(actions), d.Shadow, d.DecidedBy, tz(d.DecidedAt), d.PracticeID, d.PostID).
			Scan(&d.ID)
		if err != nil {
			return notFound(err)
		}
		if len(d.Findings) == 0 {
			return nil
		}
		var b pgx.Batch
		for _, f := range d.Findings {
			b.Queue(`INSERT INTO findings (decision_id, practice_id, post_id, category, clause,
				span_start, span_end, score, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				d.ID, d.PracticeID, d.PostID, f.Category, f.Clause, f.Start, f.End, f.Score, f.Reason)
		}
		return mapErr(sendBatch(ctx, x, &b))
	})
	if err != nil {
		return fmt.Errorf("inserting decision on post %d: %w", d.PostID, err)
	}
	return nil
}

// sendBatch runs b's statements in one round trip.
func sendBatch(ctx context.Context, x dbtx, b *pgx.Batch) error {
	s, ok := x.(interface {
		SendBatch(context.Context, *pgx.Batch) pgx.BatchResults
	})
	if !ok {
		return fmt.Errorf("%T cannot send a batch", x)
	}
	return s.SendBatch(ctx, b).Close()
}

const decisionCols = `id, practice_id, post_id, labels, actions, shadow, decided_by, decided_at`

func (q *queries) decisions(ctx context.Context, where string, args ...any) ([]store.Decision, error) {
	rows, err := q.x.Query(ctx, `SELECT `+decisionCols+` FROM decisions WHERE `+where+` ORDER BY id`, args...)
	out, err := collect(rows, err, func(r pgx.Rows, d *store.Decision) error {
		return r.Scan(&d.ID, &d.PracticeID, &d.PostID, jsonScanner{&d.Labels}, jsonScanner{&d.Actions},
			&d.Shadow, &d.DecidedBy, tsScanner{&d.DecidedAt})
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, d := range out {
		ids[i] = d.ID
	}
	type finding struct {
		decision int64
		f        moderation.Finding
	}
	rows, err = q.x.Query(ctx, `SELECT decision_id, category, clause, span_start, span_end, score, reason
		FROM findings WHERE decision_id = ANY($1) ORDER BY id`, ids)
	fs, err := collect(rows, err, func(r pgx.Rows, f *finding) error {
		return r.Scan(&f.decision, &f.f.Category, &f.f.Clause, &f.f.Start, &f.f.End, &f.f.Score, &f.f.Reason)
	})
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		i := slices.IndexFunc(out, func(d store.Decision) bool { return d.ID == f.decision })
		out[i].Findings = append(out[i].Findings, f.f)
	}
	return out, nil
}

func (q *queries) Decision(ctx context.Context, practiceID string, id int64) (store.Decision, error) {
	ds, err := q.decisions(ctx, `practice_id = $1 AND id = $2`, practiceID, id)
	if err == nil && len(ds) == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Decision{}, fmt.Errorf("reading decision %d: %w", id, err)
	}
	return ds[0], nil
}

func (q *queries) DecisionsForPost(ctx context.Context, practiceID string, postID int64) ([]store.Decision, error) {
	ds, err := q.decisions(ctx, `practice_id = $1 AND post_id = $2`, practiceID, postID)
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
	err := q.guarded(ctx, func(x dbtx) error {
		return notFound(x.QueryRow(ctx, `INSERT INTO actions (practice_id, decision_id, post_id, kind, role, text,
			category, urgent, state, attempts, last_error, done_at, created_at)
			SELECT practice_id, id, post_id, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM decisions
			WHERE practice_id = $11 AND id = $12 AND post_id = $13 RETURNING id`,
			a.Kind, a.Role, a.Text, a.Category, a.Urgent, a.State, a.Attempts, a.LastError, tz(a.DoneAt), tz(a.CreatedAt),
			a.PracticeID, a.DecisionID, a.PostID).Scan(&a.ID))
	})
	if err != nil {
		return fmt.Errorf("inserting %s action for decision %d: %w", a.Kind, a.DecisionID, err)
	}
	return nil
}

const actionCols = `id, practice_id, decision_id, post_id, kind, role, text, category, urgent, state,
	attempts, last_error, done_at, created_at`

func (q *queries) actions(ctx context.Context, where string, args ...any) ([]store.Action, error) {
	return q.actionsQuery(ctx, `SELECT `+actionCols+` FROM actions WHERE `+where+` ORDER BY id`, args...)
}

func (q *queries) actionsQuery(ctx context.Context, query string, args ...any) ([]store.Action, error) {
	rows, err := q.x.Query(ctx, query, args...)
	return collect(rows, err, func(r pgx.Rows, a *store.Action) error {
		return r.Scan(&a.ID, &a.PracticeID, &a.DecisionID, &a.PostID, &a.Kind, &a.Role, &a.Text, &a.Category,
			&a.Urgent, &a.State, &a.Attempts, &a.LastError, tsScanner{&a.DoneAt}, tsScanner{&a.CreatedAt})
	})
}

func (q *queries) Action(ctx context.Context, practiceID string, id int64) (store.Action, error) {
	as, err := q.actions(ctx, `practice_id = $1 AND id = $2`, practiceID, id)
	if err == nil && len(as) == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Action{}, fmt.Errorf("reading action %d: %w", id, err)
	}
	return as[0], nil
}

func (q *queries) ActionsForPost(ctx context.Context, practiceID string, postID int64) ([]store.Action, error) {
	as, err := q.actions(ctx, `practice_id = $1 AND post_id = $2`, practiceID, postID)
	if err != nil {
		return nil, fmt.Errorf("reading actions on post %d: %w", postID, err)
	}
	return as, nil
}

func (q *queries) ActionsInState(ctx context.Context, practiceID string, s store.ActionState) ([]store.Action, error) {
	as, err := q.actions(ctx, `practice_id = $1 AND state = $2`, practiceID, s)
	if err != nil {
		return nil, fmt.Errorf("reading %s actions: %w", s, err)
	}
	return as, nil
}

func (q *queries) UpdateAction(ctx context.Context, practiceID string, id int64, u store.ActionUpdate) error {
	if !u.State.Valid() {
		return fmt.Errorf("updating action %d: invalid state %q", id, u.State)
	}
	err := mustAffect(q.x.Exec(ctx, `UPDATE actions SET state = $1, attempts = $2, last_error = $3, done_at = $4
		WHERE practice_id = $5 AND id = $6`, u.State, u.Attempts, u.LastError, tz(u.DoneAt), practiceID, id))
	if err != nil {
		return fmt.Errorf("updating action %d: %w", id, err)
	}
	return nil
}

// ClaimAction moves the action from one of the states from to state to;
// see store.ActionClaims. One UPDATE: a racing claim waits for the row
// lock, then re-checks the state (READ COMMITTED) and changes nothing.
func (q *queries) ClaimAction(ctx context.Context, practiceID string, id int64, from []store.ActionState, to store.ActionState, at time.Time) (bool, error) {
	if !to.Valid() || len(from) == 0 {
		return false, fmt.Errorf("claiming action %d: invalid states %q to %q", id, from, to)
	}
	states := make([]string, len(from))
	for i, f := range from {
		states[i] = string(f)
	}
	var lease any
	if to == store.ActionRunning {
		lease = tz(at)
	}
	tag, err := q.x.Exec(ctx, `UPDATE actions SET state = $1, claimed_at = $2 WHERE practice_id = $3 AND id = $4
		AND state = ANY($5)`, to, lease, practiceID, id, states)
	if err != nil {
		return false, fmt.Errorf("claiming action %d: %w", id, mapErr(err))
	}
	return tag.RowsAffected() == 1, nil
}

// TakeOverAction renews an expired lease; see store.ActionClaims. Like a
// claim, a racing caller waits for the row lock and then finds the lease
// renewed.
func (q *queries) TakeOverAction(ctx context.Context, practiceID string, id int64, expired, at time.Time) (bool, error) {
	tag, err := q.x.Exec(ctx, `UPDATE actions SET claimed_at = $1 WHERE practice_id = $2 AND id = $3
		AND state = 'running' AND (claimed_at IS NULL OR claimed_at < $4)`, tz(at), practiceID, id, tz(expired))
	if err != nil {
		return false, fmt.Errorf("taking over action %d: %w", id, mapErr(err))
	}
	return tag.RowsAffected() == 1, nil
}

// AdvancePostStatus sets the post's status unless it is already that or
// deleted; see store.ActionClaims.
func (q *queries) AdvancePostStatus(ctx context.Context, practiceID string, postID int64, s store.PostStatus) (bool, error) {
	if !s.Valid() {
		return false, fmt.Errorf("setting status of post %d: invalid status %q", postID, s)
	}
	tag, err := q.x.Exec(ctx, `UPDATE posts SET status = $1 WHERE practice_id = $2 AND id = $3
		AND status <> 'deleted' AND status <> $1`, s, practiceID, postID)
	if err != nil {
		return false, fmt.Errorf("setting the status of post %d: %w", postID, mapErr(err))
	}
	return tag.RowsAffected() == 1, nil
}

// StaleActions returns actions nobody seems to be carrying out; see
// store.ActionClaims.
func (q *queries) StaleActions(ctx context.Context, notBefore, leaseBefore time.Time, afterID int64, limit int) ([]store.Action, error) {
	as, err := q.actionsQuery(ctx, `SELECT `+actionCols+` FROM actions WHERE id > $1 AND kind <> $2 AND (
		(state IN ('pending', 'failed') AND created_at < $3) OR (state = 'running' AND (claimed_at IS NULL OR claimed_at < $4)))
		ORDER BY id LIMIT $5`, afterID, moderation.ActionHold, tz(notBefore), tz(leaseBefore), limit)
	if err != nil {
		return nil, fmt.Errorf("reading stale actions: %w", err)
	}
	return as, nil
}

func (q *queries) SetActionText(ctx context.Context, practiceID string, id int64, text string) error {
	err := mustAffect(q.x.Exec(ctx, `UPDATE actions SET text = $1 WHERE practice_id = $2 AND id = $3`, text, practiceID, id))
	if err != nil {
		return fmt.Errorf("setting the text of action %d: %w", id, err)
	}
	return nil
}

// Evidence.

func (q *queries) KeepEvidence(ctx context.Context, e *store.Evidence) error {
	err := q.guarded(ctx, func(x dbtx) error {
		return notFound(x.QueryRow(ctx, `INSERT INTO evidence (practice_id, post_id, captured_at, text, author_id,
			author_name, permalink, raw, fresh, sha256)
			SELECT practice_id, id, $1, $2, $3, $4, $5, $6, $7, $8 FROM posts WHERE practice_id = $9 AND id = $10 RETURNING id`,
			tz(e.CapturedAt), []byte(e.Text), e.AuthorID, []byte(e.AuthorName), e.Permalink, bytesOrEmpty(e.Raw),
			bytesOrEmpty(e.Fresh), e.SHA256, e.PracticeID, e.PostID).Scan(&e.ID))
	})
	if err != nil {
		return fmt.Errorf("keeping evidence of post %d: %w", e.PostID, err)
	}
	return nil
}

func (q *queries) EvidenceForPost(ctx context.Context, practiceID string, postID int64) ([]store.Evidence, error) {
	rows, err := q.x.Query(ctx, `SELECT id, practice_id, post_id, captured_at, text, author_id, author_name,
		permalink, raw, fresh, sha256 FROM evidence WHERE practice_id = $1 AND post_id = $2 ORDER BY id`, practiceID, postID)
	out, err := collect(rows, err, func(r pgx.Rows, e *store.Evidence) error {
		return r.Scan(&e.ID, &e.PracticeID, &e.PostID, tsScanner{&e.CapturedAt}, textScanner{&e.Text}, &e.AuthorID,
			textScanner{&e.AuthorName}, &e.Permalink, &e.Raw, &e.Fresh, &e.SHA256)
	})
	if err != nil {
		return nil, fmt.Errorf("reading evidence of post %d: %w", postID, err)
	}
	return out, nil
}

// Audit.

func (q *queries) InsertAudit(ctx context.Context, e *store.AuditEntry) error {
	err := q.guarded(ctx, func(x dbtx) error {
		_, err := x.Exec(ctx, `INSERT INTO audit (practice_id, seq, time, kind, subject, actor, detail, prev_hash, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			e.PracticeID, e.Seq, tz(e.Time), e.Kind, e.Subject, e.Actor, string(e.Detail), e.PrevHash, e.Hash)
		return mapErr(err)
	})
	if err != nil {
		return fmt.Errorf("appending audit entry %d: %w", e.Seq, err)
	}
	return nil
}

const auditCols = `seq, time, practice_id, kind, subject, actor, detail, prev_hash, hash`

func scanAudit(r pgx.Row, e *store.AuditEntry) error {
	return r.Scan(&e.Seq, tsScanner{&e.Time}, &e.PracticeID, &e.Kind, &e.Subject, &e.Actor, bytesScanner{&e.Detail},
		&e.PrevHash, &e.Hash)
}

func (q *queries) LastAudit(ctx context.Context, practiceID string) (store.AuditEntry, error) {
	var e store.AuditEntry
	if q.tx != nil {
		// audit.Append reads the last entry then inserts the next: in a
		// transaction, hold the practice's chain until commit, so writers
		// on other connections (or instances) take turns instead of racing
		// for the same seq.
		if _, err := q.tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('pagekeeper audit ' || $1))`, practiceID); err != nil {
			return store.AuditEntry{}, fmt.Errorf("locking the audit chain: %w", err)
		}
	}
	err := scanAudit(q.x.QueryRow(ctx,
		`SELECT `+auditCols+` FROM audit WHERE practice_id = $1 ORDER BY seq DESC LIMIT 1`, practiceID), &e)
	if err != nil {
		return store.AuditEntry{}, fmt.Errorf("reading last audit entry: %w", notFound(err))
	}
	return e, nil
}

func (q *queries) AuditEntries(ctx context.Context, practiceID string, afterSeq int64, limit int) ([]store.AuditEntry, error) {
	rows, err := q.x.Query(ctx, `SELECT `+auditCols+` FROM audit WHERE practice_id = $1 AND seq > $2
		ORDER BY seq LIMIT $3`, practiceID, afterSeq, max(limit, 0))
	out, err := collect(rows, err, func(r pgx.Rows, e *store.AuditEntry) error { return scanAudit(r, e) })
	if err != nil {
		return nil, fmt.Errorf("reading audit entries: %w", err)
	}
	return out, nil
}

// Users.

func (q *queries) CreateUser(ctx context.Context, u *store.User) error {
	err := q.atomic(ctx, func(x dbtx) error {
		err := x.QueryRow(ctx, `INSERT INTO users (email, name, password_hash, role, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, u.Email, u.Name, u.PasswordHash, u.Role, tz(u.CreatedAt)).Scan(&u.ID)
		if err != nil {
			return mapErr(err)
		}
		for _, p := range u.Practices {
			if _, err := x.Exec(ctx, `INSERT INTO user_practices (user_id, practice_id) VALUES ($1, $2)`, u.ID, p); err != nil {
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
	err := q.x.QueryRow(ctx, `SELECT id, email, name, password_hash, role, created_at FROM users WHERE `+where, arg).
		Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Role, tsScanner{&u.CreatedAt})
	if err != nil {
		return store.User{}, notFound(err)
	}
	rows, err := q.x.Query(ctx, `SELECT practice_id FROM user_practices WHERE user_id = $1 ORDER BY practice_id COLLATE "C"`, u.ID)
	u.Practices, err = collect(rows, err, func(r pgx.Rows, p *string) error { return r.Scan(p) })
	if err != nil {
		return store.User{}, err
	}
	return u, nil
}

func (q *queries) User(ctx context.Context, id int64) (store.User, error) {
	u, err := q.user(ctx, `id = $1`, id)
	if err != nil {
		return store.User{}, fmt.Errorf("reading user %d: %w", id, err)
	}
	return u, nil
}

func (q *queries) UserByEmail(ctx context.Context, email string) (store.User, error) {
	u, err := q.user(ctx, `lower(email COLLATE "C") = lower($1 COLLATE "C")`, email)
	if err != nil {
		return store.User{}, fmt.Errorf("reading user by email: %w", err)
	}
	return u, nil
}

func (q *queries) SetPassword(ctx context.Context, id int64, hash string) error {
	if err := mustAffect(q.x.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, id)); err != nil {
		return fmt.Errorf("setting password of user %d: %w", id, err)
	}
	return nil
}

func (q *queries) SetUserRole(ctx context.Context, id int64, role string) error {
	if err := mustAffect(q.x.Exec(ctx, `UPDATE users SET role = $1 WHERE id = $2`, role, id)); err != nil {
		return fmt.Errorf("setting role of user %d: %w", id, err)
	}
	return nil
}

func (q *queries) RemoveUserPractice(ctx context.Context, id int64, practiceID string) error {
	err := mustAffect(q.x.Exec(ctx, `DELETE FROM user_practices WHERE user_id = $1 AND practice_id = $2`, id, practiceID))
	if err != nil {
		return fmt.Errorf("removing user %d from practice %s: %w", id, practiceID, err)
	}
	return nil
}

// Dedupe.

func (q *queries) MarkSeen(ctx context.Context, practiceID, key string, at time.Time) (bool, error) {
	tag, err := q.x.Exec(ctx, `INSERT INTO dedupe (practice_id, key, seen_at) VALUES ($1, $2, $3)
		ON CONFLICT (practice_id, key) DO NOTHING`, practiceID, key, tz(at))
	if err != nil {
		return false, fmt.Errorf("marking delivery seen: %w", mapErr(err))
	}
	return tag.RowsAffected() == 1, nil
}

func (q *queries) ForgetSeenBefore(ctx context.Context, t time.Time) (int64, error) {
	var a args
	tag, err := q.x.Exec(ctx, `DELETE FROM dedupe WHERE `+before("seen_at", &a, t), a...)
	if err != nil {
		return 0, fmt.Errorf("forgetting old deliveries: %w", err)
	}
	return tag.RowsAffected(), nil
}

// Cursors.

func (q *queries) Cursor(ctx context.Context, practiceID, key string) (string, error) {
	var v string
	err := q.x.QueryRow(ctx, `SELECT value FROM cursors WHERE practice_id = $1 AND key = $2`, practiceID, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading cursor %s: %w", key, err)
	}
	return v, nil
}

func (q *queries) SetCursor(ctx context.Context, practiceID, key, value string) error {
	err := q.guarded(ctx, func(x dbtx) error {
		_, err := x.Exec(ctx, `INSERT INTO cursors (practice_id, key, value) VALUES ($1, $2, $3)
			ON CONFLICT (practice_id, key) DO UPDATE SET value = excluded.value`, practiceID, key, value)
		return mapErr(err)
	})
	if err != nil {
		return fmt.Errorf("storing cursor %s: %w", key, err)
	}
	return nil
}

// Media.

func (q *queries) KeepEvidenceMedia(ctx context.Context, m *store.EvidenceMedia) error {
	err := q.guarded(ctx, func(x dbtx) error {
		return notFound(x.QueryRow(ctx, `INSERT INTO evidence_media (practice_id, post_id, idx, content_type, data, sha256, captured_at)
			SELECT practice_id, id, $1, $2, $3, $4, $5 FROM posts WHERE practice_id = $6 AND id = $7 RETURNING id`,
			m.Index, m.ContentType, bytesOrEmpty(m.Data), m.SHA256, tz(m.CapturedAt), m.PracticeID, m.PostID).Scan(&m.ID))
	})
	if err != nil {
		return fmt.Errorf("keeping media of post %d: %w", m.PostID, err)
	}
	return nil
}

func (q *queries) EvidenceMediaForPost(ctx context.Context, practiceID string, postID int64) ([]store.EvidenceMedia, error) {
	rows, err := q.x.Query(ctx, `SELECT id, practice_id, post_id, idx, content_type, data, sha256, captured_at
		FROM evidence_media WHERE practice_id = $1 AND post_id = $2 ORDER BY id`, practiceID, postID)
	out, err := collect(rows, err, func(r pgx.Rows, m *store.EvidenceMedia) error {
		return r.Scan(&m.ID, &m.PracticeID, &m.PostID, &m.Index, &m.ContentType, &m.Data, &m.SHA256, tsScanner{&m.CapturedAt})
	})
	if err != nil {
		return nil, fmt.Errorf("reading media of post %d: %w", postID, err)
	}
	return out, nil
}
