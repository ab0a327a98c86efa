package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pagekeeper/pagekeeper/internal/postgres"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
)

func runMigrate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "migrate", "--database DSN", `
Bring a database to the schema this version of Pagekeeper needs: its own
tables and the job queue's (River's). The database is a SQLite file or a
postgres:// URL; $PAGEKEEPER_DATABASE is used when --database is not given,
and is the place for a URL that carries a password.
Safe while instances run: migrations take a lock, apply in order, and
migrating an up-to-date database changes nothing. Prints the schema
versions before and after.`)
	dsn := fs.String("database", "", "the database: a SQLite file or a postgres:// URL (default $PAGEKEEPER_DATABASE)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dsn == "" {
		*dsn = env.Getenv(envDatabase)
	}
	if *dsn == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	before, err := schemaVersions(ctx, *dsn)
	if err != nil {
		return err
	}
	name := "sqlite"
	if isPostgresDSN(*dsn) {
		name = "postgres"
		err = postgres.Migrate(ctx, *dsn)
	} else {
		var db *sqlite.DB
		if db, err = sqlite.Open(ctx, *dsn); err == nil {
			err = db.Close()
		}
	}
	if err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	after, err := schemaVersions(ctx, *dsn)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "database: %s\n", name)
	report := func(what string, from, to int64) {
		switch {
		case from == to:
			fmt.Fprintf(env.Stdout, "%s: at version %d, up to date\n", what, to)
		case from == 0:
			fmt.Fprintf(env.Stdout, "%s: created at version %d\n", what, to)
		default:
			fmt.Fprintf(env.Stdout, "%s: migrated from version %d to %d\n", what, from, to)
		}
	}
	report("app schema", before.app, after.app)
	report("job queue tables", before.river, after.river)
	return nil
}

// versions are a database's schema versions: the app's (goose) and River's;
// 0 where none is recorded.
type versions struct{ app, river int64 }

const (
	appVersionSQL   = `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version`
	riverVersionSQL = `SELECT COALESCE(MAX(version), 0) FROM river_migration`
)

// schemaVersions reads the schema versions of the database at dsn. A
// database or table not yet created is at version 0.
func schemaVersions(ctx context.Context, dsn string) (versions, error) {
	if isPostgresDSN(dsn) {
		return postgresVersions(ctx, dsn)
	}
	return sqliteVersions(ctx, dsn)
}

func sqliteVersions(ctx context.Context, path string) (versions, error) {
	db, err := sql.Open("sqlite", sqlite.DSN(path))
	if err != nil {
		return versions{}, fmt.Errorf("opening sqlite %s: %w", path, err)
	}
	defer db.Close()
	var v versions
	for _, q := range []struct {
		table, sql string
		to         *int64
	}{{"goose_db_version", appVersionSQL, &v.app}, {"river_migration", riverVersionSQL, &v.river}} {
		var exists int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, q.table).Scan(&exists); err != nil {
			return versions{}, fmt.Errorf("reading the schema version of %s: %w", path, err)
		}
		if exists == 0 {
			continue
		}
		if err := db.QueryRowContext(ctx, q.sql).Scan(q.to); err != nil {
			return versions{}, fmt.Errorf("reading the schema version of %s: %w", path, err)
		}
	}
	return v, nil
}

func postgresVersions(ctx context.Context, dsn string) (versions, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's message can quote the DSN, password and all.
		return versions{}, errors.New("parsing the postgres connection string: it is not a valid URL or key=value list")
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return versions{}, fmt.Errorf("connecting to postgres: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var v versions
	for _, q := range []struct {
		sql string
		to  *int64
	}{{appVersionSQL, &v.app}, {riverVersionSQL, &v.river}} {
		err := conn.QueryRow(ctx, q.sql).Scan(q.to)
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42P01" { // undefined_table: not migrated yet
			continue
		}
		if err != nil {
			return versions{}, fmt.Errorf("reading the schema version: %w", err)
		}
	}
	return v, nil
}
