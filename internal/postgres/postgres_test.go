package postgres_test

import (
	"context"
	"fmt"
	"strings"
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
