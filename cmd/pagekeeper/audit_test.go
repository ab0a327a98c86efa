package main

import (
	"context"
	"database/sql"
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

const quornID = "C82034" // the practice id import-posts gives Quorn: its ODS code

var auditT0 = time.Date(2026, 11, 20, 14, 3, 7, 0, time.UTC)

// defamatoryText is the post auditDB stores; its findings' spans point into it.
const defamatoryText = `Nurse Ødegård is a liar & a thief <script>alert("x")</script>`

// auditDB makes a SQLite file holding Quorn with one defamatory post that
// was hidden, deleted after evidence was kept, and escalated, and one
// other post; six audit entries in all. It returns the file and the post id.
func auditDB(t *testing.T) (string, int64) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pagekeeper.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("opening database: %v", err)
	}
	defer db.Close()
	yaml, err := os.ReadFile(quornProfile)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.CreatePractice(ctx, &store.Practice{ID: quornID, Name: "Quorn Medical Centre", Profile: yaml, CreatedAt: auditT0}))
	rec := func(kind store.AuditKind, subject string, detail any) {
		t.Helper()
		_, err := audit.Append(ctx, db, audit.Record{Time: auditT0, PracticeID: quornID, Kind: kind, Subject: subject, Actor: "auto", Detail: detail})
		must(err)
	}
	post := store.Post{PracticeID: quornID, Channel: moderation.Facebook, ExternalID: "555_1", AuthorID: "fb-991", AuthorName: "J. Bloggs",
		Text: defamatoryText, Permalink: "https://www.facebook.com/quorn/posts/555", CreatedAt: auditT0, ReceivedAt: auditT0, Status: store.StatusVisible}
	must(db.InsertPost(ctx, &post))
	rec(store.AuditReceived, fmt.Sprint("post:", post.ID), map[string]any{"post": post.ID})
	other := store.Post{PracticeID: quornID, Channel: moderation.Facebook, ExternalID: "556_1", Text: "thank you all", CreatedAt: auditT0, ReceivedAt: auditT0, Status: store.StatusVisible}
	must(db.InsertPost(ctx, &other))
	rec(store.AuditReceived, fmt.Sprint("post:", other.ID), map[string]any{"post": other.ID})

	liar := strings.Index(defamatoryText, "is a liar & a thief")
	d := store.Decision{PracticeID: quornID, PostID: post.ID, DecidedBy: store.DecidedByAuto, DecidedAt: auditT0,
		Labels: []moderation.Category{moderation.Defamatory},
		Findings: []moderation.Finding{{Category: moderation.Defamatory, Clause: moderation.ClauseDefamation,
			Start: liar, End: liar + len("is a liar & a thief"), Score: 0.93, Reason: "accuses a named member of staff of a crime"}}}
	must(db.InsertDecision(ctx, &d))
	rec(store.AuditDecided, fmt.Sprint("post:", post.ID), map[string]any{"decision": d.ID})
	for _, k := range []moderation.ActionKind{moderation.ActionHide, moderation.ActionDelete} {
		a := store.ActionFromDomain(d, moderation.Action{Kind: k, Category: moderation.Defamatory}, auditT0)
		must(db.InsertAction(ctx, &a))
		must(db.UpdateAction(ctx, quornID, a.ID, store.ActionUpdate{State: store.ActionDone, Attempts: 1, DoneAt: auditT0.Add(time.Minute)}))
		rec(store.AuditActed, fmt.Sprint("action:", a.ID), map[string]any{"action": a.ID, "kind": k})
	}
	ev := store.Evidence{PracticeID: quornID, PostID: post.ID, CapturedAt: auditT0, Text: defamatoryText, AuthorID: "fb-991",
		AuthorName: "J. Bloggs", Permalink: post.Permalink, Raw: []byte(`{"id":"555_1"}`)}
	ev.SHA256 = ev.Hash()
	must(db.KeepEvidence(ctx, &ev))
	rec(store.AuditEvidenceKept, fmt.Sprint("post:", post.ID), map[string]any{"evidence": ev.ID, "sha256": ev.SHA256})
	return path, post.ID
}

