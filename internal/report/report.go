// Package report writes the incident report for a post: what was posted,
// what Pagekeeper found and under which clause of the practice's guidance,
// what it did and when, the evidence kept with its hashes, and the post's
// audit trail with the result of verifying the practice's chain. The
// guidance says posts that break its code of conduct are "reported"
// (clause 4) and that defamatory comments may be referred for legal advice
// (clause 8); this is the record those steps rest on.
//
// The report is a single HTML page that prints cleanly, so staff can keep
// it as a PDF with their own browser; no server-side PDF engine is needed.
package report

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Source is what Build reads from the store.
type Source interface {
	Post(ctx context.Context, practiceID string, id int64) (store.Post, error)
	DecisionsForPost(ctx context.Context, practiceID string, postID int64) ([]store.Decision, error)
	ActionsForPost(ctx context.Context, practiceID string, postID int64) ([]store.Action, error)
	EvidenceForPost(ctx context.Context, practiceID string, postID int64) ([]store.Evidence, error)
	AuditEntries(ctx context.Context, practiceID string, afterSeq int64, limit int) ([]store.AuditEntry, error)
}

// Chain is the result of verifying the practice's whole audit chain when
// the report was made.
type Chain struct {
	Entries int64      // entries checked
	Head    audit.Head // the newest entry, if the chain verified
	// Err is nil if the chain verified, else the *audit.VerifyError for
	// the first bad entry.
	Err error
}

// Report is everything an incident report shows.
type Report struct {
	PracticeID  string
	Profile     *profile.Profile // the practice's name and the wording of its guidance
	Post        store.Post
	Decisions   []store.Decision // oldest first
	Actions     []store.Action
	Evidence    []store.Evidence
	Audit       []store.AuditEntry // the entries about the post and its actions, in seq order
	Chain       Chain
	GeneratedAt time.Time
}

// pageSize is how many audit entries Build reads at a time.
const pageSize = 500

// Build gathers the report for the practice's post. It returns
// store.ErrNotFound (wrapped) if the post is not the practice's. A broken
// audit chain is not an error: the report says so.
func Build(ctx context.Context, src Source, p *profile.Profile, practiceID string, postID int64, now time.Time) (*Report, error) {
	r := &Report{PracticeID: practiceID, Profile: p, GeneratedAt: now}
	var err error
	if r.Post, err = src.Post(ctx, practiceID, postID); err != nil {
		return nil, fmt.Errorf("reading post %d: %w", postID, err)
	}
	if r.Decisions, err = src.DecisionsForPost(ctx, practiceID, postID); err != nil {
		return nil, fmt.Errorf("reading decisions: %w", err)
	}
	if r.Actions, err = src.ActionsForPost(ctx, practiceID, postID); err != nil {
		return nil, fmt.Errorf("reading actions: %w", err)
	}
	if r.Evidence, err = src.EvidenceForPost(ctx, practiceID, postID); err != nil {
		return nil, fmt.Errorf("reading evidence: %w", err)
	}
	if err := r.readAudit(ctx, src); err != nil {
		return nil, err
	}
	return r, nil
}

// readAudit walks the practice's chain once, verifying it and keeping the
// entries about the post.
func (r *Report) readAudit(ctx context.Context, src Source) error {
	about := map[string]bool{"post:" + strconv.FormatInt(r.Post.ID, 10): true}
	for _, d := range r.Decisions {
		about["decision:"+strconv.FormatInt(d.ID, 10)] = true
	}
	for _, a := range r.Actions {
		about["action:"+strconv.FormatInt(a.ID, 10)] = true
	}
	for _, e := range r.Evidence {
		about["evidence:"+strconv.FormatInt(e.ID, 10)] = true
	}
	c := audit.Chain{PracticeID: r.PracticeID}
	var after int64
	for {
		page, err := src.AuditEntries(ctx, r.PracticeID, after, pageSize)
		if err != nil {
			return fmt.Errorf("reading audit log: %w", err)
		}
		for _, e := range page {
			if r.Chain.Err == nil {
				if err := c.Next(e); err != nil {
					r.Chain.Err = err
				} else {
					r.Chain.Entries++
				}
			}
			if about[e.Subject] {
				r.Audit = append(r.Audit, e)
			}
			after = e.Seq
		}
		if len(page) < pageSize {
			break
		}
	}
	if r.Chain.Err == nil {
		r.Chain.Head = c.Head()
	}
	return nil
}

// Latest returns the newest decision, whose findings judged the post's
// current text, or false if there is none.
func (r *Report) Latest() (store.Decision, bool) {
	if len(r.Decisions) == 0 {
		return store.Decision{}, false
	}
	return r.Decisions[len(r.Decisions)-1], true
}

// ReportedClauses returns the clauses of the guidance that call for a
// report which the latest decision's findings fall under: "4" (the code of
// conduct: "the post reported") and "8" (defamation), in that order.
func (r *Report) ReportedClauses() []moderation.Clause {
	d, ok := r.Latest()
	if !ok {
		return nil
	}
	var out []moderation.Clause
	for _, c := range []moderation.Clause{moderation.ClauseConduct, moderation.ClauseDefamation} {
		for _, f := range d.Findings {
			if f.Clause == c || (f.Clause == "" && f.Category.Clause() == c) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// BadSeq returns the sequence number of the first bad audit entry, or 0.
func (c Chain) BadSeq() int64 {
	var ve *audit.VerifyError
	if errors.As(c.Err, &ve) {
		return ve.Seq
	}
	return 0
}
