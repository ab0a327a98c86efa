package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/postgres"
	"github.com/pagekeeper/pagekeeper/internal/postgres/pgtest"
)

// migrateTwice migrates dsn, then again, checking the first run creates
// both schemas and the second changes nothing.
func migrateTwice(t *testing.T, dsn string, args ...string) {
	t.Helper()
	code, out, errOut := run(t, "", append([]string{"migrate"}, args...)...)
	if code != 0 {
		t.Fatalf("migrate = %d: %s", code, errOut)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^app schema: created at version [1-9]\d*$`),
		regexp.MustCompile(`(?m)^job queue tables: created at version [1-9]\d*$`),
	} {
		if !want.MatchString(out) {
			t.Errorf("first migrate printed %q, want a line matching %s", out, want)
		}
	}
	code, out, errOut = run(t, "", append([]string{"migrate"}, args...)...)
	if code != 0 || strings.Count(out, "up to date") != 2 {
		t.Errorf("second migrate = %d %q %s, want both up to date", code, out, errOut)
	}
	v, err := schemaVersions(t.Context(), dsn)
	if err != nil || v.app == 0 || v.river == 0 {
		t.Errorf("versions after migrate: %+v, %v", v, err)
	}
}

func TestMigrateSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pk.db")
	migrateTwice(t, path, "--database", path)
	out := func() string {
		_, out, _ := run(t, "", "migrate", "--database", path)
		return out
	}()
	if !strings.HasPrefix(out, "database: sqlite\n") {
		t.Errorf("migrate printed %q, want it to name the backend", out)
	}
	// A database the service opened is already migrated.
	other := filepath.Join(t.TempDir(), "served.db")
	be, err := openBackend(t.Context(), other)
	if err != nil {
		t.Fatal(err)
	}
	be.Close()
	if code, out, _ := run(t, "", "migrate", "--database", other); code != 0 || strings.Count(out, "up to date") != 2 {
		t.Errorf("migrate of a served database = %d %q", code, out)
	}
}

func TestMigrateNeedsADatabase(t *testing.T) {
	if code, _, errOut := run(t, "", "migrate"); code != 2 || !strings.Contains(errOut, "--database") {
		t.Errorf("migrate without a database = %d, %q", code, errOut)
	}
	code, _, errOut := run(t, "", "migrate", "--database", "postgres://nobody:pw-secret@127.0.0.1:1/none?connect_timeout=2")
	if code != 1 || strings.Contains(errOut, "pw-secret") {
		t.Errorf("migrate of an unreachable postgres = %d, %q (want failure, without the password)", code, errOut)
	}
}

func TestMigratePostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	migrateTwice(t, dsn, "--database", dsn)
	// Instances starting while migrate runs find a migrated database.
	db, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func TestMigratePostgresFromEnvironment(t *testing.T) {
	dsn := pgtest.DSN(t)
	var out strings.Builder
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out,
		Getenv: func(k string) string { return map[string]string{envDatabase: dsn}[k] }}
	if code := Main(t.Context(), env, []string{"migrate"}); code != 0 || !strings.Contains(out.String(), "database: postgres") {
		t.Errorf("migrate from $PAGEKEEPER_DATABASE = %d, %q", code, out.String())
	}
}
