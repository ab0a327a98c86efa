package meta

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform"
)

func TestClientDo(t *testing.T) {
	var got struct {
		method, path, auth, ctype, body string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.method, got.path, got.auth, got.ctype, got.body = r.Method, r.URL.RequestURI(), r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(b)
		switch r.URL.Path {
		case "/v26.0/big":
			_, _ = w.Write([]byte(strings.Repeat("x", MaxResponseBody+1)))
		case "/v26.0/slow":
			time.Sleep(200 * time.Millisecond)
		case "/v26.0/gone":
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":{"code":100,"error_subcode":33}}`))
		default:
			_, _ = w.Write([]byte(`{"success":true}`))
		}
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, Token: "tok"}
	ctx := t.Context()

	body, err := c.Do(ctx, http.MethodPost, "/123_456", nil, url.Values{"is_hidden": {"true"}})
	if err != nil || Success(body) != nil {
		t.Fatalf("Do = %s, %v", body, err)
	}
	if got.method != "POST" || got.path != "/v26.0/123_456" || got.auth != "Bearer tok" || got.ctype != "application/x-www-form-urlencoded" || got.body != "is_hidden=true" {
		t.Errorf("request %+v", got)
	}
	if _, err := c.Do(ctx, http.MethodPost, "/1/messages", url.Values{"a": {"b"}}, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	if got.path != "/v26.0/1/messages?a=b" || got.ctype != "application/json" || got.body != `{"k":"v"}` {
		t.Errorf("json request %+v", got)
	}
	c.Version = "v27.0"
	if _, err := c.Do(ctx, http.MethodGet, "/1", nil, nil); err != nil || got.path != "/v27.0/1" {
		t.Errorf("version: %s %v", got.path, err)
	}
	c.Version = ""

	if _, err := c.Do(ctx, http.MethodGet, "/big", nil, nil); !errors.Is(err, platform.ErrTooLarge) {
		t.Errorf("big: %v", err)
	}
	if _, err := c.Do(ctx, http.MethodDelete, "/gone", nil, nil); !errors.Is(err, platform.ErrGone) {
		t.Errorf("gone: %v", err)
	}
	slow := &Client{BaseURL: srv.URL, HTTP: &http.Client{Timeout: 50 * time.Millisecond}}
	if _, err := slow.Do(ctx, http.MethodGet, "/slow", nil, nil); !platform.Retryable(err) {
		t.Errorf("timeout not retryable: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Do(cctx, http.MethodGet, "/1", nil, nil); !errors.Is(err, context.Canceled) || platform.Retryable(err) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := (&Client{BaseURL: "http://127.0.0.1:1"}).Do(ctx, http.MethodGet, "/1", url.Values{"message": {"secret text"}}, nil); !platform.Retryable(err) || strings.Contains(err.Error(), "secret") {
		t.Errorf("refused: %v", err)
	}
}

func TestHelpers(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{`{"success":true}`, true}, {`{"success":"true"}`, true}, {`{"success":false}`, false}, {`{}`, false}, {`x`, false},
	}
	for _, tt := range tests {
		if got := Success([]byte(tt.name)) == nil; got != tt.ok {
			t.Errorf("Success(%s) = %v", tt.name, got)
		}
	}
	if id, err := ID([]byte(`{"id":"1_2"}`)); id != "1_2" || err != nil {
		t.Errorf("ID = %q, %v", id, err)
	}
	if _, err := ID([]byte(`{"id":12}`)); err == nil {
		t.Error("ID accepted a number")
	}
	if tm, err := Time("2026-11-21T08:39:58+0000"); err != nil || !tm.Equal(time.Date(2026, 11, 21, 8, 39, 58, 0, time.UTC)) {
		t.Errorf("Time = %v, %v", tm.Unix(), err)
	}
	for _, id := range []string{"", "../me", "1/comments", "1?x=1", strings.Repeat("1", 200)} {
		if ValidID(id) {
			t.Errorf("ValidID(%q)", id)
		}
	}
	if !ValidID("998877665544332_1122334455667788") {
		t.Error("ValidID rejected a comment id")
	}
}

func TestClientDoSuccess(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v26.0/yes":
			w.Write([]byte(`{"success":true}`))
		case "/v26.0/string":
			w.Write([]byte(`{"success":"true"}`))
		case "/v26.0/no":
			w.Write([]byte(`{"success":false}`))
		default:
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":{"message":"gone","type":"GraphMethodException","code":100,"error_subcode":33}}`))
		}
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, Token: "t", HTTP: srv.Client()}
	tests := []struct {
		path   string
		wantOK bool
		gone   bool
	}{
		{"/yes", true, false},
		{"/string", true, false},
		{"/no", false, false},
		{"/missing", false, true},
	}
	for _, tt := range tests {
		err := c.DoSuccess(t.Context(), http.MethodPost, tt.path, nil, nil)
		if (err == nil) != tt.wantOK {
			t.Errorf("DoSuccess(%s) = %v, want ok %v", tt.path, err, tt.wantOK)
		}
		if tt.gone && !errors.Is(err, platform.ErrGone) {
			t.Errorf("DoSuccess(%s) = %v, want platform.ErrGone", tt.path, err)
		}
	}
}

// TestClientWaitsForAnnouncedReset checks that after a rate limit that
// says when access returns, no call goes until then.
func TestClientWaitsForAnnouncedReset(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("X-Business-Use-Case-Usage", `{"104729381122334":[{"type":"pages","call_count":100,"estimated_time_to_regain_access":2}]}`)
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":{"message":"(#32) Page request limit reached","type":"OAuthException","code":32}}`))
			return
		}
		_, _ = w.Write([]byte(`{"success":true}`))
	}))
	defer srv.Close()
	now := time.Unix(1763712000, 0)
	c := &Client{BaseURL: srv.URL, Token: "tok", Now: func() time.Time { return now }}
	var rl *platform.RateLimitError
	if _, err := c.Do(t.Context(), http.MethodGet, "/1", nil, nil); !errors.As(err, &rl) || !rl.RetryAt.Equal(now.Add(2*time.Minute)) {
		t.Fatalf("first call: %v", err)
	}
	now = now.Add(119 * time.Second)
	if _, err := c.Do(t.Context(), http.MethodGet, "/2", nil, nil); !errors.As(err, &rl) || !rl.RetryAt.Equal(time.Unix(1763712120, 0)) {
		t.Fatalf("a call before the reset: %v", err)
	}
	if calls != 1 {
		t.Fatalf("%d calls reached the API before the reset", calls)
	}
	now = now.Add(time.Second)
	if _, err := c.Do(t.Context(), http.MethodGet, "/3", nil, nil); err != nil || calls != 2 {
		t.Fatalf("a call at the reset: %v, %d calls", err, calls)
	}
}
