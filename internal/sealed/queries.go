package sealed

import (
	"context"
	"slices"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// queries wraps a store.Queries, sealing and opening the protected fields;
// every other method passes straight through (embedded).
type queries struct {
	store.Queries
	ring *Keyring
}

// sealer seals several fields of one record, keeping the first error.
type sealer struct {
	ring     *Keyring
	practice string
	err      error
}

func (s *sealer) bytes(f store.Field, v []byte) []byte {
	if s.err != nil {
		return nil
	}
	out, err := s.ring.Seal(s.practice, f, v)
	if err != nil {
		s.err = err
		return nil
	}
	if out == nil && v != nil {
		out = []byte{}
	}
	return out
}

func (s *sealer) str(f store.Field, v string) string { return string(s.bytes(f, []byte(v))) }

// opener opens several fields of one record, keeping the first error.
type opener struct {
	ring     *Keyring
	practice string
	err      error
}

func (o *opener) bytes(f store.Field, v []byte) []byte {
	if o.err != nil || len(v) == 0 {
		return v
	}
	out, err := o.ring.Open(o.practice, f, v)
	if err != nil {
		o.err = err
		return nil
	}
	return out
}

func (o *opener) str(f store.Field, v string) string {
	if v == "" {
		return ""
	}
	return string(o.bytes(f, []byte(v)))
}

func (q *queries) sealPost(p store.Post) (store.Post, error) {
	s := sealer{ring: q.ring, practice: p.PracticeID}
	p.Text = s.str(store.FieldPostText, p.Text)
	p.Raw = s.bytes(store.FieldPostRaw, p.Raw)
	p.AuthorName = s.str(store.FieldPostAuthorName, p.AuthorName)
	return p, s.err
}

func (q *queries) openPost(p store.Post) (store.Post, error) {
	o := opener{ring: q.ring, practice: p.PracticeID}
	p.Text = o.str(store.FieldPostText, p.Text)
	p.Raw = o.bytes(store.FieldPostRaw, p.Raw)
	p.AuthorName = o.str(store.FieldPostAuthorName, p.AuthorName)
	if o.err != nil {
		return store.Post{}, o.err
	}
	return p, nil
}

func (q *queries) openPosts(ps []store.Post) ([]store.Post, error) {
	for i := range ps {
		var err error
		if ps[i], err = q.openPost(ps[i]); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// InsertPost seals p's protected fields and stores it; p keeps its plaintext.
func (q *queries) InsertPost(ctx context.Context, p *store.Post) error {
	sp, err := q.sealPost(*p)
	if err != nil {
		return err
	}
	err = q.Queries.InsertPost(ctx, &sp)
	p.ID, p.Status = sp.ID, sp.Status
	return err
}

// Post returns the post, opened.
func (q *queries) Post(ctx context.Context, practiceID string, id int64) (store.Post, error) {
	p, err := q.Queries.Post(ctx, practiceID, id)
	if err != nil {
		return store.Post{}, err
	}
	return q.openPost(p)
}

// PostByExternalID returns the post, opened.
func (q *queries) PostByExternalID(ctx context.Context, practiceID string, ch moderation.Channel, externalID string) (store.Post, error) {
	p, err := q.Queries.PostByExternalID(ctx, practiceID, ch, externalID)
	if err != nil {
		return store.Post{}, err
	}
	return q.openPost(p)
}

// ListPosts returns the posts, opened. Its filters (status, time) read
// only clear columns, so the backend still applies them in SQL.
func (q *queries) ListPosts(ctx context.Context, practiceID string, f store.PostFilter) ([]store.Post, error) {
	ps, err := q.Queries.ListPosts(ctx, practiceID, f)
	if err != nil {
		return nil, err
	}
	return q.openPosts(ps)
}

// EditPost seals the new text and payload; the backend copies the old
// ciphertexts into the version row unchanged (same practice and field).
func (q *queries) EditPost(ctx context.Context, practiceID string, id int64, text string, raw []byte, at time.Time) error {
	s := sealer{ring: q.ring, practice: practiceID}
	st, sr := s.str(store.FieldPostText, text), s.bytes(store.FieldPostRaw, raw)
	if s.err != nil {
		return s.err
	}
	return q.Queries.EditPost(ctx, practiceID, id, st, sr, at)
}

// PostVersions returns the versions, opened.
func (q *queries) PostVersions(ctx context.Context, practiceID string, postID int64) ([]store.PostVersion, error) {
	vs, err := q.Queries.PostVersions(ctx, practiceID, postID)
	if err != nil {
		return nil, err
	}
	o := opener{ring: q.ring, practice: practiceID}
	for i := range vs {
		vs[i].Text = o.str(store.FieldPostText, vs[i].Text)
		vs[i].Raw = o.bytes(store.FieldPostRaw, vs[i].Raw)
	}
	if o.err != nil {
		return nil, o.err
	}
	return vs, nil
}

// InsertDecision seals the findings' reasons, which quote the post.
func (q *queries) InsertDecision(ctx context.Context, d *store.Decision) error {
	c := *d
	c.Findings = slices.Clone(d.Findings)
	s := sealer{ring: q.ring, practice: d.PracticeID}
	for i := range c.Findings {
		c.Findings[i].Reason = s.str(store.FieldFindingReason, c.Findings[i].Reason)
	}
	if s.err != nil {
		return s.err
	}
	err := q.Queries.InsertDecision(ctx, &c)
	d.ID = c.ID
	return err
}

func (q *queries) openDecisions(ds []store.Decision) ([]store.Decision, error) {
	for i := range ds {
		o := opener{ring: q.ring, practice: ds[i].PracticeID}
		for j := range ds[i].Findings {
			ds[i].Findings[j].Reason = o.str(store.FieldFindingReason, ds[i].Findings[j].Reason)
		}
		if o.err != nil {
			return nil, o.err
		}
	}
	return ds, nil
}

// Decision returns the decision, its findings' reasons opened.
func (q *queries) Decision(ctx context.Context, practiceID string, id int64) (store.Decision, error) {
	d, err := q.Queries.Decision(ctx, practiceID, id)
	if err != nil {
		return store.Decision{}, err
	}
	ds, err := q.openDecisions([]store.Decision{d})
	if err != nil {
		return store.Decision{}, err
	}
	return ds[0], nil
}

// DecisionsForPost returns the decisions, their findings' reasons opened.
func (q *queries) DecisionsForPost(ctx context.Context, practiceID string, postID int64) ([]store.Decision, error) {
	ds, err := q.Queries.DecisionsForPost(ctx, practiceID, postID)
	if err != nil {
		return nil, err
	}
	return q.openDecisions(ds)
}

// KeepEvidence seals e's text, author name, payload and fresh read; the
// SHA256 the caller computed over the plaintext is stored as given.
func (q *queries) KeepEvidence(ctx context.Context, e *store.Evidence) error {
	c := *e
	s := sealer{ring: q.ring, practice: e.PracticeID}
	c.Text = s.str(store.FieldEvidenceText, c.Text)
	c.AuthorName = s.str(store.FieldEvidenceAuthorName, c.AuthorName)
	c.Raw = s.bytes(store.FieldEvidenceRaw, c.Raw)
	c.Fresh = s.bytes(store.FieldEvidenceFresh, c.Fresh)
	if s.err != nil {
		return s.err
	}
	err := q.Queries.KeepEvidence(ctx, &c)
	e.ID = c.ID
	return err
}

// EvidenceForPost returns the evidence, opened, so Intact can check it.
func (q *queries) EvidenceForPost(ctx context.Context, practiceID string, postID int64) ([]store.Evidence, error) {
	es, err := q.Queries.EvidenceForPost(ctx, practiceID, postID)
	if err != nil {
		return nil, err
	}
	o := opener{ring: q.ring, practice: practiceID}
	for i := range es {
		es[i].Text = o.str(store.FieldEvidenceText, es[i].Text)
		es[i].AuthorName = o.str(store.FieldEvidenceAuthorName, es[i].AuthorName)
		es[i].Raw = o.bytes(store.FieldEvidenceRaw, es[i].Raw)
		es[i].Fresh = o.bytes(store.FieldEvidenceFresh, es[i].Fresh)
	}
	if o.err != nil {
		return nil, o.err
	}
	return es, nil
}

// KeepEvidenceMedia seals the image; its SHA256 (of the plaintext image)
// is stored as given, so the backend's one-copy-per-post rule still holds.
func (q *queries) KeepEvidenceMedia(ctx context.Context, m *store.EvidenceMedia) error {
	c := *m
	s := sealer{ring: q.ring, practice: m.PracticeID}
	c.Data = s.bytes(store.FieldMediaData, c.Data)
	if s.err != nil {
		return s.err
	}
	err := q.Queries.KeepEvidenceMedia(ctx, &c)
	m.ID = c.ID
	return err
}

// EvidenceMediaForPost returns the media, opened.
func (q *queries) EvidenceMediaForPost(ctx context.Context, practiceID string, postID int64) ([]store.EvidenceMedia, error) {
	ms, err := q.Queries.EvidenceMediaForPost(ctx, practiceID, postID)
	if err != nil {
		return nil, err
	}
	o := opener{ring: q.ring, practice: practiceID}
	for i := range ms {
		ms[i].Data = o.bytes(store.FieldMediaData, ms[i].Data)
	}
	if o.err != nil {
		return nil, o.err
	}
	return ms, nil
}

// ReviewQueue returns the queue with its posts opened. Its filters read
// only clear columns.
func (q *queries) ReviewQueue(ctx context.Context, practiceID string, f store.QueueFilter) ([]store.QueueItem, error) {
	items, err := q.Queries.ReviewQueue(ctx, practiceID, f)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if items[i].Post, err = q.openPost(items[i].Post); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// PostsByAuthor returns the author's posts, opened. The author id is a
// platform id, kept in the clear so the backend can select by it.
func (q *queries) PostsByAuthor(ctx context.Context, practiceID string, ch moderation.Channel, authorID string, limit int) ([]store.Post, error) {
	ps, err := q.Queries.PostsByAuthor(ctx, practiceID, ch, authorID, limit)
	if err != nil {
		return nil, err
	}
	return q.openPosts(ps)
}
