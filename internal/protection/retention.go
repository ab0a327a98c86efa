// Package protection carries out Pagekeeper's data-protection duties on a
// store: retention limits per kind of data (Purge), and a poster's
// subject-access export and erasure (Export, Erase). Every run that removes
// something writes an audit entry with counts and ids, never what anyone
// wrote; the audit log itself is never purged, and its chain still verifies
// after any purge because its entries hold no protected field.
package protection

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Day is 24 hours, the unit limits are written in.
const Day = 24 * time.Hour

// Limits says how long each kind of data is kept, counted from when
// Pagekeeper received the post (captured the evidence, signed the user in,
// saw the delivery). A zero limit keeps that kind for ever.
type Limits struct {
	// PostContent: the text, raw payload, author name, media links and
	// earlier versions of a post, and the reasons of its findings (which
	// quote it). The post's skeleton (ids, times, status, categories,
	// actions) stays until Decisions.
	PostContent time.Duration
	// Evidence: copies kept before an irreversible action, and stripped photos.
	Evidence time.Duration
	// Decisions: the skeleton of a post (its row, decisions, findings,
	// actions, reviews, feedback); removing it removes what is left of the
	// post, its evidence included.
	Decisions time.Duration
	// Sessions: staff sign-in sessions, by last use and by sign-in.
	Sessions time.Duration
	// Dedupe: webhook delivery keys.
	Dedupe time.Duration
}

// DefaultLimits are the limits docs/security-encryption.md explains:
// post content 400 days (the 12 months in which an NHS complaint may be
// made, and a month to act on it), evidence and decisions 6 years (the
// Limitation Act 1980's period for harassment and most civil claims),
// sessions 30 days, dedupe keys 7 days (Meta retries for 36 hours).
func DefaultLimits() Limits {
	return Limits{
		PostContent: 400 * Day,
		Evidence:    6 * 365 * Day,
		Decisions:   6 * 365 * Day,
		Sessions:    30 * Day,
		Dedupe:      7 * Day,
	}
}

// Validate reports a negative limit, or a Decisions limit shorter than
// PostContent or Evidence (removing a post's skeleton removes its content
// and evidence, so it would cut them short).
func (l Limits) Validate() error {
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"post_content", l.PostContent}, {"evidence", l.Evidence}, {"decisions", l.Decisions},
		{"sessions", l.Sessions}, {"dedupe", l.Dedupe}} {
		if f.d < 0 {
			return fmt.Errorf("retention limit %s is negative (%v)", f.name, f.d)
		}
	}
	if l.Decisions > 0 {
		if l.PostContent == 0 || l.PostContent > l.Decisions {
			return fmt.Errorf("retention limit decisions (%s) is shorter than post_content (%s): removing a post's decisions removes its content too", days(l.Decisions), days(l.PostContent))
		}
		if l.Evidence == 0 || l.Evidence > l.Decisions {
			return fmt.Errorf("retention limit decisions (%s) is shorter than evidence (%s): removing a post's decisions removes its evidence too", days(l.Decisions), days(l.Evidence))
		}
	}
	return nil
}

func days(d time.Duration) string {
	if d == 0 {
		return "for ever"
	}
	return fmt.Sprintf("%d days", d/Day)
}

// PracticeCounts is what one practice lost in a run.
type PracticeCounts struct {
	PostContent int64 `json:"post_content"` // posts whose content was blanked
	Evidence    int64 `json:"evidence"`     // evidence and photo rows deleted
	Decisions   int64 `json:"decisions"`    // posts removed with their decisions
}

func (c PracticeCounts) zero() bool { return c == PracticeCounts{} }

// Counts is what a Purge run removed.
type Counts struct {
	Practices  map[string]PracticeCounts // only practices that lost something
	Sessions   int64
	DedupeKeys int64
}

// Actor is the audit actor of retention runs.
const Actor = "retention"

// Purge removes every kind of data older than its limit at now: for each
// practice the post content, evidence and decisions, then expired sessions
// and dedupe keys service-wide. It writes one audit entry (kind "purged")
// to each practice's chain that lost something, with the counts and the
// limits in days. Purges commit in batches; a failed run leaves what it
// removed removed, and the next run carries on.
func Purge(ctx context.Context, st store.ProtectedStore, limits Limits, now time.Time) (Counts, error) {
	c := Counts{Practices: map[string]PracticeCounts{}}
	if err := limits.Validate(); err != nil {
		return c, fmt.Errorf("purging: %w", err)
	}
	practices, err := st.ListPractices(ctx)
	if err != nil {
		return c, fmt.Errorf("purging: %w", err)
	}
	var errs []error
	for _, p := range practices {
		pc, err := purgePractice(ctx, st, p.ID, limits, now)
		if !pc.zero() {
			c.Practices[p.ID] = pc
			if aerr := appendAudit(ctx, st, audit.Record{Time: now, PracticeID: p.ID, Kind: store.AuditPurged,
				Subject: "retention", Actor: Actor, Detail: map[string]any{
					"post_content": pc.PostContent, "evidence": pc.Evidence, "decisions": pc.Decisions,
					"limit_days": map[string]int64{"post_content": int64(limits.PostContent / Day),
						"evidence": int64(limits.Evidence / Day), "decisions": int64(limits.Decisions / Day)},
				}}); aerr != nil {
				err = errors.Join(err, aerr)
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("practice %s: %w", p.ID, err))
		}
	}
	if limits.Sessions > 0 {
		cut := now.Add(-limits.Sessions)
		n, err := st.DeleteExpiredSessions(ctx, cut, cut)
		c.Sessions = n
		if err != nil {
			errs = append(errs, err)
		}
	}
	if limits.Dedupe > 0 {
		n, err := st.ForgetSeenBefore(ctx, now.Add(-limits.Dedupe))
		c.DedupeKeys = n
		if err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return c, fmt.Errorf("purging: %w", err)
	}
	return c, nil
}

func purgePractice(ctx context.Context, st store.ProtectedStore, practiceID string, l Limits, now time.Time) (PracticeCounts, error) {
	var c PracticeCounts
	var err error
	if l.Decisions > 0 {
		if c.Decisions, err = st.PurgeDecisions(ctx, practiceID, now.Add(-l.Decisions)); err != nil {
			return c, err
		}
	}
	if l.Evidence > 0 {
		if c.Evidence, err = st.PurgeEvidence(ctx, practiceID, now.Add(-l.Evidence)); err != nil {
			return c, err
		}
	}
	if l.PostContent > 0 {
		if c.PostContent, err = st.PurgePostContent(ctx, practiceID, now.Add(-l.PostContent)); err != nil {
			return c, err
		}
	}
	return c, nil
}

// appendAudit appends r in its own transaction, retrying when a concurrent
// writer took the sequence number.
func appendAudit(ctx context.Context, st store.Store, r audit.Record) error {
	var err error
	for range 5 {
		err = st.WithTx(ctx, func(tx store.TxStore) error {
			_, err := audit.Append(ctx, tx, r)
			return err
		})
		if !errors.Is(err, store.ErrDuplicate) {
			return err
		}
	}
	return err
}
