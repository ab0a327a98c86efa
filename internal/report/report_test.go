package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// populate stores a post with a decision, two actions, evidence and audit
// entries, plus another post's entry, and returns the post's id.
func populate(t *testing.T, db store.Store) int64 {
	t.Helper()
	ctx := t.Context()
	yaml, err := os.ReadFile("testdata/practice.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePractice(ctx, &store.Practice{ID: "ashgrove", Name: "Ashgrove Surgery", Profile: yaml, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	rec := func(kind store.AuditKind, subject string, at time.Time) {
		t.Helper()
		if _, err := audit.Append(ctx, db, audit.Record{Time: at, PracticeID: "ashgrove", Kind: kind, Subject: subject, Actor: "auto"}); err != nil {
			t.Fatal(err)
		}
	}
	var ids []int64
	for i, text := range []string{"Dr Nowak is a fraud", "lovely staff"} {
		p := store.Post{PracticeID: "ashgrove", Channel: moderation.Facebook, ExternalID: fmt.Sprint("ext", i), Text: text,
			AuthorName: "J. Bloggs", CreatedAt: t0, ReceivedAt: t0, Status: store.StatusVisible}
		if err := db.InsertPost(ctx, &p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
		rec(store.AuditReceived, fmt.Sprint("post:", p.ID), t0)
	}
	id := ids[0]
	d := store.Decision{PracticeID: "ashgrove", PostID: id, DecidedBy: store.DecidedByAuto, DecidedAt: t0,
		Labels:   []moderation.Category{moderation.Defamatory},
		Findings: []moderation.Finding{{Category: moderation.Defamatory, Clause: moderation.ClauseDefamation, Start: 9, End: 19, Score: 0.9, Reason: "accuses staff"}}}
	if err := db.InsertDecision(ctx, &d); err != nil {
		t.Fatal(err)
	}
	rec(store.AuditDecided, fmt.Sprint("post:", id), t0)
	for _, k := range []moderation.ActionKind{moderation.ActionHide, moderation.ActionDelete} {
		a := store.ActionFromDomain(d, moderation.Action{Kind: k, Category: moderation.Defamatory}, t0)
		if err := db.InsertAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
		rec(store.AuditActed, fmt.Sprint("action:", a.ID), t0.Add(time.Minute))
	}
	ev := store.Evidence{PracticeID: "ashgrove", PostID: id, CapturedAt: t0, Text: "Dr Nowak is a fraud", Raw: []byte("{}")}
	ev.SHA256 = ev.Hash()
	if err := db.KeepEvidence(ctx, &ev); err != nil {
		t.Fatal(err)
	}
	rec(store.AuditEvidenceKept, fmt.Sprint("post:", id), t0.Add(2*time.Minute))
	return id
}

func openDB(t *testing.T) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pagekeeper.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("opening database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func TestBuild(t *testing.T) {
	db, _ := openDB(t)
	id := populate(t, db)
	r, err := Build(t.Context(), db, loadProfile(t), "ashgrove", id, t0)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if r.Chain.Err != nil || r.Chain.Entries != 6 || r.Chain.Head.Seq != 6 {
		t.Errorf("chain %+v, want 6 verified entries", r.Chain)
	}
	var subjects []string
	for _, e := range r.Audit {
		subjects = append(subjects, string(e.Kind)+" "+e.Subject)
	}
	want := fmt.Sprintf("received post:%d,decided post:%d,acted action:%d,acted action:%d,evidence_kept post:%d",
		id, id, r.Actions[0].ID, r.Actions[1].ID, id)
	if got := strings.Join(subjects, ","); got != want {
		t.Errorf("audit entries\n got %s\nwant %s", got, want)
	}
	if len(r.Decisions) != 1 || len(r.Actions) != 2 || len(r.Evidence) != 1 || !r.Evidence[0].Intact() {
		t.Errorf("report has %d decisions, %d actions, %d evidence", len(r.Decisions), len(r.Actions), len(r.Evidence))
	}
	if got := r.ReportedClauses(); len(got) != 1 || got[0] != moderation.ClauseDefamation {
		t.Errorf("ReportedClauses = %v, want [8]", got)
	}

	if _, err := Build(t.Context(), db, loadProfile(t), "another", id, t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Build for another practice = %v, want ErrNotFound", err)
	}
}

func TestBuildTampered(t *testing.T) {
	db, path := openDB(t)
	id := populate(t, db)
	db.Close()
	raw := rawDB(t, path)
	if _, err := raw.Exec(`UPDATE audit SET actor = 'user:9' WHERE seq = 4`); err != nil {
		t.Fatalf("tampering: %v", err)
	}
	raw.Close()
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := Build(t.Context(), db, loadProfile(t), "ashgrove", id, t0)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if !errors.Is(r.Chain.Err, audit.ErrAltered) || r.Chain.BadSeq() != 4 || r.Chain.Entries != 3 {
		t.Errorf("chain %+v, want entry 4 altered after 3 good", r.Chain)
	}
	if len(r.Audit) != 5 {
		t.Errorf("%d audit entries about the post, want all 5 still listed", len(r.Audit))
	}
	out := render(t, r)
	if !strings.Contains(out, "did NOT verify</span>: entry 4: entry altered") {
		t.Errorf("report does not say the chain is broken")
	}
}

// rawDB opens the database file with plain SQL, as someone editing it by
// hand would.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", sqlite.DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
