package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestPublicGuidance checks anyone can read a practice's guidance and its
// poster without signing in, and an unknown practice is not found.
func TestPublicGuidance(t *testing.T) {
	e := newStaffEnv(t, nil)
	anon := e.anon()
	rec := anon.get("/p/ashgrove/guidance")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Ashgrove Surgery") || !strings.Contains(rec.Body.String(), "<ol>") {
		t.Fatalf("guidance = %d:\n%.2000s", rec.Code, rec.Body)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); strings.Contains(csp, "script") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("guidance CSP = %q", csp)
	}
	rec = anon.get("/p/ashgrove/poster")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="poster"`) || !strings.Contains(rec.Body.String(), "nhsuk-list--number") {
		t.Errorf("poster = %d", rec.Code)
	}
	for _, path := range []string{"/p/nowhere/guidance", "/p/nowhere/poster"} {
		if rec := anon.get(path); rec.Code != http.StatusNotFound {
			t.Errorf("%s = %d, want 404", path, rec.Code)
		}
	}
}
