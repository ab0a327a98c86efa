package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestReport(t *testing.T) {
	path, id := auditDB(t)
	p, err := profile.LoadFile(quornProfile)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "report.html")
	// Flags may follow the post id.
	code, stdout, errOut := run(t, "", "report", "--db", path, "--practice-profile", quornProfile, fmt.Sprint(id), "--out", out)
	if code != 0 || stdout != "" {
		t.Fatalf("report = %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	if strings.Contains(errOut, "liar") || !strings.Contains(errOut, "wrote the report on post") {
		t.Errorf("stderr %q", errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, want := range []string{
		`<html lang="en-GB">`,
		"Incident report: post " + fmt.Sprint(id),
		"Quorn Medical Centre (ODS C82034)",
		`Nurse Ødegård <mark title="Finding 1">is a liar &amp; a thief</mark>`,
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`,
		"clause 8",
		profile.ClauseText(p, moderation.ClauseDefamation)[:50],
		"0.93",
		`<span class="ok">Intact</span>`,
		"The practice's audit chain verified</span>: 6 entries",
		head(t, path, quornID).Hash,
		"For legal advisers",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Error("report carries the post's <script> unescaped")
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("report file mode %v, %v; want 0600 (it holds patient text)", info.Mode().Perm(), err)
	}

	// To stdout, naming the practice.
	code, stdout, _ = run(t, "", "report", "--db", path, "--practice-profile", quornProfile, "--practice", quornID, fmt.Sprint(id))
	if code != 0 || !strings.HasPrefix(stdout, "<!DOCTYPE html>") {
		t.Errorf("report to stdout = %d, %.80q", code, stdout)
	}
}

func TestReportTampered(t *testing.T) {
	path, id := auditDB(t)
	tamper(t, path, `UPDATE audit SET subject = 'post:999' WHERE seq = 3`)
	tamper(t, path, `UPDATE evidence SET text = 'something else'`)
	code, stdout, errOut := run(t, "", "report", "--db", path, "--practice-profile", quornProfile, fmt.Sprint(id))
	if code != 0 {
		t.Fatalf("report = %d, %q", code, errOut)
	}
	if !strings.Contains(errOut, "warning: the audit chain does not verify (entry 3)") {
		t.Errorf("stderr %q", errOut)
	}
	for _, want := range []string{"did NOT verify</span>: entry 3: entry altered", `<span class="bad">NOT INTACT</span>`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestReportUsageAndErrors(t *testing.T) {
	path, id := auditDB(t)
	other := filepath.Join(t.TempDir(), "other.db")
	db, err := sqlite.Open(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"elsewhere", "anywhere"} {
		if err := db.CreatePractice(context.Background(), &store.Practice{ID: id, Name: "Quorn Medical Centre"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	named := filepath.Join(t.TempDir(), "named.db")
	if db, err = sqlite.Open(context.Background(), named); err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePractice(context.Background(), &store.Practice{ID: "quorn-mc", Name: "Quorn Medical Centre"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"no post id", []string{"report", "--db", path, "--practice-profile", quornProfile}, 2, "Usage: pagekeeper report"},
		{"no profile", []string{"report", "--db", path, fmt.Sprint(id)}, 2, "Usage: pagekeeper report"},
		{"post id not a number", []string{"report", "--db", path, "--practice-profile", quornProfile, "twelve"}, 2, `post id "twelve" is not a number`},
		{"no such post", []string{"report", "--db", path, "--practice-profile", quornProfile, "999"}, 1, "practice C82034 has no post 999"},
		{"no such practice", []string{"report", "--db", path, "--practice-profile", quornProfile, "--practice", "nowhere", "1"}, 1, `no practice "nowhere"`},
		{"practice not found from the profile", []string{"report", "--db", other, "--practice-profile", quornProfile, "1"}, 1, "give --practice"},
		{"practice found by name", []string{"report", "--db", named, "--practice-profile", quornProfile, "1"}, 1, "practice quorn-mc has no post 1"},
		{"no such database", []string{"report", "--db", filepath.Join(t.TempDir(), "none.db"), "--practice-profile", quornProfile, "1"}, 1, "opening the database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("%v = %d, %q; want %d, %q", tt.args[1:], code, errOut, tt.code, tt.wantErr)
			}
		})
	}
}
