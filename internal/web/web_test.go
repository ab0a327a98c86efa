package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

// fakeIngester records events and decides every added post as labels.
type fakeIngester struct {
	mu     sync.Mutex
	got    []ingested
	seen   map[string]bool
	err    error // returned for every event when set
	labels []moderation.Category
}

type ingested struct {
	Practice string
	Event    platform.Event
}

var _ triage.Ingester = (*fakeIngester)(nil)

func (f *fakeIngester) Ingest(_ context.Context, practiceID string, ev platform.Event) (triage.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return triage.Result{}, f.err
	}
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	if f.seen[practiceID+ev.DedupeKey] {
		return triage.Result{Duplicate: true}, nil
	}
	f.seen[practiceID+ev.DedupeKey] = true
	f.got = append(f.got, ingested{practiceID, ev})
	return triage.Result{PostID: int64(len(f.got)), Decision: moderation.Decision{Labels: f.labels}}, nil
}

func (f *fakeIngester) events() []ingested {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ingested(nil), f.got...)
}

const (
	testAppSecret   = "test_app_secret"
	testVerifyToken = "verify-me"
	testXSecret     = "test_consumer_secret"
	testPageID      = "104729381122334"
	testIGID        = "17841400000000001"
	testXUser       = "1400000000000000001"
)

// testServer is a Server with one practice on every platform and a fake ingester.
type testServer struct {
	*Server
	in      *fakeIngester
	logs    *bytes.Buffer
	metrics *Metrics
}

func newTestServer(t *testing.T, mod func(*Config)) *testServer {
	t.Helper()
	in := &fakeIngester{}
	logs := &bytes.Buffer{}
	m := NewMetrics()
	cfg := Config{
		Practices: []Practice{{ID: "ashgrove", FacebookPageID: testPageID, InstagramID: testIGID, XUserID: testXUser,
			WebsiteSecret: []byte("site-secret")}},
		MetaAppSecret:   []byte(testAppSecret),
		MetaVerifyToken: testVerifyToken,
		XConsumerSecret: []byte(testXSecret),
		Ingester:        in,
		Metrics:         m,
		Logger:          slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, nil)),
		Now:             func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) },
	}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: s, in: in, logs: logs, metrics: m}
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// do serves one request and returns the recorded response.
func (ts *testServer) do(method, target string, body []byte, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	for k, vs := range header {
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	ts.ServeHTTP(rec, req)
	return rec
}

func TestNewRefusesAmbiguousPractices(t *testing.T) {
	tests := []struct {
		name      string
		practices []Practice
		want      string
	}{
		{"no id", []Practice{{}}, "no id"},
		{"same id", []Practice{{ID: "a"}, {ID: "a"}}, "configured twice"},
		{"same page", []Practice{{ID: "a", FacebookPageID: "1"}, {ID: "b", FacebookPageID: "1"}}, "belongs to both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Config{Practices: tt.practices, Ingester: &fakeIngester{}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if _, err := New(Config{}); err == nil {
		t.Error("New without an ingester succeeded")
	}
}

func TestHTTPServerHasTimeouts(t *testing.T) {
	s := HTTPServer("127.0.0.1:0", http.NotFoundHandler(), slog.Default())
	for _, tt := range []struct {
		name     string
		got, max time.Duration
	}{
		{"ReadHeaderTimeout", s.ReadHeaderTimeout, 10 * time.Second},
		{"ReadTimeout", s.ReadTimeout, 30 * time.Second},
		{"WriteTimeout", s.WriteTimeout, time.Minute},
		{"IdleTimeout", s.IdleTimeout, 5 * time.Minute},
	} {
		if tt.got <= 0 || tt.got > tt.max {
			t.Errorf("%s = %v, want set and at most %v", tt.name, tt.got, tt.max)
		}
	}
	if s.MaxHeaderBytes <= 0 || s.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes = %d, want set and at most 1 MiB", s.MaxHeaderBytes)
	}
}

// TestSlowlorisCutOff runs the server HTTPServer makes and opens a
// connection that trickles a request's headers, a line every half second,
// never finishing them: the server must hang up once ReadHeaderTimeout has
// passed, rather than hold the connection for as long as the client likes.
// (It takes ReadHeaderTimeout to run.)
func TestSlowlorisCutOff(t *testing.T) {
	t.Parallel()
	srv := HTTPServer("127.0.0.1:0", http.NotFoundHandler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: pagekeeper.example\r\n"); err != nil {
		t.Fatal(err)
	}
	closed := make(chan time.Duration, 1)
	go func() {
		io.Copy(io.Discard, conn) // returns when the server hangs up
		closed <- time.Since(start)
	}()
	limit := srv.ReadHeaderTimeout + 3*time.Second
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case took := <-closed:
			if took < srv.ReadHeaderTimeout-time.Second {
				t.Errorf("hung up after %v, before ReadHeaderTimeout %v", took, srv.ReadHeaderTimeout)
			}
			return
		case <-tick.C:
			if time.Since(start) > limit {
				t.Fatalf("a client trickling headers still connected after %v (ReadHeaderTimeout %v)", time.Since(start), srv.ReadHeaderTimeout)
			}
			fmt.Fprintf(conn, "X-Trickle-%d: a\r\n", i) // errors once the server has hung up
		}
	}
}

var errStore = errors.New("database is locked")
