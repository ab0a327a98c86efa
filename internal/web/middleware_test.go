package web

import (
	"strings"
	"testing"
)

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, path := range []string{"/healthz", "/webhooks/meta", "/nowhere"} {
		rec := ts.do("GET", path, nil, nil)
		for k, want := range map[string]string{
			"X-Frame-Options":        "DENY",
			"X-Content-Type-Options": "nosniff",
		} {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", path, k, got, want)
			}
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
}

func TestRequestLogsCarryNoPatientTextOrTokens(t *testing.T) {
	ts := newTestServer(t, nil)
	ts.do("POST", "/webhooks/meta", []byte(vector), signed(vector))
	ts.do("GET", "/webhooks/meta?hub.mode=subscribe&hub.challenge=1&hub.verify_token=secret-in-url", nil, nil)
	ts.do("GET", "/webhooks/x?crc_token=crc-secret", nil, nil)
	logs := ts.logs.String()
	for _, banned := range []string{"Waited 40 mins", "Sam Patient", "secret-in-url", "crc-secret", testAppSecret} {
		if strings.Contains(logs, banned) {
			t.Errorf("logs contain %q:\n%s", banned, logs)
		}
	}
	if !strings.Contains(logs, `route="POST /webhooks/meta"`) || !strings.Contains(logs, "status=200") {
		t.Errorf("logs lack the request line:\n%s", logs)
	}
}