// tamper changes the database file behind Pagekeeper's back.
func tamper(t *testing.T, path, query string, args ...any) {
	t.Helper()
	raw, err := sql.Open("sqlite", sqlite.DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	res, err := raw.Exec(query, args...)
	if err != nil {
		t.Fatalf("tampering: %v", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatalf("tampering changed nothing: %s", query)
	}
}

// head returns the practice's chain head, verified.
func head(t *testing.T, path, practice string) audit.Head {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := audit.Verify(context.Background(), db, practice)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return h
}

func TestAuditVerify(t *testing.T) {
	tests := []struct {
		name     string
		tamper   string // SQL run on the file first
		extra    func(path string) []string
		wantCode int
		wantOut  string
	}{
		{name: "intact", wantCode: 0, wantOut: "ok: 6 entries, head "},
		{name: "an entry's actor changed", tamper: `UPDATE audit SET actor = 'user:9' WHERE seq = 4`,
			wantCode: 1, wantOut: "FAILED at entry 4: " + audit.ErrAltered.Error()},
		{name: "an entry's detail changed", tamper: `UPDATE audit SET detail = '{"decision":99}' WHERE seq = 3`,
			wantCode: 1, wantOut: "FAILED at entry 3: " + audit.ErrAltered.Error()},
		{name: "an entry removed", tamper: `DELETE FROM audit WHERE seq = 2`,
			wantCode: 1, wantOut: "FAILED at entry 3: " + audit.ErrGap.Error()},
		{name: "an entry's hash replaced", tamper: `UPDATE audit SET hash = prev_hash WHERE seq = 5`,
			wantCode: 1, wantOut: "FAILED at entry 5: " + audit.ErrAltered.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, _ := auditDB(t)
			want := tt.wantOut
			if tt.wantCode == 0 {
				want += head(t, path, quornID).Hash + "\n"
			}
			if tt.tamper != "" {
				tamper(t, path, tt.tamper)
			}
			for _, args := range [][]string{
				{"audit", "verify", "--db", path, "--practice", quornID},
				{"audit", "verify", "--db", path},
			} {
				code, out, errOut := run(t, "", args...)
				if code != tt.wantCode || !strings.HasPrefix(out, want) {
					t.Errorf("%v = %d, stdout %q, stderr %q; want %d, %q", args[2:], code, out, errOut, tt.wantCode, want)
				}
				if code == 1 && !strings.Contains(errOut, "did not verify") {
					t.Errorf("stderr %q", errOut)
				}
			}
		})
	}
}

func TestAuditVerifyAgainstHead(t *testing.T) {
	path, _ := auditDB(t)
	h := head(t, path, quornID)
	headArg := fmt.Sprintf("%d:%s", h.Seq, h.Hash)
	if code, out, errOut := run(t, "", "audit", "verify", "--db", path, "--practice", quornID, "--head", headArg); code != 0 {
		t.Fatalf("verify against the current head = %d, %q %q", code, out, errOut)
	}
	tamper(t, path, `DELETE FROM audit WHERE seq = 6`) // cut off the end: the chain alone still verifies
	if code, out, _ := run(t, "", "audit", "verify", "--db", path, "--practice", quornID); code != 0 || out != "ok: 5 entries, head "+head(t, path, quornID).Hash+"\n" {
		t.Errorf("verify without --head = %d, %q", code, out)
	}
	code, out, _ := run(t, "", "audit", "verify", "--db", path, "--practice", quornID, "--head", headArg)
	if want := "FAILED at entry 6: " + audit.ErrTruncated.Error(); code != 1 || !strings.HasPrefix(out, want) {
		t.Errorf("verify --head after truncation = %d, %q; want 1, %q", code, out, want)
	}
}

func TestAuditVerifyEveryPractice(t *testing.T) {
	path, _ := auditDB(t)
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := db.CreatePractice(ctx, &store.Practice{ID: "ashgrove", Name: "Ashgrove Surgery", CreatedAt: auditT0}); err != nil {
		t.Fatal(err)
	}
	if _, err := audit.Append(ctx, db, audit.Record{Time: auditT0, PracticeID: "ashgrove", Kind: store.AuditStaffAction, Subject: "user:1", Actor: "user:1"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tamper(t, path, `UPDATE audit SET time = '2026-01-01T00:00:00.000000Z' WHERE practice_id = 'ashgrove'`)
	code, out, _ := run(t, "", "audit", "verify", "--db", path)
	want := "C82034: ok: 6 entries, head " + head(t, path, quornID).Hash + "\nashgrove: FAILED at entry 1: " + audit.ErrAltered.Error() + "\n"
	if code != 1 || out != want {
		t.Errorf("verify = %d, %q; want 1, %q", code, out, want)
	}
	if code, out, _ := run(t, "", "audit", "verify", "--db", path, "--practice", quornID); code != 0 {
		t.Errorf("verify --practice %s = %d, %q", quornID, code, out)
	}
}

func TestAuditExport(t *testing.T) {
	path, _ := auditDB(t)
	want := head(t, path, quornID)
	out := filepath.Join(t.TempDir(), "audit.jsonl")
	code, stdout, errOut := run(t, "", "audit", "export", "--db", path, "--out", out)
	if code != 0 || stdout != "" || !strings.Contains(errOut, "exported 6 entries of practice C82034, head "+want.Hash) {
		t.Fatalf("export = %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, err := audit.VerifyExport(f); err != nil || got != want {
		t.Errorf("VerifyExport = %+v, %v; want %+v", got, err, want)
	}

	code, stdout, _ = run(t, "", "audit", "export", "--db", path, "--practice", quornID)
	if code != 0 || strings.Count(stdout, "\n") != 6 || !strings.HasPrefix(stdout, `{"seq":1,`) {
		t.Errorf("export to stdout = %d, %q", code, stdout)
	}
	if got, err := audit.VerifyExport(strings.NewReader(stdout)); err != nil || got != want {
		t.Errorf("VerifyExport(stdout) = %+v, %v", got, err)
	}
	if strings.Contains(stdout, "liar") {
		t.Error("the export carries the post's text")
	}
}

func TestAuditUsageAndErrors(t *testing.T) {
	path, _ := auditDB(t)
	missing := filepath.Join(t.TempDir(), "none.db")
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"no subcommand", []string{"audit"}, 2, "Usage: pagekeeper audit"},
		{"unknown subcommand", []string{"audit", "mend"}, 2, `unknown subcommand "mend"`},
		{"verify help", []string{"audit", "verify", "--help"}, 0, "Usage: pagekeeper audit verify"},
		{"export help", []string{"audit", "export", "-h"}, 0, "Usage: pagekeeper audit export"},
		{"stray argument", []string{"audit", "verify", "--db", path, "extra"}, 2, "Usage"},
		{"head without practice", []string{"audit", "verify", "--db", path, "--head", "1:" + strings.Repeat("0", 64)}, 2, "Usage"},
		{"bad head", []string{"audit", "verify", "--db", path, "--practice", quornID, "--head", "abc"}, 2, "want SEQ:HASH"},
		{"no such database", []string{"audit", "verify", "--db", missing}, 1, "opening the database"},
		{"no such practice", []string{"audit", "export", "--db", path, "--practice", "nowhere"}, 1, `no practice "nowhere"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("%v = %d, %q; want %d, %q", tt.args, code, errOut, tt.code, tt.wantErr)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("verify created the missing database")
	}
}
