package audit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// PracticeLog is what VerifyAll reads: the practices and their chains.
type PracticeLog interface {
	store.AuditLog
	ListPractices(ctx context.Context) ([]store.Practice, error)
}

// PracticeResult is the check of one practice's chain.
type PracticeResult struct {
	PracticeID string
	Head       Head  // the newest entry, when the chain verified
	Err        error // a *VerifyError naming the first bad entry, or a read error; nil if sound
}

// VerifyAll verifies every practice's chain and returns one result per
// practice, in practice order. Its error is only for failing to list the
// practices; a bad chain is in its result.
func VerifyAll(ctx context.Context, st PracticeLog) ([]PracticeResult, error) {
	ps, err := st.ListPractices(ctx)
	if err != nil {
		return nil, fmt.Errorf("verifying every audit chain: %w", err)
	}
	out := make([]PracticeResult, 0, len(ps))
	for _, p := range ps {
		head, err := Verify(ctx, st, p.ID)
		out = append(out, PracticeResult{PracticeID: p.ID, Head: head, Err: err})
	}
	return out, nil
}

// BrokenError is VerifyAtStart's refusal: the practices whose chains did
// not verify.
type BrokenError struct {
	Failed []PracticeResult
}

func (e *BrokenError) Error() string {
	var b strings.Builder
	b.WriteString("the audit log does not verify: ")
	for i, r := range e.Failed {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(describe(r))
	}
	b.WriteString(" (run 'pagekeeper audit verify' and tell the IG lead; to start anyway, pass --allow-broken-audit)")
	return b.String()
}

// describe says what is wrong with one practice's chain, naming the entry.
func describe(r PracticeResult) string {
	var ve *VerifyError
	if errors.As(r.Err, &ve) {
		return fmt.Sprintf("practice %s at entry %d: %v", r.PracticeID, ve.Seq, ve.Err)
	}
	return fmt.Sprintf("practice %s: %v", r.PracticeID, r.Err)
}

// VerifyAtStart verifies every practice's chain before the service starts.
// Each bad chain is logged at error level (practice and entry; audit
// entries hold no patient text). If any chain is bad it returns a
// *BrokenError, unless allowBroken is set: an IG lead may decide the
// service must keep protecting the pages while the log is investigated,
// and then it returns nil and the caller must raise an alert for each
// failed result (the failed results are returned either way).
func VerifyAtStart(ctx context.Context, st PracticeLog, allowBroken bool, log *slog.Logger) ([]PracticeResult, error) {
	results, err := VerifyAll(ctx, st)
	if err != nil {
		return nil, err
	}
	var failed []PracticeResult
	for _, r := range results {
		if r.Err == nil {
			continue
		}
		failed = append(failed, r)
		var seq int64
		var ve *VerifyError
		if errors.As(r.Err, &ve) {
			seq = ve.Seq
		}
		log.ErrorContext(ctx, "AUDIT CHAIN BROKEN", "practice", r.PracticeID, "seq", seq, "err", r.Err,
			"starting_anyway", allowBroken)
	}
	if len(failed) == 0 {
		return nil, nil
	}
	if !allowBroken {
		return failed, &BrokenError{Failed: failed}
	}
	return failed, nil
}
