package audit

import (
	"context"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Batch is the audit log of one transaction that appends several entries:
// it reads each practice's chain head from the store once, then takes the
// entry it last appended as the head. Use one per transaction, and only
// for appends made through it (on PostgreSQL the first LastAudit holds
// the practice's chain until commit, so the head cannot move under it).
type Batch struct {
	store.AuditLog
	last map[string]store.AuditEntry
}

// NewBatch returns a Batch over log, a transaction's audit log.
func NewBatch(log store.AuditLog) *Batch {
	return &Batch{AuditLog: log, last: map[string]store.AuditEntry{}}
}

// LastAudit returns the entry last appended through b, or the log's.
func (b *Batch) LastAudit(ctx context.Context, practiceID string) (store.AuditEntry, error) {
	if e, ok := b.last[practiceID]; ok {
		return e, nil
	}
	return b.AuditLog.LastAudit(ctx, practiceID)
}

// InsertAudit stores e and takes it as its practice's head.
func (b *Batch) InsertAudit(ctx context.Context, e *store.AuditEntry) error {
	if err := b.AuditLog.InsertAudit(ctx, e); err != nil {
		return err
	}
	b.last[e.PracticeID] = *e
	return nil
}
