package sqlite_test

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// The conformance suite (storetest) covers media in full; this checks the
// image is stored as a BLOB, so no text conversion can ever touch it.
func TestEvidenceMediaIsABlob(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	if err := db.CreatePractice(ctx, &store.Practice{ID: "p1", Name: "P1"}); err != nil {
		t.Fatal(err)
	}
	p := store.Post{PracticeID: "p1", Channel: moderation.Facebook, ExternalID: "c1", Status: store.StatusVisible}
	if err := db.InsertPost(ctx, &p); err != nil {
		t.Fatal(err)
	}
	m := store.EvidenceMedia{PracticeID: "p1", PostID: p.ID, Index: 1, ContentType: "image/jpeg", Data: []byte("\xff\xd8\x00\xff")}
	m.SHA256 = m.Hash()
	if err := db.KeepEvidenceMedia(ctx, &m); err != nil {
		t.Fatal(err)
	}
	var typ string
	if err := db.SQL().QueryRowContext(ctx, `SELECT typeof(data) FROM evidence_media WHERE id = ?`, m.ID).Scan(&typ); err != nil {
		t.Fatal(err)
	}
	if typ != "blob" {
		t.Errorf("data stored as %s, want blob", typ)
	}
}
