package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// runProtection runs the store.Protection subtests, each on a new store;
// they are skipped for a backend without it.
func runProtection(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.ProtectedStore)
	}{
		{"PurgePostContent", testPurgePostContent},
		{"PurgeEvidence", testPurgeEvidence},
		{"PurgeDecisions", testPurgeDecisions},
		{"SubjectPosts", testSubjectPosts},
		{"ErasePosts", testErasePosts},
		{"Reseal", testReseal},
	}
	for _, tt := range tests {
		t.Run("Protection/"+tt.name, func(t *testing.T) {
			ps, ok := open(t).(store.ProtectedStore)
			if !ok {
				t.Skip("the store does not implement store.Protection")
			}
			tt.fn(t, ps)
		})
	}
}

// keep is evidence of p captured at.
func keep(t *testing.T, s store.Queries, p store.Post, at time.Time) (store.Evidence, store.EvidenceMedia) {
	t.Helper()
	e := store.Evidence{PracticeID: p.PracticeID, PostID: p.ID, CapturedAt: at, Text: p.Text, AuthorID: p.AuthorID,
		AuthorName: p.AuthorName, Permalink: p.Permalink, Raw: p.Raw, Fresh: []byte(`{"text":"fresh"}`)}
	e.SHA256 = e.Hash()
	if err := s.KeepEvidence(t.Context(), &e); err != nil {
		t.Fatal(err)
	}
	m := store.EvidenceMedia{PracticeID: p.PracticeID, PostID: p.ID, Index: 1, ContentType: "image/png",
		Data: []byte("\x89PNG " + p.ExternalID), CapturedAt: at}
	m.SHA256 = m.Hash()
	if err := s.KeepEvidenceMedia(t.Context(), &m); err != nil {
		t.Fatal(err)
	}
	return e, m
}

