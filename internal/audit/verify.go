package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// pageSize is how many entries Verify and Export read at a time.
const pageSize = 500

// Chain checks entries one at a time, in the order they are stored. The
// zero Chain expects seq 1 of practice PracticeID.
type Chain struct {
	PracticeID string
	last       store.AuditEntry
}

// Next checks e against the entries before it and returns a *VerifyError
// for the first problem.
func (c *Chain) Next(e store.AuditEntry) error {
	bad := func(err error) error { return &VerifyError{Seq: e.Seq, Err: err} }
	switch {
	case e.PracticeID != c.PracticeID:
		return bad(ErrWrongPractice)
	case e.Seq <= c.last.Seq:
		return bad(ErrOutOfOrder)
	case e.Seq > c.last.Seq+1:
		return bad(fmt.Errorf("%w: expected seq %d", ErrGap, c.last.Seq+1))
	case e.PrevHash != c.last.Hash:
		return bad(ErrBrokenLink)
	}
	h, err := Hash(e)
	if err != nil {
		return bad(fmt.Errorf("%w: %w", ErrAltered, err))
	}
	if h != e.Hash {
		return bad(ErrAltered)
	}
	c.last = e
	return nil
}

// Head returns the newest entry checked so far.
func (c *Chain) Head() Head { return Head{Seq: c.last.Seq, Hash: c.last.Hash} }

// Verify walks the practice's whole chain and returns its head, or a
// *VerifyError (wrapping ErrAltered, ErrBrokenLink, ErrGap, ErrOutOfOrder or
// ErrWrongPractice) for the first bad entry. Entries cut from the end leave
// a shorter valid chain; use VerifyAgainst with a head recorded earlier.
func Verify(ctx context.Context, log store.AuditLog, practiceID string) (Head, error) {
	c := Chain{PracticeID: practiceID}
	var after int64
	for {
		page, err := log.AuditEntries(ctx, practiceID, after, pageSize)
		if err != nil {
			return Head{}, fmt.Errorf("verifying audit log: %w", err)
		}
		for _, e := range page {
			if err := c.Next(e); err != nil {
				return Head{}, err
			}
			after = e.Seq
		}
		if len(page) < pageSize {
			return c.Head(), nil
		}
	}
}

// VerifyAgainst verifies the chain as Verify does and also that it still
// holds known, a head recorded earlier; a *VerifyError wrapping
// ErrTruncated if not.
func VerifyAgainst(ctx context.Context, log store.AuditLog, practiceID string, known Head) (Head, error) {
	head, err := Verify(ctx, log, practiceID)
	if err != nil || known.Seq == 0 {
		return head, err
	}
	page, err := log.AuditEntries(ctx, practiceID, known.Seq-1, 1)
	if err != nil {
		return Head{}, fmt.Errorf("verifying audit log: %w", err)
	}
	if len(page) == 0 || page[0].Seq != known.Seq || page[0].Hash != known.Hash {
		return Head{}, &VerifyError{Seq: known.Seq, Err: ErrTruncated}
	}
	return head, nil
}

// Line is one entry in an export: JSON Lines, one object a line, in seq
// order. Detail is the canonical JSON the hash covers.
type Line struct {
	Seq        int64           `json:"seq"`
	Time       string          `json:"time"`
	PracticeID string          `json:"practice"`
	Kind       store.AuditKind `json:"kind"`
	Subject    string          `json:"subject"`
	Actor      string          `json:"actor"`
	Detail     json.RawMessage `json:"detail"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
}

// Export writes the practice's chain to w as JSON Lines and returns its
// head. It does not verify; an auditor runs VerifyExport on the file.
func Export(ctx context.Context, log store.AuditLog, practiceID string, w io.Writer) (Head, error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var head Head
	var after int64
	for {
		page, err := log.AuditEntries(ctx, practiceID, after, pageSize)
		if err != nil {
			return Head{}, fmt.Errorf("exporting audit log: %w", err)
		}
		for _, e := range page {
			detail, err := Canonical(e.Detail)
			if err != nil {
				return Head{}, fmt.Errorf("exporting audit entry %d: %w", e.Seq, err)
			}
			if err := enc.Encode(Line{
				Seq: e.Seq, Time: store.FormatTime(e.Time), PracticeID: e.PracticeID, Kind: e.Kind,
				Subject: e.Subject, Actor: e.Actor, Detail: detail, PrevHash: e.PrevHash, Hash: e.Hash,
			}); err != nil {
				return Head{}, fmt.Errorf("exporting audit log: %w", err)
			}
			after, head = e.Seq, Head{Seq: e.Seq, Hash: e.Hash}
		}
		if len(page) < pageSize {
			break
		}
	}
	if err := bw.Flush(); err != nil {
		return Head{}, fmt.Errorf("exporting audit log: %w", err)
	}
	return head, nil
}

// VerifyExport checks an export read from r, without the database, and
// returns its head. The practice is taken from the first line.
func VerifyExport(r io.Reader) (Head, error) {
	dec := json.NewDecoder(r)
	var c *Chain
	for {
		var l Line
		if err := dec.Decode(&l); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return Head{}, fmt.Errorf("reading audit export: %w", err)
		}
		t, err := store.ParseTime(l.Time)
		if err != nil {
			return Head{}, &VerifyError{Seq: l.Seq, Err: fmt.Errorf("%w: %w", ErrAltered, err)}
		}
		if c == nil {
			c = &Chain{PracticeID: l.PracticeID}
		}
		if err := c.Next(store.AuditEntry{
			Seq: l.Seq, Time: t, PracticeID: l.PracticeID, Kind: l.Kind, Subject: l.Subject,
			Actor: l.Actor, Detail: l.Detail, PrevHash: l.PrevHash, Hash: l.Hash,
		}); err != nil {
			return Head{}, err
		}
	}
	if c == nil {
		return Head{}, nil
	}
	return c.Head(), nil
}
