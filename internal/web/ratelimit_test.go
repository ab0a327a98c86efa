package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"
)

// clock is a settable clock for limiter tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLimiterTokenBucket(t *testing.T) {
	c := &clock{t: staffNow}
	l := newLimiter(Rate{Every: 10 * time.Second, Burst: 3}, 100, c.now)
	for i := range 3 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.allow("a")
	if ok || wait <= 0 || wait > 10*time.Second {
		t.Fatalf("fourth request: allowed %v, wait %v; want refused, wait up to 10s", ok, wait)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Error("another key shares the bucket")
	}
	c.t = c.t.Add(wait)
	if ok, _ := l.allow("a"); !ok {
		t.Error("refused after waiting as long as told")
	}
}

// TestLimiterBoundedMemory checks a flood of new keys cannot grow the
// limiter past its bound, buckets that have refilled are dropped, and an
// active bucket is not reset by the flood sooner than the oldest.
func TestLimiterBoundedMemory(t *testing.T) {
	c := &clock{t: staffNow}
	l := newLimiter(Rate{Every: time.Second, Burst: 2}, 50, c.now)
	l.allow("busy")
	l.allow("busy")
	for i := range 1000 {
		l.allow(fmt.Sprint("flood-", i))
		if i%10 == 0 {
			l.allow("busy")
		}
	}
	if n := l.size(); n > 50 {
		t.Errorf("limiter holds %d buckets, bound 50", n)
	}
	if ok, _ := l.allow("busy"); ok {
		t.Error("the busy client's bucket was reset by the flood")
	}
	c.t = c.t.Add(time.Minute) // every bucket refills
	l.allow("new")
	if n := l.size(); n != 1 {
		t.Errorf("after every bucket refilled, the limiter holds %d, want 1 (the new one)", n)
	}
}

func TestWebhookRateLimit(t *testing.T) {
	ts := newTestServer(t, func(c *Config) {
		c.Limits.Webhook = Rate{Every: time.Minute, Burst: 3}
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	})
	deliver := func(remote, xff string) *http.Response {
		req := requestFrom("POST", "/webhooks/meta", vector, remote, xff)
		for k, v := range signed(vector) {
			req.Header[k] = v
		}
		return serve(ts.Server, req)
	}
	for i := range 3 {
		if res := deliver("203.0.113.1:1", ""); res.StatusCode != http.StatusOK {
			t.Fatalf("delivery %d = %d", i+1, res.StatusCode)
		}
	}
	res := deliver("203.0.113.1:1", "")
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a fourth delivery in the minute = %d, want 429", res.StatusCode)
	}
	if secs, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || secs < 1 || secs > 60 {
		t.Errorf("Retry-After = %q, want 1 to 60 seconds", res.Header.Get("Retry-After"))
	}
	if n := len(ts.in.events()); n != 1 {
		t.Errorf("%d events stored, want 1 (three deliveries of one event)", n)
	}
	if res := deliver("203.0.113.1:1", "198.51.100.7"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("X-Forwarded-For from an untrusted peer changed the bucket: %d", res.StatusCode)
	}
	if res := deliver("203.0.113.2:1", ""); res.StatusCode != http.StatusOK {
		t.Errorf("another address = %d, want 200", res.StatusCode)
	}
	if res := deliver("10.0.0.5:1", "198.51.100.7"); res.StatusCode != http.StatusOK {
		t.Errorf("a client behind the trusted proxy = %d, want 200", res.StatusCode)
	}
	for _, path := range []string{"/webhooks/x", "/webhooks/website/ashgrove"} {
		if res := serve(ts.Server, requestFrom("POST", path, "{}", "203.0.113.1:1", "")); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("POST %s from the limited address = %d, want 429", path, res.StatusCode)
		}
	}
}

// requestFrom is a request from remote (through a proxy that says xff, if set).
func requestFrom(method, target, body, remote, xff string) *http.Request {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.RemoteAddr = remote
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	return req
}

// serve serves req and returns the response.
func serve(h http.Handler, req *http.Request) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}
