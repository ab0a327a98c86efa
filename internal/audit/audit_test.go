package audit_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

var t0 = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)

func openDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestAppendRejects(t *testing.T) {
	db := openDB(t)
	tests := []struct {
		name string
		r    audit.Record
	}{
		{"no practice", audit.Record{Kind: store.AuditActed}},
		{"unknown kind", audit.Record{PracticeID: "p1", Kind: "shrugged"}},
		{"detail not an object", audit.Record{PracticeID: "p1", Kind: store.AuditActed, Detail: []int{1}}},
		{"patient text in detail", audit.Record{PracticeID: "p1", Kind: store.AuditReceived,
			Detail: map[string]string{"text": strings.Repeat("my neighbour at number 4 ", 10)}}},
		{"long text nested", audit.Record{PracticeID: "p1", Kind: store.AuditReceived,
			Detail: map[string]any{"x": []any{strings.Repeat("a", audit.MaxDetailString+1)}}}},
		{"invalid raw json", audit.Record{PracticeID: "p1", Kind: store.AuditActed, Detail: json.RawMessage(`{"a":`)}},
		{"unmarshallable", audit.Record{PracticeID: "p1", Kind: store.AuditActed, Detail: map[string]any{"f": func() {}}}},
	}
	for _, tt := range tests {
		_, err := audit.Append(t.Context(), db, tt.r)
		if !errors.Is(err, audit.ErrBadRecord) {
			t.Errorf("%s: err = %v, want ErrBadRecord", tt.name, err)
		}
	}
	if _, err := db.LastAudit(t.Context(), "p1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rejected records were stored: %v", err)
	}
}

func TestAppendChains(t *testing.T) {
	db := openDB(t)
	var prev store.AuditEntry
	for i, detail := range []any{nil, map[string]any{"post": 1, "categories": []string{"fraud"}}, json.RawMessage(` { "b":1, "a":2 } `)} {
		e, err := audit.Append(t.Context(), db, audit.Record{Time: t0.Add(time.Duration(i) * time.Nanosecond * 1500),
			PracticeID: "p1", Kind: store.AuditJudged, Subject: "post:1", Actor: "auto", Detail: detail})
		if err != nil {
			t.Fatal(err)
		}
		if e.Seq != int64(i+1) || e.PrevHash != prev.Hash || e.Time.Nanosecond()%1000 != 0 {
			t.Errorf("entry %d: seq %d, prev %q (want %q), time %v", i, e.Seq, e.PrevHash, prev.Hash, e.Time)
		}
		prev = e
	}
	if string(prev.Detail) != `{"a":2,"b":1}` {
		t.Errorf("detail stored as %s, want canonical", prev.Detail)
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "{}"},
		{"spaces and order", ` {"z": [1, 2], "a": {"y": true, "b": null}} `, `{"a":{"b":null,"y":true},"z":[1,2]}`},
		{"numbers kept", `{"n": 12345678901234567890, "f": 1.50}`, `{"f":1.50,"n":12345678901234567890}`},
		{"no html escaping", `{"s":"<a&b>"}`, `{"s":"<a&b>"}`},
	}
	for _, tt := range tests {
		got, err := audit.Canonical([]byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: Canonical = %s, %v; want %s", tt.name, got, err, tt.want)
		}
	}
	for _, bad := range []string{`{`, `{} {}`, `nope`} {
		if _, err := audit.Canonical([]byte(bad)); err == nil {
			t.Errorf("Canonical(%q) accepted it", bad)
		}
	}
}

func TestHashCoversEveryField(t *testing.T) {
	base := store.AuditEntry{Seq: 3, Time: t0, PracticeID: "p1", Kind: store.AuditActed, Subject: "action:4",
		Actor: "worker", Detail: []byte(`{"kind":"hide"}`), PrevHash: "abc"}
	h, err := audit.Hash(base)
	if err != nil {
		t.Fatal(err)
	}
	reformatted := base
	reformatted.Detail = []byte(`{ "kind" : "hide" }`)
	reformatted.Hash = "ignored"
	if h2, _ := audit.Hash(reformatted); h2 != h {
		t.Error("reformatting detail or setting Hash changed the hash")
	}
	edits := map[string]func(*store.AuditEntry){
		"seq":      func(e *store.AuditEntry) { e.Seq++ },
		"time":     func(e *store.AuditEntry) { e.Time = e.Time.Add(time.Microsecond) },
		"practice": func(e *store.AuditEntry) { e.PracticeID = "p2" },
		"kind":     func(e *store.AuditEntry) { e.Kind = store.AuditRestored },
		"subject":  func(e *store.AuditEntry) { e.Subject = "action:5" },
		"actor":    func(e *store.AuditEntry) { e.Actor = "user:1" },
		"detail":   func(e *store.AuditEntry) { e.Detail = []byte(`{"kind":"delete"}`) },
		"prev":     func(e *store.AuditEntry) { e.PrevHash = "abd" },
		"boundary": func(e *store.AuditEntry) { e.Subject, e.Actor = "action:4w", "orker" },
	}
	for name, edit := range edits {
		e := base
		edit(&e)
		if h2, _ := audit.Hash(e); h2 == h {
			t.Errorf("changing %s left the hash unchanged", name)
		}
	}
}
