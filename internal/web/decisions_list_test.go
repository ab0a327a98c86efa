package web

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// seedDecision stores a post with text, its decision and its actions.
func seedDecision(t *testing.T, db *sqlite.DB, text string, d store.Decision, kinds ...moderation.ActionKind) {
	t.Helper()
	ctx := t.Context()
	at := time.Date(2026, 11, 21, 8, 40, 0, 0, time.UTC)
	p := store.PostFromDomain(moderation.Post{PracticeID: "ashgrove", Channel: moderation.Facebook, ExternalID: "1_" + text[:3], Text: text}, nil, at)
	if err := db.InsertPost(ctx, &p); err != nil {
		t.Fatal(err)
	}
	d.PracticeID, d.PostID, d.DecidedBy, d.DecidedAt = "ashgrove", p.ID, store.DecidedByAuto, at
	if err := db.InsertDecision(ctx, &d); err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		a := store.ActionFromDomain(d, moderation.Action{Kind: k, Category: d.Labels[0]}, at)
		if err := db.InsertAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDecisionsPage(t *testing.T) {
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.CreatePractice(t.Context(), &store.Practice{ID: "ashgrove", Name: "Ashgrove"}); err != nil {
		t.Fatal(err)
	}
	abuse := "Dean on reception is a useless <script>alert(1)</script> tw@t"
	start := strings.Index(abuse, "useless")
	seedDecision(t, db, abuse, store.Decision{
		Labels: []moderation.Category{moderation.Harassment},
		Findings: []moderation.Finding{{Category: moderation.Harassment, Clause: moderation.Harassment.Clause(),
			Start: start, End: start + len("useless"), Score: 0.9, Reason: "insults a named member of staff"}},
	}, moderation.ActionHide)
	seedDecision(t, db, "Shadow mode post about flu jabs being a scam", store.Decision{
		Labels: []moderation.Category{moderation.Misinformation}, Shadow: true,
		Findings: []moderation.Finding{{Category: moderation.Misinformation, Clause: moderation.Misinformation.Clause(), Start: 0, End: 999, Reason: "span out of range is not shown"}},
	}, moderation.ActionHide)

	ts := newTestServer(t, func(c *Config) { c.Reader = db; c.Refresh = 5 * time.Second })
	rec := ts.do("GET", "/", nil, nil)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	page := rec.Body.String()
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"<mark>useless</mark>",
		"insults a named member of staff",
		"harassment",
		"breaks clause " + string(moderation.Harassment.Clause()),
		moderation.Harassment.Describe(),
		"Shadow: recorded, not carried out",
		"<td>hide</td>",
		"pending",
		`<meta http-equiv="refresh" content="5">`,
		`<html lang="en-GB">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Error("post text was not escaped")
	}
	if strings.Contains(page, "<script") && !strings.Contains(page, "&lt;script") {
		t.Error("the page carries a script")
	}
	if rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("content type %q", rec.Header().Get("Content-Type"))
	}
	css := ts.do("GET", "/static/style.css", nil, nil)
	if css.Code != 200 || !strings.Contains(css.Body.String(), "font-family") {
		t.Errorf("stylesheet: %d", css.Code)
	}
}

func TestDecisionsPageOffWithoutReader(t *testing.T) {
	ts := newTestServer(t, nil)
	if rec := ts.do("GET", "/", nil, nil); rec.Code != 404 {
		t.Errorf("status %d, want 404", rec.Code)
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		start, end int
		want       string
	}{
		{"inside", "hello world", 6, 11, "world"},
		{"past the end", "hello", 2, 9, ""},
		{"empty", "hello", 2, 2, ""},
		{"splits a rune", "café", 3, 4, ""},
	}
	for _, tt := range tests {
		if got := span(tt.text, tt.start, tt.end); got != tt.want {
			t.Errorf("%s: span = %q, want %q", tt.name, got, tt.want)
		}
	}
}
