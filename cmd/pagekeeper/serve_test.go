package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
)

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestServeRunsAndStopsCleanly(t *testing.T) {
	g := platformtest.NewFakeGraph(nil)
	t.Cleanup(g.Close)
	dir := t.TempDir()
	b, _ := os.ReadFile("../../examples/demo.yaml")
	os.WriteFile(filepath.Join(dir, "demo.yaml"), b, 0o600)
	addr := freeAddr(t)
	cfg := fmt.Sprintf(`listen: %s
database: pk.db
decisions_page: true
api: {graph: %s}
meta:
  app_secret: {env: PK_SECRET}
  verify_token: {env: PK_VERIFY}
practices:
  - id: ashgrove
    profile: demo.yaml
    facebook: {page_id: "104729381122334", token: {env: PK_FB}}
`, addr, g.URL)
	path := filepath.Join(dir, "serve.yaml")
	os.WriteFile(path, []byte(cfg), 0o600)
	vars := map[string]string{"PK_SECRET": "s", "PK_VERIFY": "very-secret-token", "PK_FB": "fb-token"}
	out := &syncBuffer{}
	env := &Env{Stdout: out, Stderr: out, Getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, env, []string{"serve", "--config", path}) }()

	base := "http://" + addr
	waitReady(t, base, out, 10*time.Second)
	for _, path := range []string{"/healthz", "/metrics", "/", "/webhooks/meta?hub.mode=subscribe&hub.challenge=42&hub.verify_token=very-secret-token"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != 200 {
			t.Errorf("GET %s: %v %v", path, resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
	}
	cancel() // what SIGTERM does, through signal.NotifyContext in main
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit %d:\n%s", code, out)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	logs := out.String()
	for _, secret := range []string{"very-secret-token", "fb-token"} {
		if strings.Contains(logs, secret) {
			t.Errorf("a secret reached the logs:\n%s", logs)
		}
	}
}

func TestServeNeedsConfig(t *testing.T) {
	if code, _, errOut := run(t, "", "serve"); code != 2 || !strings.Contains(errOut, "--config") {
		t.Errorf("serve without --config = %d, %q", code, errOut)
	}
	if code, _, errOut := run(t, "", "serve", "--config", "/nonexistent.yaml"); code != 1 || !strings.Contains(errOut, "reading config") {
		t.Errorf("serve with a missing file = %d, %q", code, errOut)
	}
}
