package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// maxTries is how often a staff action is tried when another writer took
// the audit log's next sequence number first.
const maxTries = 3

// act records a staff action on post p in one transaction: fn's changes,
// the review outcome (if any) and an audit entry "staff_action" naming the
// user, with fn's additions to detail. Nothing is half done.
func (s *Server) act(ctx context.Context, u *principal, p store.Post, name, outcome string, fn func(tx store.TxStore, detail map[string]any) error) error {
	var err error
	for try := 1; try <= maxTries; try++ {
		err = s.staff.Store.WithTx(ctx, func(tx store.TxStore) error {
			now := s.cfg.Now()
			detail := map[string]any{"action": name, "post": p.ID, "user": u.User.ID}
			if err := fn(tx, detail); err != nil {
				return err
			}
			if outcome != "" {
				if err := tx.MarkReviewed(ctx, p.PracticeID, p.ID, u.User.ID, outcome, now); err != nil {
					return err
				}
				detail["outcome"] = outcome
			}
			_, err := audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: p.PracticeID, Kind: store.AuditStaffAction,
				Subject: fmt.Sprintf("post:%d", p.ID), Actor: u.Actor(), Detail: detail})
			return err
		})
		if !errors.Is(err, store.ErrDuplicate) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("recording %s of post %d: %w", name, p.ID, err)
	}
	s.log.InfoContext(ctx, "staff action", "action", name, "post", p.ID, "user", u.User.ID)
	return nil
}

// errNoQueue means a staff action needs a job but the server has no queue.
var errNoQueue = errors.New("no job queue to carry out the action")

// decide records a person's decision to take actions on p, inside tx: a
// decision keeping the latest judgement (its labels and findings, so the
// safeguarding lock and the incident report still see them), its actions,
// and a job for each. It returns the stored actions.
func (s *Server) decide(ctx context.Context, tx store.TxStore, u *principal, p store.Post, acts []moderation.Action) ([]store.Action, error) {
	if s.staff.Queue == nil {
		return nil, errNoQueue
	}
	now := s.cfg.Now()
	ds, err := tx.DecisionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return nil, err
	}
	d := store.Decision{PracticeID: p.PracticeID, PostID: p.ID, Actions: acts, DecidedBy: u.Actor(), DecidedAt: now}
	if last, ok := latestJudgement(ds); ok {
		d.Labels, d.Findings = last.Labels, last.Findings
	}
	if err := tx.InsertDecision(ctx, &d); err != nil {
		return nil, err
	}
	var out []store.Action
	for _, a := range acts {
		sa := store.ActionFromDomain(d, a, now)
		sa.State = store.ActionPending // a person decided: carried out even in shadow mode
		if err := tx.InsertAction(ctx, &sa); err != nil {
			return nil, err
		}
		if _, err := s.staff.Queue.InsertTx(ctx, tx, jobs.JobFor(sa)); err != nil {
			return nil, err
		}
		out = append(out, sa)
	}
	return out, nil
}

// settleHolds marks the post's holds waiting for a person as done: a
// person has now looked.
func (s *Server) settleHolds(ctx context.Context, tx store.TxStore, p store.Post) error {
	as, err := tx.ActionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.Kind == moderation.ActionHold && a.State == store.ActionPending {
			if err := tx.UpdateAction(ctx, p.PracticeID, a.ID, store.ActionUpdate{State: store.ActionDone, Attempts: a.Attempts, DoneAt: s.cfg.Now()}); err != nil {
				return err
			}
		}
	}
	return nil
}

// labelsOf returns the latest decision's labels on p.
func (s *Server) labelsOf(ctx context.Context, p store.Post) ([]moderation.Category, error) {
	ds, err := s.staff.Store.DecisionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return nil, err
	}
	if last, ok := latestJudgement(ds); ok {
		return last.Labels, nil
	}
	return nil, nil
}

// atRisk reports whether the post was judged to show someone may be at
// risk: such a post is never hidden or deleted.
func atRisk(labels []moderation.Category) bool {
	return slices.Contains(labels, moderation.Safeguarding)
}

// firstLabel is the category an action taken on the post is for.
func firstLabel(labels []moderation.Category) moderation.Category {
	if len(labels) == 0 {
		return ""
	}
	return labels[0]
}

// formAgain shows the item page again with the errors of its form and
// what was typed, status 400.
func (s *Server) formAgain(w http.ResponseWriter, r *http.Request, u *principal, p store.Post, form postForm, errs ...fieldError) error {
	d, err := s.postData(r.Context(), u, p)
	if err != nil {
		return err
	}
	d.Form = form
	s.showPost(w, r, http.StatusBadRequest, d, errs)
	return nil
}

// done sends the browser back to the post with a confirmation.
func done(w http.ResponseWriter, r *http.Request, p store.Post, what string) {
	http.Redirect(w, r, fmt.Sprintf("/posts/%d?done=%s", p.ID, what), http.StatusSeeOther)
}

// auditText is staff-written text as the audit log keeps it: at most
// audit.MaxDetailString bytes, cut on a character boundary. The full text
// is kept with the record it explains.
func auditText(s string) string {
	if len(s) <= audit.MaxDetailString {
		return s
	}
	cut := audit.MaxDetailString - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// isNotFound reports whether err is the store's not found.
func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
