package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// testEdges pins what one backend could easily do differently from
// another: time zones and precision, ties in ordering, byte order of ids,
// NUL bytes in text, carrying on in a transaction after an expected error,
// and two writers racing for the same audit seq. Each subtest uses
// practices of its own, so they share the store.
func testEdges(t *testing.T, s store.Store) {
	t.Run("TimesAreInstants", func(t *testing.T) { edgeTimes(t, s) })
	t.Run("OrderingTies", func(t *testing.T) { edgeTies(t, s) })
	t.Run("ByteOrder", func(t *testing.T) { edgeByteOrder(t, s) })
	t.Run("NULInText", func(t *testing.T) { edgeNUL(t, s) })
	t.Run("TxGoesOnAfterExpectedError", func(t *testing.T) { edgeTxGoesOn(t, s) })
	t.Run("AuditRace", func(t *testing.T) { edgeAuditRace(t, s) })
}

// edgeTimes: a time in any zone is stored as its instant, comes back in
// UTC, and is truncated (never rounded) to the microsecond.
func edgeTimes(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "tz")
	india := time.FixedZone("IST", 5*3600+1800)
	// 10:00 in India is 04:30 UTC: earlier than 05:00 UTC though its wall
	// clock is later.
	early := post(t, s, "tz", "early", time.Date(2026, 11, 21, 10, 0, 0, 0, india))
	late := post(t, s, "tz", "late", time.Date(2026, 11, 21, 5, 0, 0, 0, time.UTC))
	ps, err := s.ListPosts(ctx, "tz", store.PostFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(ps); !slices.Equal(got, []int64{late.ID, early.ID}) {
		t.Errorf("ListPosts = %v, want newest instant first %v", got, []int64{late.ID, early.ID})
	}
	ps, _ = s.ListPosts(ctx, "tz", store.PostFilter{Before: time.Date(2026, 11, 21, 10, 30, 0, 0, india)}) // 05:00 UTC
	if got := ids(ps); !slices.Equal(got, []int64{early.ID}) {
		t.Errorf("ListPosts before 10:30 IST = %v, want only %d", got, early.ID)
	}
	got, err := s.Post(ctx, "tz", early.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ReceivedAt.Location() != time.UTC || !got.ReceivedAt.Equal(early.ReceivedAt) {
		t.Errorf("ReceivedAt = %v, want %v in UTC", got.ReceivedAt, early.ReceivedAt)
	}

	fine := time.Date(2026, 11, 21, 9, 30, 0, 999_999_999, time.UTC)
	p := newPost("tz", "fine", fine)
	if err := s.InsertPost(ctx, &p); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Post(ctx, "tz", p.ID)
	if want := fine.Truncate(time.Microsecond); !got.ReceivedAt.Equal(want) {
		t.Errorf("ReceivedAt = %s, want %s (truncated to the microsecond)",
			got.ReceivedAt.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
	}
	// A zero time is kept as zero.
	z := newPost("tz", "zero", t0)
	z.CreatedAt = time.Time{}
	if err := s.InsertPost(ctx, &z); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Post(ctx, "tz", z.ID); !got.CreatedAt.IsZero() {
		t.Errorf("zero CreatedAt came back as %v", got.CreatedAt)
	}
}

func ids(ps []store.Post) []int64 {
	var out []int64
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// edgeTies: rows with the same time come in id order (newest lists: the
// higher id first; oldest-first lists: the lower).
func edgeTies(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "ties")
	var ps []store.Post
	for i := range 4 {
		p := newPost("ties", fmt.Sprint("t", i), t0)
		p.Status = store.StatusHeld
		if err := s.InsertPost(ctx, &p); err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	want := []int64{ps[3].ID, ps[2].ID, ps[1].ID, ps[0].ID}
	list, err := s.ListPosts(ctx, "ties", store.PostFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, ids(list)); diff != "" {
		t.Errorf("ListPosts with equal times (-want +got):\n%s", diff)
	}
	byAuthor := newPost("ties", "a2", t0)
	byAuthor.AuthorID = ps[0].AuthorID
	if err := s.InsertPost(ctx, &byAuthor); err != nil {
		t.Fatal(err)
	}
	mine, err := s.PostsByAuthor(ctx, "ties", moderation.Facebook, ps[0].AuthorID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{byAuthor.ID, ps[0].ID}, ids(mine)); diff != "" {
		t.Errorf("PostsByAuthor with equal times (-want +got):\n%s", diff)
	}
	q, err := s.ReviewQueue(ctx, "ties", store.QueueFilter{State: store.QueueNeedsReview})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, it := range q {
		got = append(got, it.Post.ID)
	}
	if diff := cmp.Diff([]int64{ps[0].ID, ps[1].ID, ps[2].ID, ps[3].ID}, got); diff != "" {
		t.Errorf("ReviewQueue(needs review) with equal times, oldest first (-want +got):\n%s", diff)
	}
	var fb []int64
	for _, p := range []store.Post{ps[2], ps[0], ps[1]} {
		f := store.Feedback{PracticeID: "ties", PostID: p.ID, Category: moderation.Harassment,
			Verdict: store.VerdictNotABreach, UserID: 1, CreatedAt: t0}
		if err := s.AddFeedback(ctx, &f); err != nil {
			t.Fatal(err)
		}
		fb = append(fb, f.ID)
	}
	fs, err := s.FeedbackSince(ctx, "ties", t0)
	if err != nil {
		t.Fatal(err)
	}
	var gotFB []int64
	for _, f := range fs {
		gotFB = append(gotFB, f.ID)
	}
	if diff := cmp.Diff(fb, gotFB); diff != "" {
		t.Errorf("FeedbackSince with equal times, in the order added (-want +got):\n%s", diff)
	}
}

// edgeByteOrder: ids sort by byte ("B" before "a"), whatever the database's
// collation; emails sort with ASCII case folded, as they are compared.
func edgeByteOrder(t *testing.T, s store.Store) {
	ctx := t.Context()
	for _, id := range []string{"ord-b", "ord-B", "ord-a", "ord_a"} {
		practice(t, s, id)
	}
	all, err := s.ListPractices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range all {
		if len(p.ID) > 4 && p.ID[:4] == "ord-" || len(p.ID) > 4 && p.ID[:4] == "ord_" {
			got = append(got, p.ID)
		}
	}
	if diff := cmp.Diff([]string{"ord-B", "ord-a", "ord-b", "ord_a"}, got); diff != "" {
		t.Errorf("ListPractices not in byte order (-want +got):\n%s", diff)
	}
	u := user(t, s, "order@example.org", store.RoleReception, "ord-b", "ord-B", "ord_a", "ord-a")
	if diff := cmp.Diff([]string{"ord-B", "ord-a", "ord-b", "ord_a"}, u.Practices); diff != "" {
		t.Errorf("a user's practices not in byte order (-want +got):\n%s", diff)
	}
	for _, e := range []string{"carol@example.org", "Bob@example.org", "alice@example.org", "Zed@example.org"} {
		user(t, s, e, store.RoleReception, "ord-a")
	}
	us, err := s.ListUsers(ctx, "ord-a")
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, u := range us {
		emails = append(emails, u.Email)
	}
	want := []string{"alice@example.org", "Bob@example.org", "carol@example.org", "order@example.org", "Zed@example.org"}
	if diff := cmp.Diff(want, emails); diff != "" {
		t.Errorf("ListUsers not by email, case folded (-want +got):\n%s", diff)
	}
}

// edgeNUL: a NUL byte in what people write (a post, its author's name, an
// edit, evidence) is kept byte for byte. A platform can deliver one
// (JSON's \u0000), and refusing the post would let it dodge moderation.
func edgeNUL(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "nul")
	p := newPost("nul", "n1", t0)
	p.Text = "you\x00 are \x00awful"
	p.AuthorName = "Nul\x00Name"
	p.Raw = []byte(`{"message":"you\u0000 are \u0000awful"}`)
	if err := s.InsertPost(ctx, &p); err != nil {
		t.Fatalf("InsertPost with a NUL in its text: %v", err)
	}
	got, err := s.Post(ctx, "nul", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("post with NULs (-want +got):\n%s", diff)
	}
	if err := s.EditPost(ctx, "nul", p.ID, "edited\x00", nil, t0.Add(time.Hour)); err != nil {
		t.Fatalf("EditPost with a NUL: %v", err)
	}
	vs, err := s.PostVersions(ctx, "nul", p.ID)
	if err != nil || len(vs) != 1 || vs[0].Text != p.Text {
		t.Errorf("PostVersions = %+v, %v; want the first text with its NULs", vs, err)
	}
	if got, _ := s.Post(ctx, "nul", p.ID); got.Text != "edited\x00" {
		t.Errorf("text after edit = %q", got.Text)
	}
	e := store.Evidence{PracticeID: "nul", PostID: p.ID, CapturedAt: t0, Text: p.Text, AuthorID: p.AuthorID,
		AuthorName: p.AuthorName, Permalink: p.Permalink, Raw: p.Raw, Fresh: []byte(`{"text":"\u0000"}`)}
	e.SHA256 = e.Hash()
	if err := s.KeepEvidence(ctx, &e); err != nil {
		t.Fatalf("KeepEvidence with NULs: %v", err)
	}
	es, err := s.EvidenceForPost(ctx, "nul", p.ID)
	if err != nil || len(es) != 1 || !es[0].Intact() || es[0].Text != p.Text {
		t.Errorf("evidence with NULs = %+v, %v; want it intact", es, err)
	}
}

// edgeTxGoesOn: an expected error (ErrDuplicate, ErrNotFound) inside a
// transaction fails only that write; the transaction carries on and
// commits what else it did.
func edgeTxGoesOn(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "goes-on")
	post(t, s, "goes-on", "taken", t0)
	var kept store.Post
	err := s.WithTx(ctx, func(tx store.TxStore) error {
		dup := newPost("goes-on", "taken", t0)
		if err := tx.InsertPost(ctx, &dup); !errors.Is(err, store.ErrDuplicate) {
			return fmt.Errorf("InsertPost(taken) = %v, want ErrDuplicate", err)
		}
		orphan := newPost("nobody", "x", t0)
		if err := tx.InsertPost(ctx, &orphan); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("InsertPost(unknown practice) = %v, want ErrNotFound", err)
		}
		if err := tx.SetCursor(ctx, "nobody", "k", "v"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("SetCursor(unknown practice) = %v, want ErrNotFound", err)
		}
		kept = newPost("goes-on", "new", t0)
		if err := tx.InsertPost(ctx, &kept); err != nil {
			return fmt.Errorf("InsertPost after expected errors: %w", err)
		}
		_, err := audit.Append(ctx, tx, audit.Record{Time: t0, PracticeID: "goes-on", Kind: store.AuditReceived,
			Subject: fmt.Sprint("post:", kept.ID), Actor: "auto"})
		return err
	})
	if err != nil {
		t.Fatalf("WithTx: %v", err)
	}
	if _, err := s.Post(ctx, "goes-on", kept.ID); err != nil {
		t.Errorf("post written after the expected errors was not committed: %v", err)
	}
	if h, err := audit.Verify(ctx, s, "goes-on"); err != nil || h.Seq != 1 {
		t.Errorf("audit after the transaction = %+v, %v", h, err)
	}
}

