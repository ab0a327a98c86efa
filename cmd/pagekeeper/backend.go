package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/postgres"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// backend is an opened database: the store, a job queue constructor on the
// same database (so jobs join the store's transactions), a readiness ping
// and Close. serve, migrate and replay choose it from one string.
type backend struct {
	Name     string // "sqlite" or "postgres"
	Store    store.Store
	NewQueue func(cfg queue.Config) (queue.Queue, error)
	Ping     func(ctx context.Context) error
	Close    func() error
}

// isPostgresDSN reports whether dsn names a PostgreSQL database rather
// than a SQLite file.
func isPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openBackend opens dsn, a SQLite file path or a postgres:// URL, migrated
// to the newest schema (River's tables included).
func openBackend(ctx context.Context, dsn string) (*backend, error) {
	if dsn == "" {
		return nil, fmt.Errorf("opening the database: no database given (a SQLite file or a postgres:// URL)")
	}
	if isPostgresDSN(dsn) {
		return openPostgresBackend(ctx, dsn)
	}
	db, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	return &backend{
		Name:  "sqlite",
		Store: db,
		NewQueue: func(cfg queue.Config) (queue.Queue, error) {
			return queue.NewSQLite(db.SQL(), cfg)
		},
		Ping:  func(ctx context.Context) error { return db.SQL().PingContext(ctx) },
		Close: db.Close,
	}, nil
}

// openPostgresBackend opens the PostgreSQL database at dsn. Errors never
// repeat the DSN, which may carry a password.
func openPostgresBackend(ctx context.Context, dsn string) (*backend, error) {
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	return &backend{
		Name:  "postgres",
		Store: db,
		NewQueue: func(cfg queue.Config) (queue.Queue, error) {
			return queue.NewPostgres(db.Pool(), cfg)
		},
		Ping:  db.Ping,
		Close: db.Close,
	}, nil
}
