package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/protection"
	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

var subjectT0 = time.Date(2026, 11, 20, 14, 3, 7, 0, time.UTC)

// subjectDB makes an encrypted database (key file written to keyDir) with
// practice p1 and two posts by fb-1 (one escalated, not yet reviewed) and
// one by fb-2.
func subjectDB(t *testing.T, keyDir string) (dbPath string) {
	t.Helper()
	ctx := context.Background()
	k, err := sealed.GenerateKey(rand.Reader, subjectT0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sealed.WriteKeyFile(keyDir, k); err != nil {
		t.Fatal(err)
	}
	ring, _ := sealed.NewKeyring(k)
	dbPath = filepath.Join(t.TempDir(), "pagekeeper.db")
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	st := sealed.Wrap(db, ring)
	defer st.Close()
	if err := st.CreatePractice(ctx, &store.Practice{ID: "p1", Name: "Ashgrove", CreatedAt: subjectT0}); err != nil {
		t.Fatal(err)
	}
	for i, pp := range []struct {
		author, text string
		kind         moderation.ActionKind
	}{
		{"fb-1", "first post by fb-1 about Dr Heath", moderation.ActionHide},
		{"fb-1", "second post by fb-1, I am frightened", moderation.ActionEscalate},
		{"fb-2", "a post by someone else", moderation.ActionHide},
	} {
		p := store.Post{PracticeID: "p1", Channel: moderation.Facebook, ExternalID: string(rune('a' + i)), AuthorID: pp.author,
			AuthorName: "Name " + pp.author, Text: pp.text, ReceivedAt: subjectT0, Status: store.StatusVisible, Raw: []byte(`{"m":1}`)}
		if err := st.InsertPost(ctx, &p); err != nil {
			t.Fatal(err)
		}
		d := store.Decision{PracticeID: "p1", PostID: p.ID, Labels: []moderation.Category{moderation.Harassment}, DecidedBy: "auto", DecidedAt: subjectT0}
		if err := st.InsertDecision(ctx, &d); err != nil {
			t.Fatal(err)
		}
		a := store.ActionFromDomain(d, moderation.Action{Kind: pp.kind}, subjectT0)
		a.State = store.ActionDone
		if err := st.InsertAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	return dbPath
}

func TestSubjectExport(t *testing.T) {
	keys := t.TempDir()
	dbPath := subjectDB(t, keys)
	code, out, errOut := run(t, "", "subject", "export", "--database", dbPath, "--practice", "p1", "--author", "fb-1", "--keys", keys)
	if code != 0 {
		t.Fatalf("subject export = %d, %s", code, errOut)
	}
	var x protection.SubjectExport
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	if len(x.Posts) != 2 || x.Posts[0].Text != "first post by fb-1 about Dr Heath" || len(x.Posts[1].Actions) != 1 {
		t.Errorf("export = %+v", x)
	}
	if strings.Contains(out, "someone else") {
		t.Error("export holds another poster's post")
	}

	code, _, errOut = run(t, "", "subject", "export", "--database", dbPath, "--practice", "p1", "--author", "fb-1")
	if code != 1 || !strings.Contains(errOut, "encrypted") || !strings.Contains(errOut, "--keys") {
		t.Errorf("export without keys = %d, %q; want a refusal asking for --keys", code, errOut)
	}
	outFile := filepath.Join(t.TempDir(), "sar.json")
	if code, _, errOut := run(t, "", "subject", "export", "--db", dbPath, "--practice", "p1", "--author", "fb-1", "--keys", keys, "--out", outFile); code != 0 {
		t.Fatalf("export --out = %d, %s", code, errOut)
	}
	if b, _ := os.ReadFile(outFile); !bytes.Contains(b, []byte("Dr Heath")) {
		t.Error("export --out wrote no posts")
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	if code, _, errOut := run(t, "", "subject", "export", "--database", missing, "--practice", "p1", "--author", "fb-1"); code != 1 || !strings.Contains(errOut, "no such file") {
		t.Errorf("export from a missing database = %d, %q", code, errOut)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("export created the missing database")
	}
	if code, _, _ := run(t, "", "subject", "export", "--database", dbPath, "--practice", "p1"); code != 2 {
		t.Errorf("export without --author = %d, want 2", code)
	}
}

func TestSubjectErase(t *testing.T) {
	keys := t.TempDir()
	dbPath := subjectDB(t, keys)
	args := []string{"subject", "erase", "--database", dbPath, "--practice", "p1", "--author", "fb-1"}
	code, _, errOut := run(t, "", args...)
	if code != 1 || !strings.Contains(errOut, "nothing erased") || !strings.Contains(errOut, "escalation") {
		t.Fatalf("erase with an open escalation = %d, %q; want a refusal", code, errOut)
	}
	code, out, errOut := run(t, "", append(args, "--reason", "IG lead approved the request")...)
	if code != 0 || !strings.Contains(out, "erased the content of 2 posts") {
		t.Fatalf("erase with a reason = %d, %q, %q", code, out, errOut)
	}
	code, out, _ = run(t, "", "subject", "export", "--database", dbPath, "--practice", "p1", "--author", "fb-1", "--keys", keys)
	if code != 0 || strings.Contains(out, "fb-1 about") || strings.Contains(out, "frightened") {
		t.Errorf("export after erasure = %d, still holds the text:\n%s", code, out)
	}
	if code, out, _ := run(t, "", "audit", "verify", "--db", dbPath); code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("audit verify after erasure = %d, %q", code, out)
	}
	code, out, _ = run(t, "", "subject", "export", "--database", dbPath, "--practice", "p1", "--author", "fb-2", "--keys", keys)
	if code != 0 || !strings.Contains(out, "a post by someone else") {
		t.Errorf("another poster's post after erasure = %d:\n%s", code, out)
	}
}

func TestRekeyCommand(t *testing.T) {
	keys := t.TempDir()
	dbPath := subjectDB(t, keys)
	if code, _, errOut := run(t, "", "keygen", "--out", keys); code != 0 {
		t.Fatalf("keygen = %d, %s", code, errOut)
	}
	code, out, errOut := run(t, "", "rekey", "--database", dbPath, "--keys", keys)
	if code != 0 || !strings.Contains(out, "rekeyed 9 values") || !strings.Contains(out, "remove it from the ring") {
		t.Fatalf("rekey = %d, %q, %q", code, out, errOut)
	}
	// Remove the old key: everything still reads with the new one alone.
	ring, err := sealed.LoadKeyring(keys)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ring.IDs() {
		if id != ring.Newest() {
			if err := os.Remove(filepath.Join(keys, id+".key")); err != nil {
				t.Fatal(err)
			}
		}
	}
	code, out, errOut = run(t, "", "subject", "export", "--database", dbPath, "--practice", "p1", "--author", "fb-1", "--keys", keys)
	if code != 0 || !strings.Contains(out, "Dr Heath") {
		t.Errorf("export with only the new key = %d, %q", code, errOut)
	}
	if code, _, _ := run(t, "", "rekey", "--database", dbPath); code != 2 {
		t.Errorf("rekey without --keys = %d, want 2", code)
	}
}
