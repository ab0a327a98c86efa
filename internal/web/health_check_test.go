package web

import (
	"context"
	"testing"
)

func TestHealthAndReadiness(t *testing.T) {
	var ready error
	ts := newTestServer(t, func(c *Config) { c.Ready = func(context.Context) error { return ready } })
	if rec := ts.do("GET", "/healthz", nil, nil); rec.Code != 200 {
		t.Errorf("healthz %d", rec.Code)
	}
	if rec := ts.do("GET", "/readyz", nil, nil); rec.Code != 200 {
		t.Errorf("readyz when ready %d", rec.Code)
	}
	ready = errStore
	if rec := ts.do("GET", "/readyz", nil, nil); rec.Code != 503 {
		t.Errorf("readyz when the store is down %d, want 503", rec.Code)
	}
	if rec := ts.do("GET", "/healthz", nil, nil); rec.Code != 200 {
		t.Errorf("healthz when the store is down %d, want 200 (the process is up)", rec.Code)
	}
}
