// Package audit keeps each practice's hash-chained audit log: every entry's
// hash covers its own content and the previous entry's hash, so changing,
// removing, inserting or reordering an entry breaks the chain at that point.
//
// Entries say what happened to what and who did it, by id: detail holds ids,
// categories, action kinds and hashes, never what a patient wrote. Append
// rejects long strings in detail to keep it that way.
package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// MaxDetailString is the longest string Append accepts anywhere in detail.
// Ids, categories and hex hashes fit; a patient's comment usually does not.
const MaxDetailString = 200

// Errors Append and Verify return (wrapped).
var (
	// ErrBadRecord means Append was given an unknown kind, no practice, or
	// a detail that is not a JSON object of short values.
	ErrBadRecord = errors.New("invalid audit record")
	// ErrAltered means an entry's content no longer matches its hash.
	ErrAltered = errors.New("entry altered: content does not match its hash")
	// ErrBrokenLink means an entry's prev hash is not its predecessor's hash:
	// an entry was inserted, replaced or moved.
	ErrBrokenLink = errors.New("chain broken: prev hash is not the previous entry's hash")
	// ErrGap means sequence numbers skip: entries were removed.
	ErrGap = errors.New("entries missing before this one")
	// ErrOutOfOrder means a sequence number repeats or goes backwards.
	ErrOutOfOrder = errors.New("sequence out of order")
	// ErrWrongPractice means an entry of another practice is in the chain.
	ErrWrongPractice = errors.New("entry belongs to another practice")
	// ErrTruncated means an entry recorded earlier as the head is gone or
	// changed: the end of the log was cut off or rewritten.
	ErrTruncated = errors.New("log no longer contains the recorded head")
)

// VerifyError reports the first entry at which a chain is bad, and why.
type VerifyError struct {
	Seq int64
	Err error
}

func (e *VerifyError) Error() string { return fmt.Sprintf("audit entry %d: %v", e.Seq, e.Err) }
func (e *VerifyError) Unwrap() error { return e.Err }

// Record is what a caller asks Append to log.
type Record struct {
	Time       time.Time
	PracticeID string
	Kind       store.AuditKind
	Subject    string // "post:12", "action:40"
	Actor      string // "auto", "worker", "user:3"
	Detail     any    // marshals to a JSON object; nil for none
}

// Head identifies the newest entry of a chain. Recording it outside the
// database (an export, a report to the IG lead) lets VerifyAgainst detect a
// log whose tail was cut off, which the chain alone cannot show.
type Head struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Append adds r to its practice's chain through log and returns the entry.
// Call it with the caller's transaction (a store.TxStore) so the entry
// commits or rolls back with what it records; a store.ErrDuplicate means a
// concurrent writer took the sequence number and the transaction should be
// retried.
func Append(ctx context.Context, log store.AuditLog, r Record) (store.AuditEntry, error) {
	if r.PracticeID == "" || !r.Kind.Valid() {
		return store.AuditEntry{}, fmt.Errorf("appending audit entry: %w: practice %q, kind %q", ErrBadRecord, r.PracticeID, r.Kind)
	}
	detail, err := encodeDetail(r.Detail)
	if err != nil {
		return store.AuditEntry{}, fmt.Errorf("appending audit entry: %w", err)
	}
	e := store.AuditEntry{
		Seq:        1,
		Time:       r.Time.UTC().Truncate(time.Microsecond),
		PracticeID: r.PracticeID,
		Kind:       r.Kind,
		Subject:    r.Subject,
		Actor:      r.Actor,
		Detail:     detail,
	}
	last, err := log.LastAudit(ctx, r.PracticeID)
	switch {
	case err == nil:
		e.Seq, e.PrevHash = last.Seq+1, last.Hash
	case !errors.Is(err, store.ErrNotFound):
		return store.AuditEntry{}, fmt.Errorf("appending audit entry: %w", err)
	}
	if e.Hash, err = Hash(e); err != nil {
		return store.AuditEntry{}, fmt.Errorf("appending audit entry: %w", err)
	}
	if err := log.InsertAudit(ctx, &e); err != nil {
		return store.AuditEntry{}, fmt.Errorf("appending audit entry: %w", err)
	}
	return e, nil
}

// Hash returns the hex SHA-256 of e's canonical encoding: a version tag,
// then seq, time (store.FormatTime), practice, kind, subject, actor,
// canonical detail and prev hash, each as an 8-byte big-endian length and
// its bytes. Detail is canonicalised first (sorted keys, no spaces), so a
// backend that reformats JSON does not break the chain. e.Hash is ignored.
func Hash(e store.AuditEntry) (string, error) {
	detail, err := Canonical(e.Detail)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range [][]byte{
		[]byte("pagekeeper-audit-v1"),
		[]byte(strconv.FormatInt(e.Seq, 10)),
		[]byte(store.FormatTime(e.Time)),
		[]byte(e.PracticeID),
		[]byte(e.Kind),
		[]byte(e.Subject),
		[]byte(e.Actor),
		detail,
		[]byte(e.PrevHash),
	} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write(f)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Canonical returns the canonical form of a JSON detail: object keys
// sorted, no insignificant space, numbers as written, no HTML escaping.
// Empty input is the empty object.
func Canonical(detail []byte) ([]byte, error) {
	if len(bytes.TrimSpace(detail)) == 0 {
		return []byte("{}"), nil
	}
	dec := json.NewDecoder(bytes.NewReader(detail))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("canonicalising detail: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("canonicalising detail: trailing data")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // maps encode with sorted keys
		return nil, fmt.Errorf("canonicalising detail: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// encodeDetail marshals d and checks it is a JSON object of short values.
func encodeDetail(d any) ([]byte, error) {
	if d == nil {
		return []byte("{}"), nil
	}
	raw, ok := d.(json.RawMessage)
	if !ok {
		b, err := json.Marshal(d)
		if err != nil {
			return nil, fmt.Errorf("%w: detail: %w", ErrBadRecord, err)
		}
		raw = b
	}
	canon, err := Canonical(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadRecord, err)
	}
	dec := json.NewDecoder(bytes.NewReader(canon))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadRecord, err)
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, fmt.Errorf("%w: detail must be a JSON object", ErrBadRecord)
	}
	if err := checkShort(v); err != nil {
		return nil, err
	}
	return canon, nil
}

func checkShort(v any) error {
	switch v := v.(type) {
	case string:
		if len(v) > MaxDetailString {
			return fmt.Errorf("%w: a detail string of %d bytes (at most %d: ids, categories, hashes, not text)",
				ErrBadRecord, len(v), MaxDetailString)
		}
	case map[string]any:
		for k, x := range v {
			if err := checkShort(k); err != nil {
				return err
			}
			if err := checkShort(x); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range v {
			if err := checkShort(x); err != nil {
				return err
			}
		}
	}
	return nil
}
