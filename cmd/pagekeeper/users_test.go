package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/web"
)

func TestUsersAdd(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "p.db")
	db, err := sqlite.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePractice(t.Context(), &store.Practice{ID: "ashgrove", Name: "Ashgrove", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("from a file, long enough\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   string
	}{
		{"from stdin", "correct horse battery\n", []string{"--email", "pm@ashgrove.example", "--role", "practice_manager", "--practice", "ashgrove"}, 0, "added pm@ashgrove.example"},
		{"from a file", "", []string{"--email", "r@ashgrove.example", "--role", "reception", "--practice", "ashgrove", "--password-file", pwFile}, 0, "added r@ashgrove.example"},
		{"same email again", "correct horse battery\n", []string{"--email", "PM@ashgrove.example", "--role", "reception", "--practice", "ashgrove"}, 1, "already has an account"},
		{"unknown role", "correct horse battery\n", []string{"--email", "x@a.example", "--role", "boss", "--practice", "ashgrove"}, 2, "--role must be one of"},
		{"unknown practice", "correct horse battery\n", []string{"--email", "x@a.example", "--role", "reception", "--practice", "nowhere"}, 1, "not in the database"},
		{"no practice", "correct horse battery\n", []string{"--email", "x@a.example", "--role", "reception"}, 2, "--practice"},
		{"short password", "short\n", []string{"--email", "x@a.example", "--role", "reception", "--practice", "ashgrove"}, 1, "at least 10 characters"},
		{"a password flag does not exist", "", []string{"--email", "x@a.example", "--role", "reception", "--practice", "ashgrove", "--password", "secret-secret"}, 2, ""},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, tt.stdin, append([]string{"users", "add", "--db", dbPath}, tt.args...)...)
		if code != tt.code || !strings.Contains(out+errOut, tt.out) {
			t.Errorf("%s: exit %d, want %d with %q in:\n%s%s", tt.name, code, tt.code, tt.out, out, errOut)
		}
	}
	db, err = sqlite.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.UserByEmail(t.Context(), "pm@ashgrove.example")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, err := web.CheckPassword(u.PasswordHash, "correct horse battery", web.DefaultPasswordParams); !ok || err != nil {
		t.Errorf("the stored hash does not check: %v %v", ok, err)
	}
	if u.Role != store.RolePracticeManager || len(u.Practices) != 1 || u.Practices[0] != "ashgrove" {
		t.Errorf("user = %+v", u)
	}
}
