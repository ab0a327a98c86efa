package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// TestServeEncryptsAtRest runs `serve` with encryption_keys: a signed
// comment is stored, judged and hidden as usual, the database file (and
// its WAL) never holds the comment's words, and the store read through the
// key ring gives them back. Without the key the text does not open.
func TestServeEncryptsAtRest(t *testing.T) {
	g := platformtest.NewFakeGraph(nil)
	t.Cleanup(g.Close)
	dir := t.TempDir()
	b, _ := os.ReadFile("../../examples/demo.yaml")
	os.WriteFile(filepath.Join(dir, "demo.yaml"), b, 0o600)
	key, err := sealed.GenerateKey(rand.Reader, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "keys"), 0o700)
	if _, err := sealed.WriteKeyFile(filepath.Join(dir, "keys"), key); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cfg := fmt.Sprintf(`listen: %s
database: pk.db
encryption_keys: keys
api: {graph: %s}
meta:
  app_secret: {env: PK_SECRET}
  verify_token: {env: PK_VERIFY}
practices:
  - id: ashgrove
    profile: demo.yaml
    facebook: {page_id: %q, token: {env: PK_FB}}
`, addr, g.URL, demoPageID)
	path := filepath.Join(dir, "serve.yaml")
	os.WriteFile(path, []byte(cfg), 0o600)
	vars := map[string]string{"PK_SECRET": "app-secret", "PK_VERIFY": "v", "PK_FB": "fb-token"}
	out := &syncBuffer{}
	env := &Env{Stdout: out, Stderr: out, Getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, env, []string{"serve", "--config", path}) }()
	base := "http://" + addr
	waitReady(t, base, out, 30*time.Second)

	const words = "Sam Patient thinks the receptionist is a useless fucking cow"
	const id = "998877665544332_5566778899001122"
	g.Put(platformtest.GraphObject{ID: id, Text: words, FromID: "7712345098765432", FromName: "Sam Patient", PostID: demoPagePost, Created: time.Now()})
	codes, err := g.SendWebhook(t.Context(), base+"/webhooks/meta", feedComment(id, words), platformtest.SendOptions{Secret: "app-secret"})
	if err != nil || len(codes) != 1 || codes[0] != http.StatusOK {
		t.Fatalf("webhook: %v %v\n%s", codes, err, out)
	}
	for deadline := time.Now().Add(30 * time.Second); hideCalls(g, id) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the comment was not hidden in 30s:\n%s", out)
		}
	}
	// The hide came by the fast path; /metrics counts it like a queue job.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if bytes.Contains(body, []byte(`pagekeeper_actions_total{action="hide",outcome="done"} 1`)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics does not count the hide:\n%s", body)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exit %d:\n%s", code, out)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}

	for _, f := range []string{"pk.db", "pk.db-wal"} {
		raw, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil && f == "pk.db" {
			t.Fatal(err)
		}
		for _, w := range []string{words, "useless fucking cow", "Sam Patient"} {
			if bytes.Contains(raw, []byte(w)) {
				t.Errorf("%s holds %q in plain text", f, w)
			}
		}
	}
	db, err := sqlite.Open(t.Context(), filepath.Join(dir, "pk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ring, err := sealed.LoadKeyring(filepath.Join(dir, "keys"))
	if err != nil {
		t.Fatal(err)
	}
	posts, err := sealed.Wrap(db, ring).ListPosts(t.Context(), "ashgrove", store.PostFilter{})
	if err != nil || len(posts) != 1 || posts[0].Text != words {
		t.Fatalf("read through the key ring: %v %+v", err, posts)
	}
	if plain, err := db.ListPosts(t.Context(), "ashgrove", store.PostFilter{}); err == nil && len(plain) == 1 && plain[0].Text == words {
		t.Error("the store without the key ring reads the text: it was not encrypted")
	}
}

// waitReady waits up to d until base/readyz answers 200.
func waitReady(t *testing.T, base string, out fmt.Stringer, d time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(d); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready after %s: %v\n%s", d, err, out)
		}
	}
}
