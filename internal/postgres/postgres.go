// Package postgres is the PostgreSQL store (pgx v5, pgxpool). It migrates
// its own schema with goose from embedded, numbered migrations, under a
// session advisory lock so instances starting together take turns, and
// River's tables with rivermigrate, so the job queue (riverpgxv5) can join
// the store's transactions.
//
// It keeps what the SQLite store keeps, with the same meaning: times at
// microsecond precision in UTC (the zero time as NULL), JSON and audit
// details as text so their bytes come back unchanged, and free text people
// write as bytea so a NUL byte, which a PostgreSQL text refuses, is kept.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// lockIDs returns the advisory lock ids held while the app schema (goose)
// and River's tables are migrated, so instances starting together take
// turns. They are per schema: migrating one schema never waits for
// another (tests run one schema each, side by side).
func lockIDs(ctx context.Context, pool *pgxpool.Pool) (app, river int64, err error) {
	var schema string
	if err := pool.QueryRow(ctx, `SELECT coalesce(current_schema(), '')`).Scan(&schema); err != nil {
		return 0, 0, fmt.Errorf("reading the current schema: %w", err)
	}
	id := func(what string) int64 {
		h := fnv.New64a()
		h.Write([]byte("pagekeeper " + what + " migrations in schema " + schema))
		return int64(h.Sum64())
	}
	return id("app"), id("river"), nil
}

// DB is the PostgreSQL store. Its methods are safe for concurrent use.
type DB struct {
	*queries
	pool *pgxpool.Pool
}

var _ store.Store = (*DB)(nil)

// Open connects to the database at dsn (a postgres:// URL or key=value
// string), migrates it to the newest schema, River's tables included, and
// returns the store. The schema is the first of the connection's
// search_path, as everywhere in PostgreSQL.
func Open(ctx context.Context, dsn string) (*DB, error) {
	pool, err := newPool(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &DB{queries: &queries{x: pool, pool: pool}, pool: pool}, nil
}

// Migrate brings the database at dsn to the newest schema, River's tables
// included, and returns. It is safe to run while instances are starting.
func Migrate(ctx context.Context, dsn string) error {
	pool, err := newPool(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	return migrate(ctx, pool)
}

func newPool(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message can quote the DSN, password and all.
		return nil, errors.New("parsing the postgres connection string: it is not a valid URL or key=value list")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connecting to postgres: %w", err)
	}
	return pool, nil
}

func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("finding migrations: %w", err)
	}
	appLock, riverLock, err := lockIDs(ctx, pool)
	if err != nil {
		return err
	}
	// Poll for the lock every second (goose's default is every 5 s), for
	// up to 5 minutes.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(appLock), lock.WithLockTimeout(1, 300))
	if err != nil {
		return fmt.Errorf("preparing the migration lock: %w", err)
	}
	sdb := stdlib.OpenDBFromPool(pool)
	defer sdb.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sdb, fsys, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("preparing migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrating schema: %w", err)
	}
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("preparing river migrations: %w", err)
	}
	// River's migrations each need a transaction of their own (one adds
	// enum values the next uses), so the lock is a session lock held on a
	// connection of its own while the migrator uses others.
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrating river tables: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, riverLock); err != nil {
		return fmt.Errorf("locking for river migrations: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, riverLock)
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrating river tables: %w", err)
	}
	return nil
}

// Pool returns the connection pool, for the job queue's driver. Callers
// must not close it.
func (d *DB) Pool() *pgxpool.Pool { return d.pool }

// Ping checks the database answers, for readiness checks.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.pool.Ping(ctx); err != nil {
		return fmt.Errorf("pinging postgres: %w", err)
	}
	return nil
}

// Close closes the pool, waiting for connections in use to be returned.
func (d *DB) Close() error {
	d.pool.Close()
	return nil
}

// WithTx runs fn in one transaction; see store.Store.
func (d *DB) WithTx(ctx context.Context, fn func(tx store.TxStore) error) (err error) {
	pgTx, err := d.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			pgTx.Rollback(context.WithoutCancel(ctx))
			panic(p)
		}
	}()
	if err := fn(&Tx{queries: &queries{x: pgTx, pool: d.pool, tx: pgTx}}); err != nil {
		if rerr := pgTx.Rollback(context.WithoutCancel(ctx)); rerr != nil && !errors.Is(rerr, pgx.ErrTxClosed) {
			return errors.Join(err, fmt.Errorf("rolling back: %w", rerr))
		}
		return err
	}
	if err := pgTx.Commit(ctx); err != nil {
		return fmt.Errorf("committing: %w", mapErr(err))
	}
	return nil
}

// Tx is the store inside a transaction.
type Tx struct{ *queries }

var _ store.TxStore = (*Tx)(nil)

// DriverTx returns the pgx.Tx, for River's InsertTx.
func (t *Tx) DriverTx() any { return t.tx }

// The SQLSTATEs mapErr knows.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
	badEncoding         = "22021" // a NUL byte or invalid UTF-8 in a text column
)

// mapErr turns PostgreSQL constraint failures into the store's sentinels.
func mapErr(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case uniqueViolation:
		return fmt.Errorf("%w: %w", store.ErrDuplicate, err)
	case foreignKeyViolation:
		return fmt.Errorf("%w: a referenced row is missing: %w", store.ErrNotFound, err)
	case badEncoding:
		return fmt.Errorf("a text field holds a NUL byte or is not UTF-8: %w", err)
	}
	return err
}