// edgeAuditRace: two transactions writing the same seq of a practice's
// chain: the second to commit gets ErrDuplicate, and writers that retry
// on it, as the callers of audit.Append do, leave an unbroken chain.
func edgeAuditRace(t *testing.T, s store.Store) {
	ctx := t.Context()
	entry := func(hash string) store.AuditEntry {
		return store.AuditEntry{Seq: 1, Time: t0, PracticeID: "race", Kind: store.AuditReceived, Detail: []byte(`{}`), Hash: hash}
	}
	inserted := make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- s.WithTx(ctx, func(tx store.TxStore) error {
			e := entry("first")
			err := tx.InsertAudit(ctx, &e)
			close(inserted)
			time.Sleep(100 * time.Millisecond) // the other writer arrives while this one is open
			return err
		})
	}()
	<-inserted
	second := s.WithTx(ctx, func(tx store.TxStore) error {
		e := entry("second")
		return tx.InsertAudit(ctx, &e)
	})
	if err := <-first; err != nil {
		t.Fatalf("first writer: %v", err)
	}
	wantErr(t, "second writer of seq 1", second, store.ErrDuplicate)
	if last, err := s.LastAudit(ctx, "race"); err != nil || last.Hash != "first" {
		t.Errorf("LastAudit = %+v, %v; want the first writer's entry", last, err)
	}

	const writers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				var err error
				for try := 0; try < 50; try++ {
					err = s.WithTx(ctx, func(tx store.TxStore) error {
						_, err := audit.Append(ctx, tx, audit.Record{Time: t0, PracticeID: "race2", Kind: store.AuditActed,
							Subject: fmt.Sprintf("writer:%d", w), Actor: "worker", Detail: map[string]any{"i": i}})
						return err
					})
					if !errors.Is(err, store.ErrDuplicate) {
						break
					}
				}
				if err != nil {
					errs <- fmt.Errorf("writer %d entry %d: %w", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if h, err := audit.Verify(ctx, s, "race2"); err != nil || h.Seq != writers*each {
		t.Errorf("Verify after racing writers = %+v, %v; want %d entries", h, err, writers*each)
	}
}
