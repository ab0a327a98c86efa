package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the demo's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestDemoServesDecisionsAndHides(t *testing.T) {
	out := &syncBuffer{}
	env := &Env{Stdout: out, Stderr: out, Getenv: func(string) string { return "" }}
	d, err := startDemo(t.Context(), env, demoOptions{Addr: "127.0.0.1:0", NoBrowser: true, Pace: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	if !strings.Contains(out.String(), d.URL) {
		t.Errorf("the demo did not print its address %s:\n%s", d.URL, out)
	}
	deadline := time.Now().Add(30 * time.Second)
	var page string
	for {
		resp, err := http.Get(d.URL)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page = string(b)
		}
		hidden := false
		for _, c := range d.graph.Calls() {
			if c.Method == "POST" && (c.Form.Get("is_hidden") == "true" || c.Query.Get("hide") == "true") {
				hidden = true
			}
		}
		if hidden && strings.Contains(page, "on reception is a useless") && strings.Contains(page, "harassment") && strings.Contains(page, "<td>hide</td>") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30s: hide call %v; page:\n%.3000s\noutput:\n%s", hidden, page, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestDemoStopsAfterFor(t *testing.T) {
	out := &syncBuffer{}
	env := &Env{Stdout: out, Stderr: out, Getenv: func(string) string { return "" }}
	if code := Main(t.Context(), env, []string{"demo", "--addr", "127.0.0.1:0", "--no-browser", "--for", "1500ms", "--pace", "10ms"}); code != 0 {
		t.Fatalf("demo exit %d: %s", code, out)
	}
	if !strings.Contains(out.String(), "Ashgrove Surgery") || !strings.Contains(out.String(), "http://127.0.0.1:") {
		t.Errorf("demo output lacks the practice or the address:\n%s", out)
	}
}

func TestDemoHelpHidesTestFlags(t *testing.T) {
	_, _, errOut := run(t, "", "demo", "--help")
	if strings.Contains(errOut, "-pace") || strings.Contains(errOut, "-for ") || !strings.Contains(errOut, "-no-browser") {
		t.Errorf("help:\n%s", errOut)
	}
}
