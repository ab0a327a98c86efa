// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema with a random name on the server named by $PAGEKEEPER_TEST_POSTGRES,
// dropped when the test ends. Tests that need PostgreSQL skip when the
// variable is unset, so `go test ./...` stays hermetic; name them with
// "Postgres" so `-run Postgres` selects them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pagekeeper/pagekeeper/internal/postgres"
)

// Env names the variable holding the test server's DSN, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const Env = "PAGEKEEPER_TEST_POSTGRES"

// BaseDSN returns $PAGEKEEPER_TEST_POSTGRES, or skips t if it is unset.
func BaseDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		t.Skip(Env + " not set: set it to a PostgreSQL DSN to run this test " +
			"(e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	return dsn
}

// DSN creates a fresh, empty schema and returns a DSN whose search_path is
// that schema, so everything opened with it (the store's tables, River's,
// goose's version table) lives there. The schema is dropped, with all it
// holds, when t ends: close every pool opened on the DSN in a t.Cleanup
// registered after calling DSN. Every call gives a new schema; open the
// same DSN twice to test two instances sharing one database.
func DSN(t testing.TB) string {
	t.Helper()
	base := BaseDSN(t)
	var b [8]byte
	rand.Read(b[:])
	schema := "pktest_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connecting to %s: %v", Env, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("pgtest: creating schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("pgtest: connecting to drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("pgtest: dropping schema %s: %v", schema, err)
		}
	})
	return withSearchPath(base, schema)
}

// withSearchPath adds search_path=schema to a URL or key=value DSN; pgx
// sends unknown settings to the server as run-time parameters.
func withSearchPath(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}

// Open opens the store on a fresh schema (DSN) and closes it when t ends.
func Open(t testing.TB) *postgres.DB {
	t.Helper()
	dsn := DSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("pgtest: opening the store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
