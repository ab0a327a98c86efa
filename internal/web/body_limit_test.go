package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/wordpress"
	"github.com/pagekeeper/pagekeeper/internal/platform/x"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// TestWebhookBodyLimits checks every webhook refuses a correctly signed
// body one byte over its limit with 413, and stores nothing of it.
func TestWebhookBodyLimits(t *testing.T) {
	ts := newTestServer(t, nil)
	at := ts.cfg.Now()
	tests := []struct {
		path  string
		limit int
		sign  func([]byte) http.Header
	}{
		{"/webhooks/meta", meta.MaxWebhookBody, func(b []byte) http.Header { return signed(string(b)) }},
		{"/webhooks/x", x.MaxWebhookBody, func(b []byte) http.Header {
			return http.Header{x.SignatureHeader: {x.CRCResponse(testXSecret, string(b))}}
		}},
		{"/webhooks/website/ashgrove", wordpress.MaxWebsiteBody, func(b []byte) http.Header {
			return http.Header{wordpress.SignatureHeader: {wordpress.SignWebsite([]byte("site-secret"), at.Unix(), b)},
				wordpress.TimestampHeader: {strconv.FormatInt(at.Unix(), 10)}}
		}},
	}
	for _, tt := range tests {
		// A JSON array of one long string: valid apart from its size.
		body := append(append([]byte(`["`), bytes.Repeat([]byte("a"), tt.limit-3)...), '"', ']')
		rec := ts.do("POST", tt.path, body, tt.sign(body))
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "too large") {
			t.Errorf("POST %s with %d bytes = %d %q, want 413 saying the body is too large", tt.path, len(body), rec.Code, rec.Body)
		}
	}
	if n := len(ts.in.events()); n != 0 {
		t.Errorf("%d events stored from bodies over the limit", n)
	}
}

// TestFormBodyLimit posts a form just over maxFormBytes to every staff
// route that takes a form, and to sign-in and sign-out, as a user allowed
// to use it: each is 413 with a page saying so, and nothing in the
// database changes.
func TestFormBodyLimit(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "Mrs Jones next door has cancer", "Mrs Jones", moderation.PatientInfo, store.StatusHidden, moderation.ActionHide)
	admin := e.login(t, "admin@pagekeeper")
	before := rowCounts(t, e)
	pad := strings.Repeat("a", maxFormBytes)
	for _, rt := range e.routeTable() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if method != http.MethodPost || rt.access == accessWebhook {
			continue // webhooks: TestWebhookBodyLimits
		}
		path = strings.NewReplacer("{id}", itoa(p.ID), "{test}", "1", "{section}", "staff").Replace(path)
		form := url.Values{"practice": {"ashgrove"}, "reason": {"x"}, "email": {"admin@pagekeeper"}, "password": {"secret"}, "note": {pad}}
		rec := admin.post(path, form)
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "too large") {
			t.Errorf("%s with a %d-byte form = %d, want 413 saying it is too large", rt.pattern, len(form.Encode()), rec.Code)
		}
	}
	if after := rowCounts(t, e); after != before {
		t.Errorf("rows before and after the oversized forms:\n%s\n%s", before, after)
	}
	if len(e.queue.kinds()) != 0 {
		t.Errorf("oversized forms queued jobs: %v", e.queue.kinds())
	}
	// Just under the limit gets through to the handler.
	form := url.Values{"reason": {strings.Repeat("a", 1000)}}
	if rec := admin.post(postPath(p, "restore"), form); rec.Code == http.StatusRequestEntityTooLarge {
		t.Error("a small form was refused as too large")
	}
}

// rowCounts describes how many rows each table of e's database holds.
func rowCounts(t *testing.T, e *staffEnv) string {
	t.Helper()
	db := e.db.SQL()
	rows, err := db.QueryContext(t.Context(), `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	var b strings.Builder
	for _, n := range names {
		var c int
		if err := db.QueryRowContext(t.Context(), `SELECT count(*) FROM "`+n+`"`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%d ", n, c)
	}
	return b.String()
}
