// Package sealed encrypts what posters wrote at rest. Wrap puts it around
// any store.Store (SQLite, PostgreSQL): the protected fields (store.Fields:
// post text, raw payloads and author names, their earlier versions, and
// evidence text, payloads and stripped media) are sealed with AES-256-GCM
// on the way in and opened on the way out, inside transactions too. Ids,
// times, statuses, categories and platform ids stay in the clear so the
// backend can still filter and sort by them in SQL.
//
// Each ciphertext names its key ("pk1:KEYID:..."), so keys rotate: the
// newest key of the Keyring encrypts, every key decrypts, and Store.Rekey
// re-encrypts old rows under the newest key so an old key can be retired.
// Each ciphertext is also bound to its practice and field: copied into
// another row of another practice, or another column, it fails to open.
//
// Hashes stay hashes of the plaintext: Evidence.SHA256 and
// EvidenceMedia.SHA256 are computed by callers before sealing and checked
// after opening, and audit entries never hold a protected field.
package sealed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// ErrUnsupported means the wrapped backend lacks store.Protection.
var ErrUnsupported = errors.New("the store backend does not support retention, erasure or rekeying")

// Store is a store.Store whose protected fields are encrypted at rest.
type Store struct {
	*queries
	base store.Store
}

var (
	_ store.Store          = (*Store)(nil)
	_ store.ProtectedStore = (*Store)(nil)
	_ store.TxStore        = (*Tx)(nil)
)

// Wrap returns base with the protected fields sealed under ring's newest
// key and opened with any of its keys. Reads fail, naming the key, if a
// row needs a key the ring lacks or was altered; they also fail with
// ErrNotSealed on a row written before encryption was turned on, until
// Rekey has encrypted it.
func Wrap(base store.Store, ring *Keyring) *Store {
	return &Store{queries: &queries{Queries: base, ring: ring}, base: base}
}

// Unwrap returns the wrapped store (for what needs the backend itself,
// such as the job queue's driver). What it writes is not encrypted.
func (s *Store) Unwrap() store.Store { return s.base }

// Keyring returns the ring the store seals with.
func (s *Store) Keyring() *Keyring { return s.ring }

// WithTx runs fn in one transaction of the wrapped store, with the
// transaction wrapped as well; see store.Store.
func (s *Store) WithTx(ctx context.Context, fn func(tx store.TxStore) error) error {
	return s.base.WithTx(ctx, func(tx store.TxStore) error {
		return fn(&Tx{queries: &queries{Queries: tx, ring: s.ring}, base: tx})
	})
}

// Close closes the wrapped store.
func (s *Store) Close() error { return s.base.Close() }

// Tx is a wrapped transaction.
type Tx struct {
	*queries
	base store.TxStore
}

// DriverTx returns the wrapped transaction's driver handle. What is
// written through it directly is not encrypted (the job queue writes only
// ids there).
func (t *Tx) DriverTx() any { return t.base.DriverTx() }

func (s *Store) protection() (store.Protection, error) {
	p, ok := s.base.(store.Protection)
	if !ok {
		return nil, fmt.Errorf("%w (%T)", ErrUnsupported, s.base)
	}
	return p, nil
}

// PurgePostContent passes through; see store.Protection.
func (s *Store) PurgePostContent(ctx context.Context, practiceID string, before time.Time) (int64, error) {
	p, err := s.protection()
	if err != nil {
		return 0, err
	}
	return p.PurgePostContent(ctx, practiceID, before)
}

// PurgeEvidence passes through; see store.Protection.
func (s *Store) PurgeEvidence(ctx context.Context, practiceID string, before time.Time) (int64, error) {
	p, err := s.protection()
	if err != nil {
		return 0, err
	}
	return p.PurgeEvidence(ctx, practiceID, before)
}

// PurgeDecisions passes through; see store.Protection.
func (s *Store) PurgeDecisions(ctx context.Context, practiceID string, before time.Time) (int64, error) {
	p, err := s.protection()
	if err != nil {
		return 0, err
	}
	return p.PurgeDecisions(ctx, practiceID, before)
}

// ErasePosts passes through; see store.Protection.
func (s *Store) ErasePosts(ctx context.Context, practiceID string, ids []int64) (int64, error) {
	p, err := s.protection()
	if err != nil {
		return 0, err
	}
	return p.ErasePosts(ctx, practiceID, ids)
}

// SubjectPosts returns the author's posts, opened; see store.Protection.
func (s *Store) SubjectPosts(ctx context.Context, practiceID, authorID string) ([]store.Post, error) {
	p, err := s.protection()
	if err != nil {
		return nil, err
	}
	ps, err := p.SubjectPosts(ctx, practiceID, authorID)
	if err != nil {
		return nil, err
	}
	return s.openPosts(ps)
}

// Reseal passes through to the wrapped store: fn sees stored (sealed)
// values. Use Rekey to re-encrypt.
func (s *Store) Reseal(ctx context.Context, fn func(practiceID string, f store.Field, v []byte) ([]byte, bool, error)) (int64, error) {
	p, err := s.protection()
	if err != nil {
		return 0, err
	}
	return p.Reseal(ctx, fn)
}

// RekeyCounts says what Rekey did.
type RekeyCounts struct {
	Rekeyed   int64 // sealed under an older key, now under the newest
	Encrypted int64 // stored in the clear (written before encryption), now sealed
}

// Rekey re-encrypts every protected value not already under the ring's
// newest key, and encrypts values stored in the clear. A value under a key
// the ring lacks, or one that fails authentication, stops it with an error
// naming the key; what was done before stays done, so it can be run again.
// Once it returns, no row needs an older key.
func (s *Store) Rekey(ctx context.Context) (RekeyCounts, error) {
	var c RekeyCounts
	newest := s.ring.Newest()
	_, err := s.Reseal(ctx, func(practiceID string, f store.Field, v []byte) ([]byte, bool, error) {
		id, sealed := KeyID(v)
		if sealed && id == newest {
			return nil, false, nil
		}
		plain := v
		if sealed {
			var err error
			if plain, err = s.ring.Open(practiceID, f, v); err != nil {
				return nil, false, err
			}
		}
		out, err := s.ring.Seal(practiceID, f, plain)
		if err != nil {
			return nil, false, err
		}
		if sealed {
			c.Rekeyed++
		} else {
			c.Encrypted++
		}
		return out, true, nil
	})
	if err != nil {
		return c, fmt.Errorf("rekeying: %w", err)
	}
	return c, nil
}
