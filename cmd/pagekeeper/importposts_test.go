package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestImportPostsShadowOnly(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pk.db")
	csvPath := filepath.Join(dir, "posts.csv")
	csvData := "id,text,channel,created_at\n" +
		"h1,\"Dean on reception is a useless tw@t\",facebook,2026-01-05T10:00:00Z\n" +
		"h2,Thanks for the reminder about the bank holiday,facebook,\n" +
		"h3,\"Free NHS voucher, claim now at nhs-voucher-claim.co.uk\",tiktok,\n" +
		",no id,facebook,\n" +
		"h4,\"I can't do this anymore, nobody would notice if I was gone\",instagram,not-a-time\n"
	if err := os.WriteFile(csvPath, []byte(csvData), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "import-posts", "--db", db, "--practice", demo, "--practice-id", "ash", csvPath)
	if code != 0 {
		t.Fatalf("import-posts exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "5 posts read: 2 stored in shadow mode, 0 already stored, 3 bad rows") {
		t.Errorf("summary = %q", out)
	}
	for _, want := range []string{"posts.csv:4: unknown channel", `posts.csv:5: missing "id"`, "posts.csv:6: created_at"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}

	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	post, err := s.PostByExternalID(t.Context(), "ash", "facebook", "h1")
	if err != nil {
		t.Fatal(err)
	}
	acts, err := s.ActionsForPost(t.Context(), "ash", post.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) == 0 {
		t.Fatal("the abusive post was stored without the actions that would have been taken")
	}
	for _, a := range acts {
		if a.State != store.ActionShadow {
			t.Errorf("historical action %s is in state %s, want shadow: nothing may be done now", a.Kind, a.State)
		}
	}

	// Importing again stores nothing twice.
	code, out, _ = run(t, "", "import-posts", "--db", db, "--practice", demo, "--practice-id", "ash", csvPath)
	if code != 0 || !strings.Contains(out, "0 stored in shadow mode, 2 already stored") {
		t.Errorf("second import = %d, %q", code, out)
	}
}

func TestImportPostsJSONL(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "posts.jsonl")
	data := `{"id":"j1","text":"Can I get my repeat prescription please?","channel":"website"}` + "\n{broken\n" + `{"id":"j2","text":"5 stars, lovely nurses"}` + "\n"
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "import-posts", "--db", filepath.Join(dir, "pk.db"), "--practice", demo, p)
	if code != 0 || !strings.Contains(out, "3 posts read: 2 stored") || !strings.Contains(errOut, "posts.jsonl:2:") {
		t.Errorf("import-posts = %d, %q, %q", code, out, errOut)
	}
}
