package web

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
	"github.com/pagekeeper/pagekeeper/internal/platform/x"
)

func TestXCRC(t *testing.T) {
	ts := newTestServer(t, nil)
	rec := ts.do("GET", "/webhooks/x?crc_token=9b4507b3-9040-4669-9ca3-6b94edb50553", nil, nil)
	var r struct {
		ResponseToken string `json:"response_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || rec.Code != 200 {
		t.Fatalf("status %d, body %q: %v", rec.Code, rec.Body, err)
	}
	// platforms.md §4.3 test vector.
	if want := "sha256=8SJYMKk8Lb/xknGTsWAwtIJOVa/CWzSjoHKtDI6P4oo="; r.ResponseToken != want {
		t.Errorf("response_token %q, want %q", r.ResponseToken, want)
	}
}

func TestXReceive(t *testing.T) {
	tw := platformtest.XTweet{ID: "1861234567890123456", AuthorID: "1498765432109876543", Username: "rtaylor_uk", Name: "R. Taylor",
		Text: "@OurSurgery no answer on the phone since 8am", Created: time.Date(2026, 11, 21, 8, 31, 7, 0, time.UTC), InReplyTo: "1861234567890000000"}
	body := platformtest.TweetCreateEvents(testXUser, false, tw)
	other := platformtest.TweetCreateEvents("1500000000000000001", false, tw)
	sign := func(b []byte, secret string) http.Header {
		// x.CheckSignature's format: sha256=<base64 HMAC>; CRCResponse computes exactly that.
		return http.Header{x.SignatureHeader: {x.CRCResponse(secret, string(b))}}
	}
	tests := []struct {
		name       string
		body       []byte
		header     http.Header
		wantCode   int
		wantEvents int
	}{
		{"signed mention", body, sign(body, testXSecret), 200, 1},
		{"forged", body, sign(body, "wrong"), 401, 0},
		{"unsigned", body, nil, 401, 0},
		{"another account", other, sign(other, testXSecret), 200, 0},
		{"malformed", []byte(`{"for_user_id":12}`), sign([]byte(`{"for_user_id":12}`), testXSecret), 400, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, nil)
			rec := ts.do("POST", "/webhooks/x", tt.body, tt.header)
			if rec.Code != tt.wantCode {
				t.Errorf("status %d (%s), want %d", rec.Code, rec.Body, tt.wantCode)
			}
			if n := len(ts.in.events()); n != tt.wantEvents {
				t.Errorf("ingested %d, want %d", n, tt.wantEvents)
			}
		})
	}
}

func TestXRoutesOffWithoutSecret(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.XConsumerSecret = nil })
	if rec := ts.do("GET", "/webhooks/x?crc_token=a", nil, nil); rec.Code != 404 {
		t.Errorf("CRC status %d, want 404", rec.Code)
	}
	if rec := ts.do("POST", "/webhooks/x", []byte("{}"), nil); rec.Code != 404 {
		t.Errorf("POST status %d, want 404", rec.Code)
	}
}
