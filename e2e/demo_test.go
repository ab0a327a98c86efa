package e2e

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// demo is a running `pagekeeper demo`.
type demo struct {
	URL string      // the served address, with no trailing slash
	out *syncBuffer // what the demo printed
}

// buildOnce builds the binary once for all tests; a failed build fails each
// test that needs it. TestMain removes binDir.
var (
	binDir    string
	buildOnce = sync.OnceValues(buildPagekeeper)
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "pagekeeper-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildPagekeeper builds ./cmd/pagekeeper in the main module (the parent
// folder), with that module's go.sum, exactly as a user would.
// $PAGEKEEPER_BIN names a binary to test instead.
func buildPagekeeper() (string, error) {
	if bin := os.Getenv("PAGEKEEPER_BIN"); bin != "" {
		return bin, nil
	}
	bin := filepath.Join(binDir, "pagekeeper")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/pagekeeper")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building pagekeeper: %w\n%s", err, out)
	}
	return bin, nil
}

// urlPattern finds the address the demo prints, whatever the words around it.
var urlPattern = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// startDemo runs `pagekeeper demo` on a free port with its comments arriving
// quickly, and waits until it prints its address. The demo is stopped with
// an interrupt, as Ctrl-C would, when the test ends.
func startDemo(t *testing.T) *demo {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	d := &demo{out: &syncBuffer{}}
	cmd := exec.CommandContext(t.Context(), bin, "demo", "--addr", "127.0.0.1:0", "--no-browser", "--pace", "20ms")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	cmd.Stderr = d.out
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the demo: %v", err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(d.out, line)
			if u := urlPattern.FindString(line); u != "" {
				select {
				case found <- u:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		<-exited // t.Context is cancelled by now, so the demo has been interrupted
		if t.Failed() {
			t.Logf("the demo printed:\n%s", d.out)
		}
	})
	select {
	case d.URL = <-found:
	case err := <-exited:
		exited <- err
		t.Fatalf("the demo stopped before printing its address (%v)", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the demo printed no address in 30s")
	}
	return d
}

// waitSettled waits until every demo comment has been sent, at least hides
// posts have been hidden at the fake platforms, and the action counters of
// /metrics (which needs no sign-in, whatever the pages do) have held still
// for a second: the queue workers have caught up, and pages hold still for
// checks and screenshots.
func (d *demo) waitSettled(t *testing.T, hides int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var (
		hidden int
		last   string
		still  int // ticks the counters have held still
	)
	for {
		if strings.Contains(d.out.String(), "All comments sent") {
			body, err := d.get(ctx, "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			hidden = metric(body, `pagekeeper_actions_total{action="hide",outcome="done"}`)
			now := series(body, "pagekeeper_actions_total{")
			if now == last {
				still++
			} else {
				last, still = now, 0
			}
			if hidden >= hides && still >= 10 {
				return
			}
		}
		select {
		case <-ctx.Done():
			if last == "" {
				t.Fatal(`after 60s the demo has not printed "All comments sent"`)
			}
			t.Fatalf("after 60s the demo has hidden %d posts (want at least %d) or its actions still change:\n%s", hidden, hides, last)
		case <-tick.C:
		}
	}
}

// series answers the lines of a /metrics body that start with prefix.
func series(body, prefix string) string {
	var b strings.Builder
	for line := range strings.Lines(body) {
		if strings.HasPrefix(line, prefix) {
			b.WriteString(line)
		}
	}
	return b.String()
}

// metric reads one counter from a /metrics body; one not yet counted is 0.
func metric(body, name string) int {
	for line := range strings.Lines(body) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0
			}
			return int(f)
		}
	}
	return 0
}

// status answers the HTTP status of path, without following redirects, so a
// test can tell a page that is not built yet (404) from one that is.
func (d *demo) status(t *testing.T, path string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, d.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (d *demo) get(ctx context.Context, path string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.URL+path, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return string(b), nil
}

// syncBuffer is a bytes.Buffer safe for the goroutines that copy a
// process's output while a test reads it.
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

// Printf writes a line, for loggers that print.
func (s *syncBuffer) Printf(format string, args ...any) {
	fmt.Fprintf(s, format+"\n", args...)
}
