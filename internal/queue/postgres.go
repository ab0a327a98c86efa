package queue

import (
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

var _ Queue = (*River[pgx.Tx])(nil)

// NewPostgres returns a queue on the PostgreSQL pool of the store
// (postgres.DB.Pool), whose migrations have created River's tables. Jobs
// are inserted in the store's pgx.Tx (TxStore.DriverTx), and River finds
// its tables through the pool's search_path, as the store does.
func NewPostgres(pool *pgxpool.Pool, cfg Config) (*River[pgx.Tx], error) {
	return New(riverpgxv5.New(pool), cfg)
}
