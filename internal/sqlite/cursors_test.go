package sqlite_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// The conformance suite (storetest) covers cursors in full; this checks
// they survive reopening the file, which only a file-backed store can show.
func TestCursorSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePractice(t.Context(), &store.Practice{ID: "p1", Name: "P1"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCursor(t.Context(), "p1", "x.since_id", "1861234567890123456"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCursor(t.Context(), "nobody", "x.since_id", "1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetCursor for an unknown practice = %v, want ErrNotFound", err)
	}
	db.Close()
	db, err = sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, err := db.Cursor(t.Context(), "p1", "x.since_id"); err != nil || got != "1861234567890123456" {
		t.Errorf("Cursor after reopening = %q, %v", got, err)
	}
}
