package audit_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// chain builds n valid entries for practice p1 without a database.
func chain(t *testing.T, n int) []store.AuditEntry {
	t.Helper()
	var out []store.AuditEntry
	prev := ""
	for i := range n {
		e := store.AuditEntry{Seq: int64(i + 1), Time: t0.Add(time.Duration(i) * time.Second), PracticeID: "p1",
			Kind: store.AuditActed, Subject: "action:1", Actor: "worker", Detail: []byte(`{"n":1}`), PrevHash: prev}
		h, err := audit.Hash(e)
		if err != nil {
			t.Fatal(err)
		}
		e.Hash, prev = h, h
		out = append(out, e)
	}
	return out
}

func TestChainNext(t *testing.T) {
	tests := []struct {
		name    string
		edit    func([]store.AuditEntry) []store.AuditEntry
		wantSeq int64
		want    error
	}{
		{"valid", func(es []store.AuditEntry) []store.AuditEntry { return es }, 0, nil},
		{"altered", func(es []store.AuditEntry) []store.AuditEntry { es[2].Actor = "user:9"; return es }, 3, audit.ErrAltered},
		{"removed", func(es []store.AuditEntry) []store.AuditEntry { return append(es[:2], es[3:]...) }, 4, audit.ErrGap},
		{"repeated", func(es []store.AuditEntry) []store.AuditEntry { return append(es[:3], es[2:]...) }, 3, audit.ErrOutOfOrder},
		{"swapped", func(es []store.AuditEntry) []store.AuditEntry {
			es[1].Seq, es[2].Seq = 3, 2
			es[1], es[2] = es[2], es[1]
			return es
		}, 2, audit.ErrBrokenLink},
		{"other practice", func(es []store.AuditEntry) []store.AuditEntry { es[1].PracticeID = "p2"; return es }, 2, audit.ErrWrongPractice},
		{"bad detail", func(es []store.AuditEntry) []store.AuditEntry { es[0].Detail = []byte("{"); return es }, 1, audit.ErrAltered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := audit.Chain{PracticeID: "p1"}
			var err error
			for _, e := range tt.edit(chain(t, 5)) {
				if err = c.Next(e); err != nil {
					break
				}
			}
			if tt.want == nil {
				if err != nil || c.Head().Seq != 5 {
					t.Errorf("valid chain: %v, head %+v", err, c.Head())
				}
				return
			}
			var ve *audit.VerifyError
			if !errors.As(err, &ve) || ve.Seq != tt.wantSeq || !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want entry %d: %v", err, tt.wantSeq, tt.want)
			}
		})
	}
}

func exportOf(t *testing.T, es []store.AuditEntry) string {
	t.Helper()
	var b strings.Builder
	for _, e := range es {
		l, _ := json.Marshal(audit.Line{Seq: e.Seq, Time: store.FormatTime(e.Time), PracticeID: e.PracticeID, Kind: e.Kind,
			Subject: e.Subject, Actor: e.Actor, Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash})
		b.Write(l)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestVerifyExport(t *testing.T) {
	es := chain(t, 4)
	good := exportOf(t, es)
	if h, err := audit.VerifyExport(strings.NewReader(good)); err != nil || h.Seq != 4 || h.Hash != es[3].Hash {
		t.Errorf("VerifyExport(good) = %+v, %v", h, err)
	}
	if h, err := audit.VerifyExport(strings.NewReader("")); err != nil || h.Seq != 0 {
		t.Errorf("VerifyExport(empty) = %+v, %v", h, err)
	}
	edited := strings.Replace(good, `"actor":"worker"`, `"actor":"user:2"`, 1)
	var ve *audit.VerifyError
	if _, err := audit.VerifyExport(strings.NewReader(edited)); !errors.As(err, &ve) || ve.Seq != 1 {
		t.Errorf("VerifyExport(edited) = %v, want entry 1 altered", err)
	}
	if _, err := audit.VerifyExport(strings.NewReader(good + "{not json")); err == nil {
		t.Error("VerifyExport accepted a broken line")
	}
	badTime := strings.Replace(good, store.FormatTime(es[0].Time), "noon", 1)
	if _, err := audit.VerifyExport(strings.NewReader(badTime)); !errors.Is(err, audit.ErrAltered) {
		t.Errorf("VerifyExport(bad time) = %v", err)
	}
}

func TestExportVerifyRoundTrip(t *testing.T) {
	db := openDB(t)
	for i := range 3 {
		if _, err := audit.Append(t.Context(), db, audit.Record{Time: t0.Add(time.Duration(i) * time.Hour), PracticeID: "p1",
			Kind: store.AuditEscalated, Subject: "post:1", Actor: "auto", Detail: map[string]any{"role": "safeguarding lead"}}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	head, err := audit.Export(t.Context(), db, "p1", &buf)
	if err != nil || head.Seq != 3 {
		t.Fatalf("Export = %+v, %v", head, err)
	}
	if got, err := audit.VerifyExport(&buf); err != nil || got != head {
		t.Errorf("VerifyExport = %+v, %v; want %+v", got, err, head)
	}
	if got, err := audit.VerifyAgainst(t.Context(), db, "p1", head); err != nil || got != head {
		t.Errorf("VerifyAgainst(current head) = %+v, %v", got, err)
	}
	wrong := audit.Head{Seq: 2, Hash: head.Hash}
	if _, err := audit.VerifyAgainst(t.Context(), db, "p1", wrong); !errors.Is(err, audit.ErrTruncated) {
		t.Errorf("VerifyAgainst(wrong head) = %v, want ErrTruncated", err)
	}
}
