package storetest

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func testEvidenceMedia(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	p := post(t, s, "p1", "c1", t0)
	other := post(t, s, "p2", "c1", t0)
	if got, err := s.EvidenceMediaForPost(ctx, "p1", p.ID); err != nil || len(got) != 0 {
		t.Fatalf("EvidenceMediaForPost before any = %d items, %v; want none", len(got), err)
	}
	// Binary data with a NUL and every byte value survives the round trip.
	data := make([]byte, 3<<20)
	for i := range data {
		data[i] = byte(i)
	}
	first := store.EvidenceMedia{PracticeID: "p1", PostID: p.ID, Index: 1, ContentType: "image/jpeg", Data: data, CapturedAt: t0}
	first.SHA256 = first.Hash()
	second := store.EvidenceMedia{PracticeID: "p1", PostID: p.ID, Index: 2, ContentType: "image/png", Data: []byte("\x89PNG\r\n\x1a\n"), CapturedAt: t0}
	second.SHA256 = second.Hash()
	for _, m := range []*store.EvidenceMedia{&first, &second} {
		if err := s.KeepEvidenceMedia(ctx, m); err != nil {
			t.Fatalf("KeepEvidenceMedia(%d): %v", m.Index, err)
		}
		if m.ID == 0 {
			t.Errorf("KeepEvidenceMedia(%d) set no id", m.Index)
		}
	}
	got, err := s.EvidenceMediaForPost(ctx, "p1", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.EvidenceMedia{first, second}, got); diff != "" {
		t.Errorf("EvidenceMediaForPost (-want +got):\n%s", diff)
	}
	for _, m := range got {
		if !m.Intact() {
			t.Errorf("media %d no longer hashes to its SHA256", m.ID)
		}
	}
	if len(got) > 0 && !bytes.Equal(got[0].Data, data) {
		t.Error("the image bytes changed in storage")
	}

	again := first
	again.ID, again.Index = 0, 3
	wantErr(t, "KeepEvidenceMedia(same image twice)", s.KeepEvidenceMedia(ctx, &again), store.ErrDuplicate)
	// Another post may hold the same image.
	p2 := post(t, s, "p1", "c2", t0)
	same := first
	same.ID, same.PostID = 0, p2.ID
	if err := s.KeepEvidenceMedia(ctx, &same); err != nil {
		t.Errorf("KeepEvidenceMedia(same image, another post): %v", err)
	}
	missing := second
	missing.ID, missing.PostID = 0, 999999
	wantErr(t, "KeepEvidenceMedia(missing post)", s.KeepEvidenceMedia(ctx, &missing), store.ErrNotFound)

	// Practice isolation: p1 cannot read or write under p2's post.
	if got, err := s.EvidenceMediaForPost(ctx, "p2", p.ID); err != nil || len(got) != 0 {
		t.Errorf("EvidenceMediaForPost(p2, p1's post) = %d items, %v; want none", len(got), err)
	}
	cross := second
	cross.ID, cross.PostID = 0, other.ID
	wantErr(t, "KeepEvidenceMedia(p1, p2's post)", s.KeepEvidenceMedia(ctx, &cross), store.ErrNotFound)

	// A rolled-back transaction keeps nothing.
	rolled := store.EvidenceMedia{PracticeID: "p2", PostID: other.ID, Index: 1, ContentType: "image/jpeg", Data: []byte{1, 2, 3}, CapturedAt: t0}
	rolled.SHA256 = rolled.Hash()
	_ = s.WithTx(ctx, func(tx store.TxStore) error {
		if err := tx.KeepEvidenceMedia(ctx, &rolled); err != nil {
			t.Errorf("KeepEvidenceMedia in tx: %v", err)
		}
		return errors.New("ingest failed")
	})
	if got, _ := s.EvidenceMediaForPost(ctx, "p2", other.ID); len(got) != 0 {
		t.Errorf("media from a rolled-back transaction survived: %d items", len(got))
	}
}

func testActionText(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	p := post(t, s, "p1", "c1", t0)
	d := decision(t, s, p)
	a := store.ActionFromDomain(d, moderation.Action{Kind: moderation.ActionHold}, t0)
	a.Text = "has a photo or video"
	if err := s.InsertAction(ctx, &a); err != nil {
		t.Fatal(err)
	}
	const text = "has a photo or video; photo 1: no location, date or camera in the photo's metadata"
	if err := s.SetActionText(ctx, "p1", a.ID, text); err != nil {
		t.Fatal(err)
	}
	got, err := s.Action(ctx, "p1", a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := a
	want.Text = text
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("action after SetActionText (-want +got):\n%s", diff)
	}
	wantErr(t, "SetActionText(missing)", s.SetActionText(ctx, "p1", 999999, "x"), store.ErrNotFound)
	wantErr(t, "SetActionText(another practice's action)", s.SetActionText(ctx, "p2", a.ID, "x"), store.ErrNotFound)
	if got, _ := s.Action(ctx, "p1", a.ID); got.Text != text {
		t.Errorf("another practice changed the text to %q", got.Text)
	}
}