// actionIn stores an action of d in state st.
func actionIn(t *testing.T, s store.Queries, d store.Decision, st store.ActionState) store.Action {
	t.Helper()
	a := store.ActionFromDomain(d, moderation.Action{Kind: moderation.ActionHide, Category: moderation.Harassment}, t0)
	a.State = st
	if err := s.InsertAction(t.Context(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// blanked reports whether p's content is gone and its skeleton kept.
func checkBlanked(t *testing.T, s store.Store, p store.Post) {
	t.Helper()
	ctx := t.Context()
	got, err := s.Post(ctx, p.PracticeID, p.ID)
	if err != nil {
		t.Fatalf("post %d after purge: %v", p.ID, err)
	}
	if got.Text != "" || len(got.Raw) != 0 || got.AuthorName != "" || len(got.Media) != 0 || got.Permalink != "" {
		t.Errorf("post %d after purge: text %q raw %q author %q media %v permalink %q; want all blank",
			p.ID, got.Text, got.Raw, got.AuthorName, got.Media, got.Permalink)
	}
	if got.AuthorID != p.AuthorID || got.ExternalID != p.ExternalID || got.Channel != p.Channel || got.Status != p.Status {
		t.Errorf("post %d after purge lost its skeleton: %+v", p.ID, got)
	}
	if vs, err := s.PostVersions(ctx, p.PracticeID, p.ID); err != nil || len(vs) != 0 {
		t.Errorf("versions of post %d after purge = %d, %v; want none", p.ID, len(vs), err)
	}
	ds, err := s.DecisionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil || len(ds) == 0 {
		t.Fatalf("decisions of post %d after purge = %d, %v; want kept", p.ID, len(ds), err)
	}
	for _, f := range ds[0].Findings {
		if f.Reason != "" || f.Category == "" || f.End == 0 {
			t.Errorf("finding after purge = %+v; want category and span kept, reason blank", f)
		}
	}
}

func testPurgePostContent(t *testing.T, s store.ProtectedStore) {
	ctx := t.Context()
	practice(t, s, "p1")
	old := post(t, s, "p1", "old", t0)
	if err := s.EditPost(ctx, "p1", old.ID, "edited text", []byte("edited"), t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	oldAction := actionIn(t, s, decision(t, s, old), store.ActionDone)
	busy := post(t, s, "p1", "busy", t0)
	actionIn(t, s, decision(t, s, busy), store.ActionPending)
	recent := post(t, s, "p1", "recent", t0.Add(48*time.Hour))
	decision(t, s, recent)
	practice(t, s, "p2")
	foreign := post(t, s, "p2", "old", t0)

	n, err := s.PurgePostContent(ctx, "p1", t0.Add(24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("PurgePostContent = %d, %v; want 1 (the busy post waits for its action)", n, err)
	}
	checkBlanked(t, s, old)
	if a, err := s.Action(ctx, "p1", oldAction.ID); err != nil || a.State != store.ActionDone {
		t.Errorf("action after purge = %+v, %v; want kept", a, err)
	}
	for _, p := range []store.Post{busy, recent, foreign} {
		if got, err := s.Post(ctx, p.PracticeID, p.ID); err != nil || got.Text != p.Text || got.AuthorName != p.AuthorName {
			t.Errorf("post %s after purge = %q, %v; want untouched", p.ExternalID, got.Text, err)
		}
	}
	if ds, _ := s.DecisionsForPost(ctx, "p1", recent.ID); len(ds) != 1 || ds[0].Findings[0].Reason == "" {
		t.Errorf("a recent post's finding lost its reason: %+v", ds)
	}
	if n, err := s.PurgePostContent(ctx, "p1", t0.Add(24*time.Hour)); err != nil || n != 0 {
		t.Errorf("second PurgePostContent = %d, %v; want 0", n, err)
	}
}

func testPurgeEvidence(t *testing.T, s store.ProtectedStore) {
	ctx := t.Context()
	practice(t, s, "p1")
	p := post(t, s, "p1", "c1", t0)
	keep(t, s, p, t0)
	q := post(t, s, "p1", "c2", t0)
	e2, m2 := keep(t, s, q, t0.Add(48*time.Hour))
	practice(t, s, "p2")
	keep(t, s, post(t, s, "p2", "c1", t0), t0)
	n, err := s.PurgeEvidence(ctx, "p1", t0.Add(24*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("PurgeEvidence = %d, %v; want 2 (one evidence row, one photo)", n, err)
	}
	if es, err := s.EvidenceForPost(ctx, "p1", p.ID); err != nil || len(es) != 0 {
		t.Errorf("old evidence after purge = %d, %v; want none", len(es), err)
	}
	if ms, err := s.EvidenceMediaForPost(ctx, "p1", p.ID); err != nil || len(ms) != 0 {
		t.Errorf("old media after purge = %d, %v; want none", len(ms), err)
	}
	es, err := s.EvidenceForPost(ctx, "p1", q.ID)
	if err != nil || len(es) != 1 || !cmp.Equal(es[0], e2) || !es[0].Intact() {
		t.Errorf("recent evidence after purge = %+v, %v; want kept and intact", es, err)
	}
	ms, err := s.EvidenceMediaForPost(ctx, "p1", q.ID)
	if err != nil || len(ms) != 1 || !cmp.Equal(ms[0], m2) {
		t.Errorf("recent media after purge = %d, %v; want kept", len(ms), err)
	}
	if _, err := s.Post(ctx, "p1", p.ID); err != nil {
		t.Errorf("the post of purged evidence: %v; want kept", err)
	}
	if n, err := s.PurgeEvidence(ctx, "p2", t0); err != nil || n != 0 {
		t.Errorf("PurgeEvidence(p2, at its capture time) = %d, %v; want 0 (strictly before)", n, err)
	}
}

func testPurgeDecisions(t *testing.T, s store.ProtectedStore) {
	ctx := t.Context()
	practice(t, s, "p1")
	old := post(t, s, "p1", "old", t0)
	if err := s.EditPost(ctx, "p1", old.ID, "edited", nil, t0); err != nil {
		t.Fatal(err)
	}
	d := decision(t, s, old)
	actionIn(t, s, d, store.ActionDone)
	keep(t, s, old, t0)
	if err := s.MarkReviewed(ctx, "p1", old.ID, 1, store.OutcomeConfirmed, t0); err != nil {
		t.Fatal(err)
	}
	f := store.Feedback{PracticeID: "p1", PostID: old.ID, DecisionID: d.ID, Category: moderation.Harassment,
		Verdict: store.VerdictNotABreach, UserID: 1, CreatedAt: t0}
	if err := s.AddFeedback(ctx, &f); err != nil {
		t.Fatal(err)
	}
	busy := post(t, s, "p1", "busy", t0)
	actionIn(t, s, decision(t, s, busy), store.ActionRunning)
	recent := post(t, s, "p1", "recent", t0.Add(48*time.Hour))
	appendN(t, s, "p1", 3)

	n, err := s.PurgeDecisions(ctx, "p1", t0.Add(24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("PurgeDecisions = %d, %v; want 1", n, err)
	}
	_, err = s.Post(ctx, "p1", old.ID)
	wantErr(t, "Post(purged)", err, store.ErrNotFound)
	if ds, _ := s.DecisionsForPost(ctx, "p1", old.ID); len(ds) != 0 {
		t.Errorf("decisions of a purged post = %d, want none", len(ds))
	}
	if as, _ := s.ActionsForPost(ctx, "p1", old.ID); len(as) != 0 {
		t.Errorf("actions of a purged post = %d, want none", len(as))
	}
	if fs, _ := s.FeedbackSince(ctx, "p1", t0.Add(-time.Hour)); len(fs) != 0 {
		t.Errorf("feedback on a purged post = %d, want none", len(fs))
	}
	for _, p := range []store.Post{busy, recent} {
		if _, err := s.Post(ctx, "p1", p.ID); err != nil {
			t.Errorf("post %s after purge: %v; want kept", p.ExternalID, err)
		}
	}
	if head, err := audit.Verify(ctx, s, "p1"); err != nil || head.Seq != 3 {
		t.Errorf("audit after purge = %+v, %v; want the chain of 3 intact", head, err)
	}
}

func testSubjectPosts(t *testing.T, s store.ProtectedStore) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	var want []int64
	for i, ch := range []moderation.Channel{moderation.Facebook, moderation.Instagram} {
		p := newPost("p1", "c"+string(ch), t0.Add(time.Duration(i)*time.Hour))
		p.Channel, p.AuthorID = ch, "subject"
		if err := s.InsertPost(ctx, &p); err != nil {
			t.Fatal(err)
		}
		want = append(want, p.ID)
	}
	post(t, s, "p1", "someone-else", t0)
	other := newPost("p2", "c1", t0)
	other.AuthorID = "subject"
	if err := s.InsertPost(ctx, &other); err != nil {
		t.Fatal(err)
	}
	ps, err := s.SubjectPosts(ctx, "p1", "subject")
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, p := range ps {
		got = append(got, p.ID)
		if p.Text == "" || p.AuthorName == "" {
			t.Errorf("SubjectPosts gave post %d without its content", p.ID)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SubjectPosts (-want +got):\n%s", diff)
	}
	if ps, err := s.SubjectPosts(ctx, "p1", "nobody"); err != nil || len(ps) != 0 {
		t.Errorf("SubjectPosts(nobody) = %d, %v; want none", len(ps), err)
	}
}

func testErasePosts(t *testing.T, s store.ProtectedStore) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	p := post(t, s, "p1", "c1", t0.Add(72*time.Hour))
	d := decision(t, s, p)
	a := actionIn(t, s, d, store.ActionPending)
	keep(t, s, p, t0)
	keepOther := post(t, s, "p1", "c2", t0)
	keep(t, s, keepOther, t0)
	foreign := post(t, s, "p2", "c1", t0)

	_, err := s.ErasePosts(ctx, "p1", []int64{p.ID, foreign.ID})
	wantErr(t, "ErasePosts(another practice's post)", err, store.ErrNotFound)
	if got, _ := s.Post(ctx, "p1", p.ID); got.Text != p.Text {
		t.Errorf("a refused erasure changed post %d: text %q", p.ID, got.Text)
	}

	n, err := s.ErasePosts(ctx, "p1", []int64{p.ID, p.ID})
	if err != nil || n != 1 {
		t.Fatalf("ErasePosts = %d, %v; want 1", n, err)
	}
	checkBlanked(t, s, p)
	if es, _ := s.EvidenceForPost(ctx, "p1", p.ID); len(es) != 0 {
		t.Errorf("evidence after erasure = %d, want none", len(es))
	}
	if ms, _ := s.EvidenceMediaForPost(ctx, "p1", p.ID); len(ms) != 0 {
		t.Errorf("media after erasure = %d, want none", len(ms))
	}
	if got, err := s.Action(ctx, "p1", a.ID); err != nil || got.State != store.ActionPending {
		t.Errorf("action after erasure = %+v, %v; want kept", got, err)
	}
	if es, _ := s.EvidenceForPost(ctx, "p1", keepOther.ID); len(es) != 1 {
		t.Errorf("another post's evidence after erasure = %d, want 1", len(es))
	}
	if got, _ := s.Post(ctx, "p2", foreign.ID); got.Text != foreign.Text {
		t.Errorf("erasure touched another practice's post")
	}
}

func testReseal(t *testing.T, s store.ProtectedStore) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	p := post(t, s, "p1", "c1", t0)
	if err := s.EditPost(ctx, "p1", p.ID, "second", []byte("second"), t0); err != nil {
		t.Fatal(err)
	}
	decision(t, s, p)
	keep(t, s, p, t0)
	q := post(t, s, "p2", "c1", t0)

	seen := map[store.Field]map[string]int{}
	count := func(practiceID string, f store.Field, v []byte) ([]byte, bool, error) {
		if len(v) == 0 {
			t.Errorf("Reseal passed an empty %s", f)
		}
		if seen[f] == nil {
			seen[f] = map[string]int{}
		}
		seen[f][practiceID]++
		return nil, false, nil
	}
	if n, err := s.Reseal(ctx, count); err != nil || n != 0 {
		t.Fatalf("Reseal(unchanged) = %d, %v", n, err)
	}
	want := map[store.Field]map[string]int{
		store.FieldPostText:           {"p1": 2, "p2": 1}, // the post and its first version
		store.FieldPostRaw:            {"p1": 2, "p2": 1},
		store.FieldPostAuthorName:     {"p1": 1, "p2": 1},
		store.FieldEvidenceText:       {"p1": 1},
		store.FieldEvidenceRaw:        {"p1": 1},
		store.FieldEvidenceFresh:      {"p1": 1},
		store.FieldEvidenceAuthorName: {"p1": 1},
		store.FieldMediaData:          {"p1": 1},
		store.FieldFindingReason:      {"p1": 1},
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("values Reseal passed (-want +got):\n%s", diff)
	}

	// Writing every value back as it was changes nothing a reader sees.
	same := func(_ string, _ store.Field, v []byte) ([]byte, bool, error) { return v, true, nil }
	if n, err := s.Reseal(ctx, same); err != nil || n != 14 {
		t.Errorf("Reseal(rewrite all) = %d, %v; want 14", n, err)
	}
	got, err := s.Post(ctx, "p1", p.ID)
	if err != nil || got.Text != "second" || got.AuthorName != p.AuthorName {
		t.Errorf("post after rewrite = %q by %q, %v", got.Text, got.AuthorName, err)
	}
	if got, err := s.Post(ctx, "p2", q.ID); err != nil || got.Text != q.Text || !cmp.Equal(got.Raw, q.Raw) {
		t.Errorf("other practice's post after rewrite = %q, %v", got.Text, err)
	}
	if es, err := s.EvidenceForPost(ctx, "p1", p.ID); err != nil || len(es) != 1 || !es[0].Intact() {
		t.Errorf("evidence after rewrite = %v; want intact", err)
	}
}
