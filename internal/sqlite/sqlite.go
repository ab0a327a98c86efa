// Package sqlite is the SQLite store: one file, pure Go (modernc.org/sqlite),
// WAL, one connection. It migrates its own schema with goose from embedded,
// numbered migrations and River's tables with rivermigrate, so the job queue
// can join the store's transactions.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the SQLite store. Its methods are safe for concurrent use; they
// queue for the one connection, so transactions should be short.
type DB struct {
	*queries
	db    *sql.DB
	stmts *stmtConnector // nil without a statement cache
}

var _ store.Store = (*DB)(nil)

// DSN returns the connection string for the database file at path: WAL,
// a 5 s busy timeout, foreign keys on, synchronous=NORMAL (safe in WAL) and
// BEGIN IMMEDIATE for every transaction, so a transaction that reads then
// writes never fails to upgrade its lock (deps.md §1).
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database file at path and migrates it
// to the newest schema, River's tables included. The connection keeps its
// prepared statements (stmtcache.go).
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, stmtCacheSize)
}

// open is Open with cacheSize statements cached, or none if 0.
func open(ctx context.Context, path string, cacheSize int) (*DB, error) {
	base, err := sqlite.NewConnector(DSN(path))
	if err != nil {
		return nil, fmt.Errorf("opening sqlite %s: %w", path, err)
	}
	var stmts *stmtConnector
	conn := base
	if cacheSize > 0 {
		stmts = newStmtConnector(base, cacheSize)
		conn = stmts
	}
	sdb := sql.OpenDB(conn)
	// One connection: SQLite has one writer, and River's SQLite driver
	// asks for this to avoid SQLITE_BUSY.
	sdb.SetMaxOpenConns(1)
	d := &DB{queries: &queries{x: sdb, db: sdb}, db: sdb, stmts: stmts}
	if err := d.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return d, nil
}

func (d *DB) migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("finding migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, d.db, fsys)
	if err != nil {
		return fmt.Errorf("preparing migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrating schema: %w", err)
	}
	m, err := rivermigrate.New(riversqlite.New(d.db), nil)
	if err != nil {
		return fmt.Errorf("preparing river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrating river tables: %w", err)
	}
	return nil
}

// SQL returns the underlying pool, for the job queue's driver. Callers
// must not change its settings or close it.
func (d *DB) SQL() *sql.DB { return d.db }

// Close closes the database.
func (d *DB) Close() error {
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("closing sqlite: %w", err)
	}
	return nil
}

// WithTx runs fn in one IMMEDIATE transaction; see store.Store.
func (d *DB) WithTx(ctx context.Context, fn func(tx store.TxStore) error) (err error) {
	sqlTx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
	}()
	if err := fn(&Tx{queries: &queries{x: sqlTx, db: d.db, tx: sqlTx}}); err != nil {
		if rerr := sqlTx.Rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("rolling back: %w", rerr))
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// Tx is the store inside a transaction.
type Tx struct{ *queries }

var _ store.TxStore = (*Tx)(nil)

// DriverTx returns the *sql.Tx, for River's InsertTx.
func (t *Tx) DriverTx() any { return t.tx }

// mapErr turns SQLite constraint failures into the store's sentinels.
func mapErr(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w: %w", store.ErrDuplicate, err)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return fmt.Errorf("%w: a referenced row is missing: %w", store.ErrNotFound, err)
	}
	return err
}
