package web

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform/wordpress"
)

func TestWebsiteReceive(t *testing.T) {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	body := []byte(`{"id":"4821","post_id":"312","author":{"name":"J Smith"},"text":"Can I get my prescription?","created_at":"2026-11-21T08:12:44Z","event":"added"}`)
	sign := func(b []byte, secret string, at time.Time) http.Header {
		return http.Header{
			wordpress.SignatureHeader: {wordpress.SignWebsite([]byte(secret), at.Unix(), b)},
			wordpress.TimestampHeader: {strconv.FormatInt(at.Unix(), 10)},
		}
	}
	tests := []struct {
		name       string
		path       string
		body       []byte
		header     http.Header
		wantCode   int
		wantEvents int
	}{
		{"signed", "/webhooks/website/ashgrove", body, sign(body, "site-secret", now), 200, 1},
		{"forged", "/webhooks/website/ashgrove", body, sign(body, "wrong", now), 401, 0},
		{"replayed an hour later", "/webhooks/website/ashgrove", body, sign(body, "site-secret", now.Add(-time.Hour)), 401, 0},
		{"unknown practice", "/webhooks/website/nobody", body, sign(body, "site-secret", now), 404, 0},
		{"malformed", "/webhooks/website/ashgrove", []byte(`{"id":"1","event":"exploded"}`), sign([]byte(`{"id":"1","event":"exploded"}`), "site-secret", now), 400, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, nil)
			rec := ts.do("POST", tt.path, tt.body, tt.header)
			if rec.Code != tt.wantCode {
				t.Errorf("status %d (%s), want %d", rec.Code, rec.Body, tt.wantCode)
			}
			if n := len(ts.in.events()); n != tt.wantEvents {
				t.Errorf("ingested %d, want %d", n, tt.wantEvents)
			}
		})
	}
}
