package sqlite_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestDSN(t *testing.T) {
	dsn := sqlite.DSN("/data/pk.db")
	for _, want := range []string{"file:/data/pk.db?", "journal_mode%28WAL%29", "busy_timeout%285000%29",
		"foreign_keys%281%29", "_txlock=immediate"} {
		if !strings.Contains(dsn, want) {
			t.Errorf("DSN %q lacks %q", dsn, want)
		}
	}
}

func TestPragmasAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pk.db")
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	var fk int
	if err := db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v", mode, err)
	}
	if err := db.SQL().QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v", fk, err)
	}
	p := store.Practice{ID: "p1", Name: "P", CreatedAt: time.Now()}
	if err := db.CreatePractice(t.Context(), &p); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = sqlite.Open(t.Context(), path) // migrations are idempotent
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Practice(t.Context(), "p1"); err != nil {
		t.Errorf("practice lost on reopen: %v", err)
	}
}

// BenchmarkTriageTx stores a post, its decision with two findings and
// three actions in one transaction, as triage does for each post.
func BenchmarkTriageTx(b *testing.B) {
	db, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.CreatePractice(b.Context(), &store.Practice{ID: "p1", Name: "P"}); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	i := 0
	for b.Loop() {
		i++
		err := db.WithTx(b.Context(), func(tx store.TxStore) error {
			p := store.Post{PracticeID: "p1", Channel: moderation.Facebook, ExternalID: fmt.Sprint(i),
				Text: "Dr Smith was rude to me", ReceivedAt: now, Raw: []byte(`{"id":"x"}`)}
			if err := tx.InsertPost(b.Context(), &p); err != nil {
				return err
			}
			d := store.Decision{PracticeID: "p1", PostID: p.ID, DecidedBy: store.DecidedByAuto, DecidedAt: now,
				Labels: []moderation.Category{moderation.StaffIdentified, moderation.Complaint},
				Findings: []moderation.Finding{{Category: moderation.StaffIdentified, End: 8, Score: 0.9},
					{Category: moderation.Complaint, Start: 9, End: 22, Score: 0.8}},
				Actions: []moderation.Action{{Kind: moderation.ActionHide}, {Kind: moderation.ActionPrivateReply}, {Kind: moderation.ActionEscalate}}}
			if err := tx.InsertDecision(b.Context(), &d); err != nil {
				return err
			}
			for _, ma := range d.Actions {
				a := store.ActionFromDomain(d, ma, now)
				if err := tx.InsertAction(b.Context(), &a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
