package audit_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// logs is an in-memory PracticeLog: each practice's entries as stored.
type logs map[string][]store.AuditEntry

func (l logs) ListPractices(context.Context) ([]store.Practice, error) {
	var out []store.Practice
	for _, id := range []string{"p1", "p2", "p3"} {
		if _, ok := l[id]; ok {
			out = append(out, store.Practice{ID: id})
		}
	}
	return out, nil
}

func (l logs) InsertAudit(context.Context, *store.AuditEntry) error { return errors.New("read only") }

func (l logs) LastAudit(_ context.Context, p string) (store.AuditEntry, error) {
	es := l[p]
	if len(es) == 0 {
		return store.AuditEntry{}, store.ErrNotFound
	}
	return es[len(es)-1], nil
}

func (l logs) AuditEntries(_ context.Context, p string, after int64, limit int) ([]store.AuditEntry, error) {
	var out []store.AuditEntry
	for _, e := range l[p] {
		if e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

// of returns entries with their practice changed to p and rehashed.
func of(t *testing.T, p string, es []store.AuditEntry) []store.AuditEntry {
	t.Helper()
	prev := ""
	out := make([]store.AuditEntry, len(es))
	for i, e := range es {
		e.PracticeID, e.PrevHash = p, prev
		h, err := audit.Hash(e)
		if err != nil {
			t.Fatal(err)
		}
		e.Hash, prev = h, h
		out[i] = e
	}
	return out
}

func TestVerifyAll(t *testing.T) {
	bad := of(t, "p2", chain(t, 5))
	bad[2].Detail = []byte(`{"n":2}`)
	l := logs{"p1": chain(t, 4), "p2": bad, "p3": nil}
	rs, err := audit.VerifyAll(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 {
		t.Fatalf("VerifyAll = %d results, want 3", len(rs))
	}
	if rs[0].Err != nil || rs[0].Head.Seq != 4 {
		t.Errorf("p1 = %+v; want sound, head 4", rs[0])
	}
	var ve *audit.VerifyError
	if !errors.As(rs[1].Err, &ve) || ve.Seq != 3 || !errors.Is(rs[1].Err, audit.ErrAltered) {
		t.Errorf("p2 = %+v; want entry 3 altered", rs[1])
	}
	if rs[2].Err != nil || rs[2].Head.Seq != 0 {
		t.Errorf("p3 (empty) = %+v; want sound", rs[2])
	}
}

func TestVerifyAtStart(t *testing.T) {
	bad := of(t, "p2", chain(t, 5))
	bad = append(bad[:1], bad[2:]...) // entry 2 removed
	l := logs{"p1": chain(t, 3), "p2": bad}

	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	failed, err := audit.VerifyAtStart(t.Context(), l, false, log)
	var be *audit.BrokenError
	if !errors.As(err, &be) || len(failed) != 1 || failed[0].PracticeID != "p2" {
		t.Fatalf("VerifyAtStart = %+v, %v; want a BrokenError for p2", failed, err)
	}
	for _, want := range []string{"practice p2 at entry 3", "entries missing", "--allow-broken-audit"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not say %q", err, want)
		}
	}
	if !strings.Contains(buf.String(), "level=ERROR") || !strings.Contains(buf.String(), "practice=p2 seq=3") {
		t.Errorf("log = %q; want an error naming p2 and seq 3", buf.String())
	}

	buf.Reset()
	failed, err = audit.VerifyAtStart(t.Context(), l, true, log)
	if err != nil || len(failed) != 1 {
		t.Errorf("VerifyAtStart(allow) = %+v, %v; want nil error and the failure returned for an alert", failed, err)
	}
	if !strings.Contains(buf.String(), "starting_anyway=true") {
		t.Errorf("log = %q; want it to say the service starts anyway", buf.String())
	}

	if failed, err := audit.VerifyAtStart(t.Context(), logs{"p1": chain(t, 3)}, false, log); err != nil || failed != nil {
		t.Errorf("VerifyAtStart(sound) = %+v, %v", failed, err)
	}
}
