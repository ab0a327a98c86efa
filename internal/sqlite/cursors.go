package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Cursor returns the practice's cursor value for key, or "" when none.
func (q *queries) Cursor(ctx context.Context, practiceID, key string) (string, error) {
	var v string
	err := q.x.QueryRowContext(ctx, `SELECT value FROM cursors WHERE practice_id = ? AND key = ?`, practiceID, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading cursor %s: %w", key, err)
	}
	return v, nil
}

// SetCursor stores the practice's cursor value for key.
func (q *queries) SetCursor(ctx context.Context, practiceID, key, value string) error {
	_, err := q.x.ExecContext(ctx, `INSERT INTO cursors (practice_id, key, value) VALUES (?, ?, ?)
		ON CONFLICT (practice_id, key) DO UPDATE SET value = excluded.value`, practiceID, key, value)
	if err != nil {
		return fmt.Errorf("storing cursor %s: %w", key, mapErr(err))
	}
	return nil
}
