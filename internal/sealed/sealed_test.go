package sealed_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/postgres/pgtest"
	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/storetest"
)

var t0 = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)

func key(t *testing.T, at time.Time) sealed.Key {
	t.Helper()
	k, err := sealed.GenerateKey(rand.Reader, at)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func ring(t *testing.T, keys ...sealed.Key) *sealed.Keyring {
	t.Helper()
	r, err := sealed.NewKeyring(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func openDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	r := ring(t, key(t, t0))
	storetest.Run(t, func(t *testing.T) store.Store {
		return sealed.Wrap(openDB(t, filepath.Join(t.TempDir(), "pagekeeper.db")), r)
	})
}

// The secrets a record holds; none may appear in the database's files.
const (
	secretText   = "Mrs Quinlan at number 14 has diabetes"
	secretEdit   = "Mrs Quinlan was seen at the clinic"
	secretAuthor = "Bartholomew Fenwick-Oyelaran"
	secretRaw    = `{"message":"raw-payload-marker-7731"}`
	secretFresh  = `{"fresh":"fresh-read-marker-4410"}`
	secretReason = "quotes a health detail (diabetes-reason-marker)"
	secretImage  = "\x89PNG image-bytes-marker-9925"
)

// fill stores one of everything protected for practice p1 and returns the post.
func fill(t *testing.T, s store.Store) store.Post {
	t.Helper()
	ctx := t.Context()
	if err := s.CreatePractice(ctx, &store.Practice{ID: "p1", Name: "Ashgrove", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	p := store.Post{PracticeID: "p1", Channel: moderation.Facebook, ExternalID: "c1", AuthorID: "fb-77",
		AuthorName: secretAuthor, Text: secretText, ReceivedAt: t0, Raw: []byte(secretRaw)}
	var d store.Decision
	err := s.WithTx(ctx, func(tx store.TxStore) error {
		if err := tx.InsertPost(ctx, &p); err != nil {
			return err
		}
		if err := tx.EditPost(ctx, "p1", p.ID, secretEdit, []byte(secretRaw), t0); err != nil {
			return err
		}
		d = store.Decision{PracticeID: "p1", PostID: p.ID, Labels: []moderation.Category{moderation.PatientInfo},
			Findings:  []moderation.Finding{{Category: moderation.PatientInfo, Start: 0, End: 11, Score: 0.9, Reason: secretReason}},
			DecidedBy: store.DecidedByAuto, DecidedAt: t0}
		return tx.InsertDecision(ctx, &d)
	})
	if err != nil {
		t.Fatal(err)
	}
	e := store.Evidence{PracticeID: "p1", PostID: p.ID, CapturedAt: t0, Text: secretEdit, AuthorID: "fb-77",
		AuthorName: secretAuthor, Raw: []byte(secretRaw), Fresh: []byte(secretFresh)}
	e.SHA256 = e.Hash()
	if err := s.KeepEvidence(ctx, &e); err != nil {
		t.Fatal(err)
	}
	m := store.EvidenceMedia{PracticeID: "p1", PostID: p.ID, Index: 1, ContentType: "image/png", Data: []byte(secretImage), CapturedAt: t0}
	m.SHA256 = m.Hash()
	if err := s.KeepEvidenceMedia(ctx, &m); err != nil {
		t.Fatal(err)
	}
	p.Text = secretEdit
	return p
}

// readAll checks every protected value of the post reads back as written.
func readAll(t *testing.T, s store.Store, p store.Post) error {
	t.Helper()
	ctx := t.Context()
	got, err := s.Post(ctx, "p1", p.ID)
	if err != nil {
		return err
	}
	if got.Text != secretEdit || got.AuthorName != secretAuthor || string(got.Raw) != secretRaw {
		t.Errorf("post = %q by %q raw %q", got.Text, got.AuthorName, got.Raw)
	}
	vs, err := s.PostVersions(ctx, "p1", p.ID)
	if err != nil {
		return err
	}
	if len(vs) != 1 || vs[0].Text != secretText {
		t.Errorf("versions = %+v", vs)
	}
	ds, err := s.DecisionsForPost(ctx, "p1", p.ID)
	if err != nil {
		return err
	}
	if len(ds) != 1 || ds[0].Findings[0].Reason != secretReason {
		t.Errorf("decisions = %+v", ds)
	}
	es, err := s.EvidenceForPost(ctx, "p1", p.ID)
	if err != nil {
		return err
	}
	if len(es) != 1 || !es[0].Intact() || string(es[0].Fresh) != secretFresh {
		t.Errorf("evidence = %+v; want one, intact", es)
	}
	ms, err := s.EvidenceMediaForPost(ctx, "p1", p.ID)
	if err != nil {
		return err
	}
	if len(ms) != 1 || !ms[0].Intact() {
		t.Errorf("media = %+v; want one, intact", ms)
	}
	return nil
}

func TestNoPlaintextOnDisk(t *testing.T) {
	dir := t.TempDir()
	db, err := sqlite.Open(t.Context(), filepath.Join(dir, "pagekeeper.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := sealed.Wrap(db, ring(t, key(t, t0)))
	p := fill(t, s)
	if err := readAll(t, s, p); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(t.Context(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	// Scan the files while the store is open (the WAL too), then again after closing.
	scan := func(when string) {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		var total int
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			total += len(b)
			for _, secret := range []string{secretText, secretEdit, secretAuthor, "raw-payload-marker", "fresh-read-marker",
				"diabetes-reason-marker", "image-bytes-marker", "Quinlan", "diabetes"} {
				if bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s: %s contains %q in the clear", when, filepath.Base(f), secret)
				}
			}
		}
		if total == 0 {
			t.Fatalf("%s: no database files to scan", when)
		}
	}
	scan("open")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	scan("closed")
}

func TestWrongKeyNamesTheKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pagekeeper.db")
	k1, k2 := key(t, t0), key(t, t0.Add(time.Hour))
	p := fill(t, sealed.Wrap(openDB(t, path), ring(t, k1)))

	s := sealed.Wrap(openDB(t, path), ring(t, k2))
	_, err := s.Post(t.Context(), "p1", p.ID)
	var ke *sealed.KeyError
	if !errors.Is(err, sealed.ErrUnknownKey) || !errors.As(err, &ke) || ke.ID != k1.ID || !strings.Contains(err.Error(), k1.ID) {
		t.Errorf("reading with the wrong key: %v; want ErrUnknownKey naming %s", err, k1.ID)
	}
	if _, err := s.EvidenceForPost(t.Context(), "p1", p.ID); !errors.Is(err, sealed.ErrUnknownKey) {
		t.Errorf("evidence with the wrong key: %v; want ErrUnknownKey", err)
	}
}

func TestRotation(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "pagekeeper.db")
	db := openDB(t, path)
	k1, k2 := key(t, t0), key(t, t0.Add(24*time.Hour))
	p := fill(t, sealed.Wrap(db, ring(t, k1)))

	both := sealed.Wrap(db, ring(t, k2, k1)) // order given does not matter: the newest encrypts
	if both.Keyring().Newest() != k2.ID {
		t.Fatalf("newest = %s, want %s", both.Keyring().Newest(), k2.ID)
	}
	if err := readAll(t, both, p); err != nil {
		t.Fatalf("rows under key 1 after adding key 2: %v", err)
	}
	q := store.Post{PracticeID: "p1", Channel: moderation.X, ExternalID: "x1", Text: "written under key 2", ReceivedAt: t0}
	if err := both.InsertPost(ctx, &q); err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := db.SQL().QueryRowContext(ctx, `SELECT text FROM posts WHERE id = ?`, q.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if id, ok := sealed.KeyID([]byte(stored)); !ok || id != k2.ID {
		t.Errorf("a new row is sealed under %q, want %s", id, k2.ID)
	}

	c, err := both.Rekey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Post text, raw, author; version text, raw; evidence text, author, raw, fresh; media; reason.
	if c.Rekeyed != 11 || c.Encrypted != 0 {
		t.Errorf("Rekey = %+v, want 11 rekeyed", c)
	}
	if c, err := both.Rekey(ctx); err != nil || c != (sealed.RekeyCounts{}) {
		t.Errorf("second Rekey = %+v, %v; want nothing to do", c, err)
	}
	only2 := sealed.Wrap(db, ring(t, k2))
	if err := readAll(t, only2, p); err != nil {
		t.Fatalf("after rekey, with key 1 removed: %v", err)
	}
	if got, err := only2.Post(ctx, "p1", q.ID); err != nil || got.Text != q.Text {
		t.Errorf("key-2 post with key 1 removed = %q, %v", got.Text, err)
	}
}

func TestTamperedCiphertextFails(t *testing.T) {
	ctx := t.Context()
	db := openDB(t, filepath.Join(t.TempDir(), "pagekeeper.db"))
	s := sealed.Wrap(db, ring(t, key(t, t0)))
	p := fill(t, s)
	var stored string
	if err := db.SQL().QueryRowContext(ctx, `SELECT text FROM posts WHERE id = ?`, p.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	b := []byte(stored)
	i := len(b) - 5 // inside the base64 body
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	tests := []struct {
		name, sql string
		arg       any
	}{
		{"flipped byte", `UPDATE posts SET text = ? WHERE id = ?`, string(b)},
		{"truncated", `UPDATE posts SET text = ? WHERE id = ?`, stored[:len(stored)-12]},
		// The author name's ciphertext moved into the text column.
		{"moved field", `UPDATE posts SET text = author_name WHERE id = ? OR ? = ''`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.arg == "" {
				_, err = db.SQL().ExecContext(ctx, tt.sql, p.ID, "")
			} else {
				_, err = db.SQL().ExecContext(ctx, tt.sql, tt.arg, p.ID)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Post(ctx, "p1", p.ID)
			if !errors.Is(err, sealed.ErrTampered) {
				t.Errorf("Post = %q, %v; want ErrTampered", got.Text, err)
			}
		})
	}

	// A ciphertext copied into another practice's row does not open there.
	if err := s.CreatePractice(ctx, &store.Practice{ID: "p2", Name: "Other", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	q := store.Post{PracticeID: "p2", Channel: moderation.Facebook, ExternalID: "c1", Text: "harmless", ReceivedAt: t0}
	if err := s.InsertPost(ctx, &q); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `UPDATE posts SET text = ? WHERE id = ?`, stored, q.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Post(ctx, "p2", q.ID); !errors.Is(err, sealed.ErrTampered) {
		t.Errorf("another practice's ciphertext = %q, %v; want ErrTampered", got.Text, err)
	}
}

func TestPlaintextRowsNeedRekey(t *testing.T) {
	ctx := t.Context()
	db := openDB(t, filepath.Join(t.TempDir(), "pagekeeper.db"))
	p := fill(t, db) // written before encryption was turned on
	s := sealed.Wrap(db, ring(t, key(t, t0)))
	if _, err := s.Post(ctx, "p1", p.ID); !errors.Is(err, sealed.ErrNotSealed) {
		t.Fatalf("reading a clear row = %v; want ErrNotSealed", err)
	}
	c, err := s.Rekey(ctx)
	if err != nil || c.Encrypted != 11 || c.Rekeyed != 0 {
		t.Fatalf("Rekey = %+v, %v; want 11 encrypted", c, err)
	}
	if err := readAll(t, s, p); err != nil {
		t.Fatal(err)
	}
}

func TestRekeyStopsAtAnUnknownKey(t *testing.T) {
	ctx := t.Context()
	db := openDB(t, filepath.Join(t.TempDir(), "pagekeeper.db"))
	k1, k2 := key(t, t0), key(t, t0.Add(time.Hour))
	fill(t, sealed.Wrap(db, ring(t, k1)))
	_, err := sealed.Wrap(db, ring(t, k2)).Rekey(ctx)
	if !errors.Is(err, sealed.ErrUnknownKey) || !strings.Contains(err.Error(), k1.ID) {
		t.Errorf("Rekey without the old key = %v; want ErrUnknownKey naming %s", err, k1.ID)
	}
}

// TestPostgresConformance runs the suite with the wrapper over PostgreSQL
// (skipped unless $PAGEKEEPER_TEST_POSTGRES names a server).
func TestPostgresConformance(t *testing.T) {
	pgtest.BaseDSN(t)
	r := ring(t, key(t, t0))
	storetest.Run(t, func(t *testing.T) store.Store { return sealed.Wrap(pgtest.Open(t), r) })
}
