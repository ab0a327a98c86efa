package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/postgres"
	"github.com/pagekeeper/pagekeeper/internal/postgres/pgtest"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/storetest"
)

// tamperable is the PostgreSQL store with raw-SQL access to its audit rows.
type tamperable struct{ *postgres.DB }

var _ storetest.Tamperer = tamperable{}

func (d tamperable) TamperAudit(ctx context.Context, practiceID string, seq int64, how storetest.Tampering) error {
	var stmts []string
	switch how {
	case storetest.TamperDetail:
		stmts = []string{`UPDATE audit SET detail = '{"post":999}' WHERE practice_id = $1 AND seq = $2`}
	case storetest.TamperDelete:
		stmts = []string{`DELETE FROM audit WHERE practice_id = $1 AND seq = $2`}
	case storetest.TamperSwap:
		stmts = []string{
			`UPDATE audit SET seq = -1 WHERE practice_id = $1 AND seq = $2`,
			`UPDATE audit SET seq = $2 WHERE practice_id = $1 AND seq = $2 + 1`,
			`UPDATE audit SET seq = $2 + 1 WHERE practice_id = $1 AND seq = -1`,
		}
	case storetest.TamperInsert:
		stmts = []string{
			`UPDATE audit SET seq = -seq - 1 WHERE practice_id = $1 AND seq >= $2`,
			`UPDATE audit SET seq = -seq WHERE practice_id = $1 AND seq < 0`,
			`INSERT INTO audit (practice_id, seq, time, kind, subject, actor, detail, prev_hash, hash)
			 SELECT practice_id, $2::bigint, time, 'restored', 'post:1', 'user:1', '{}', hash, 'forged'
			 FROM audit WHERE practice_id = $1 AND seq = $2 - 1`,
		}
	default:
		return fmt.Errorf("unknown tampering %d", how)
	}
	for _, s := range stmts {
		args := []any{practiceID, seq}
		if !strings.Contains(s, "$2") {
			args = args[:1]
		}
		if _, err := d.Pool().Exec(ctx, s, args...); err != nil {
			return fmt.Errorf("tampering: %w", err)
		}
	}
	return nil
}

func TestPostgresConformance(t *testing.T) {
	pgtest.BaseDSN(t)
	storetest.Run(t, func(t *testing.T) store.Store { return tamperable{pgtest.Open(t)} })
}

// TestPostgresOpenTogether starts instances on one empty database at once:
// the migration locks make them take turns, and all of them work.
func TestPostgresOpenTogether(t *testing.T) {
	dsn := pgtest.DSN(t)
	const n = 3
	dbs := make([]*postgres.DB, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { dbs[i], errs[i] = postgres.Open(t.Context(), dsn) })
	}
	wg.Wait()
	for i, db := range dbs {
		if db != nil {
			t.Cleanup(func() { db.Close() })
		}
		if errs[i] != nil {
			t.Errorf("instance %d: %v", i, errs[i])
		}
	}
	if t.Failed() {
		return
	}
	p := store.Practice{ID: "p1", Name: "P"}
	if err := dbs[0].CreatePractice(t.Context(), &p); err != nil {
		t.Fatal(err)
	}
	if _, err := dbs[n-1].Practice(t.Context(), "p1"); err != nil {
		t.Errorf("a practice written by one instance, read by another: %v", err)
	}
	var versions int
	if err := dbs[0].Pool().QueryRow(t.Context(), `SELECT count(*) FROM goose_db_version WHERE is_applied AND version_id > 0`).Scan(&versions); err != nil || versions < 4 {
		t.Errorf("goose recorded %d migrations (%v), want each once", versions, err)
	}
}

// TestPostgresMigrate: Migrate alone brings a database up to date, again
// and again, and Open on it then finds nothing to do.
func TestPostgresMigrate(t *testing.T) {
	dsn := pgtest.DSN(t)
	for range 2 {
		if err := postgres.Migrate(t.Context(), dsn); err != nil {
			t.Fatal(err)
		}
	}
	db, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(t.Context()); err != nil {
		t.Error(err)
	}
	var jobs int
	if err := db.Pool().QueryRow(t.Context(), `SELECT count(*) FROM river_job`).Scan(&jobs); err != nil {
		t.Errorf("River's tables after Migrate: %v", err)
	}
	err = db.WithTx(t.Context(), func(tx store.TxStore) error {
		if _, ok := tx.DriverTx().(pgx.Tx); !ok {
			t.Errorf("DriverTx() is %T, want pgx.Tx", tx.DriverTx())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOpenBadDSN needs no server: a malformed DSN is refused with a
// message that does not echo it (it may hold a password).
func TestOpenBadDSN(t *testing.T) {
	_, err := postgres.Open(t.Context(), "postgres://user:s3cret@[::1:5432/db")
	if err == nil {
		t.Fatal("Open accepted a malformed DSN")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error quotes the password: %v", err)
	}
}
