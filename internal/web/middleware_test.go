package web

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
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

// TestEveryRouteSecurityHeaders requests every route of the table, as an
// administrator (so staff pages render rather than redirect), and checks
// each answer carries the security headers, a CSP allowing no inline
// script or style (self-contained pages allow their own <style> by hash
// only), and no page with an inline style attribute or script.
func TestEveryRouteSecurityHeaders(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "Mrs Jones next door has cancer", "Mrs Jones", moderation.PatientInfo, store.StatusHidden, moderation.ActionHide)
	admin := e.login(t, "admin@pagekeeper")
	styleEl := regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	for _, rt := range e.routeTable() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = strings.NewReplacer("{id}", itoa(p.ID), "{test}", "1", "{section}", "staff", "{practice}", "ashgrove", "{$}", "").Replace(path)
		if strings.HasSuffix(path, "/static/") {
			path += "style.css"
		}
		var rec *httptest.ResponseRecorder
		switch {
		case method == http.MethodGet:
			rec = admin.get(path)
		case path == "/logout":
			rec = e.login(t, "reception@ashgrove").post(path, nil) // the administrator stays signed in
		default:
			rec = admin.post(path, url.Values{"practice": {"ashgrove"}})
		}
		if rt.access == accessStaff && method == http.MethodGet && rec.Code != http.StatusOK {
			t.Errorf("%s = %d, want the page", rt.pattern, rec.Code)
		}
		h := rec.Header()
		for k, want := range map[string]string{
			"X-Frame-Options":           "DENY",
			"X-Content-Type-Options":    "nosniff",
			"Referrer-Policy":           "no-referrer",
			"Strict-Transport-Security": hstsMaxAge,
			"Permissions-Policy":        permissionsPolicy,
		} {
			if got := h.Get(k); got != want {
				t.Errorf("%s (%d): %s = %q, want %q", rt.pattern, rec.Code, k, got, want)
			}
		}
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-") ||
			!(strings.HasPrefix(csp, "default-src 'self'") || strings.HasPrefix(csp, "default-src 'none'")) {
			t.Errorf("%s (%d): CSP %q", rt.pattern, rec.Code, csp)
		}
		body := rec.Body.String()
		if !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			continue
		}
		if strings.Contains(body, " style=") || strings.Contains(body, "<script") {
			t.Errorf("%s: the page has an inline style attribute or a script", rt.pattern)
		}
		for _, m := range styleEl.FindAllStringSubmatch(body, -1) {
			sum := sha256.Sum256([]byte(m[1]))
			if want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, "style-src "+want) {
				t.Errorf("%s: its <style> is not allowed by hash in CSP %q", rt.pattern, csp)
			}
		}
	}
}

// TestTemplatesHaveNoInlineStyleOrScript checks the templates themselves,
// for branches a test request may not reach.
func TestTemplatesHaveNoInlineStyleOrScript(t *testing.T) {
	for _, fsys := range []fs.FS{staffTemplateFS, templateFS} {
		err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, path)
			if err != nil {
				return err
			}
			for _, bad := range []string{"style=", "<style", "<script", "javascript:", " on"} {
				if bad == " on" {
					if regexp.MustCompile(`\son[a-z]+=`).Match(b) {
						t.Errorf("%s has an inline event handler", path)
					}
					continue
				}
				if strings.Contains(string(b), bad) {
					t.Errorf("%s contains %q", path, bad)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestHSTSOnlyOverHTTPS checks Strict-Transport-Security is sent when the
// request came over https (directly, or as a trusted proxy says) and not
// over plain http, where browsers ignore it anyway.
func TestHSTSOnlyOverHTTPS(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")} })
	tests := []struct {
		name, remote, proto string
		tls                 bool
		want                bool
	}{
		{"plain http", "203.0.113.1:1", "", false, false},
		{"tls", "203.0.113.1:1", "", true, true},
		{"trusted proxy says https", "10.0.0.2:1", "https", false, true},
		{"trusted proxy says http", "10.0.0.2:1", "http", false, false},
		{"untrusted client says https", "203.0.113.1:1", "https", false, false},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.RemoteAddr = tt.remote
		if tt.proto != "" {
			req.Header.Set("X-Forwarded-Proto", tt.proto)
		}
		if tt.tls {
			req.TLS = &tls.ConnectionState{}
		}
		rec := httptest.NewRecorder()
		ts.ServeHTTP(rec, req)
		if got := rec.Header().Get("Strict-Transport-Security") != ""; got != tt.want {
			t.Errorf("%s: HSTS sent %v, want %v", tt.name, got, tt.want)
		}
	}
}
