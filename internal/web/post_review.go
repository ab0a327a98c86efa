package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// postConfirm records that a person agrees with what Pagekeeper did.
func (s *Server) postConfirm(w http.ResponseWriter, r *http.Request, u *principal) error {
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	err = s.act(r.Context(), u, p, "confirm", store.OutcomeConfirmed, func(tx store.TxStore, _ map[string]any) error {
		return s.settleHolds(r.Context(), tx, p)
	})
	if err != nil {
		return err
	}
	done(w, r, p, "confirmed")
	return nil
}

// postHide hides a post a person decided should not be seen (a held one,
// usually): a hide action and its job.
func (s *Server) postHide(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	labels, err := s.labelsOf(ctx, p)
	if err != nil {
		return err
	}
	if p.Status != store.StatusHeld && p.Status != store.StatusVisible {
		return s.formAgain(w, r, u, p, postForm{}, fieldError{"", "This post is already out of view."})
	}
	if atRisk(labels) {
		return s.formAgain(w, r, u, p, postForm{}, fieldError{"", "Someone may be at risk: Pagekeeper never hides such a post. Escalate it instead."})
	}
	err = s.act(ctx, u, p, "hide", store.OutcomeHidden, func(tx store.TxStore, detail map[string]any) error {
		as, err := s.decide(ctx, tx, u, p, []moderation.Action{{Kind: moderation.ActionHide, Category: firstLabel(labels)}})
		if err != nil {
			return err
		}
		detail["action_id"] = as[0].ID
		return s.settleHolds(ctx, tx, p)
	})
	if err != nil {
		return err
	}
	done(w, r, p, "hidden")
	return nil
}

// postRestore puts a post back in view, with the reason a person gives:
// a hidden post gets an unhide action and its job; a held one, never
// taken down, is simply released. Both are audited as "restored".
func (s *Server) postRestore(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	switch {
	case p.Status == store.StatusDeleted:
		return s.formAgain(w, r, u, p, postForm{Reason: reason}, fieldError{"", "This post was deleted, so it cannot be restored. A copy is kept as evidence."})
	case p.Status == store.StatusVisible:
		return s.formAgain(w, r, u, p, postForm{Reason: reason}, fieldError{"", "This post is already visible."})
	case reason == "":
		return s.formAgain(w, r, u, p, postForm{Reason: reason}, fieldError{"restore-reason", "Enter why the post should be shown again"})
	}
	labels, err := s.labelsOf(ctx, p)
	if err != nil {
		return err
	}
	err = s.act(ctx, u, p, "restore", store.OutcomeRestored, func(tx store.TxStore, detail map[string]any) error {
		detail["reason"] = auditText(reason)
		restored := map[string]any{"post": p.ID, "reason": auditText(reason), "from": p.Status}
		if p.Status == store.StatusHidden {
			as, err := s.decide(ctx, tx, u, p, []moderation.Action{{Kind: jobs.ActionUnhide, Text: reason, Category: firstLabel(labels)}})
			if err != nil {
				return err
			}
			detail["action_id"], restored["action"] = as[0].ID, as[0].ID
		} else if err := tx.SetPostStatus(ctx, p.PracticeID, p.ID, store.StatusVisible); err != nil {
			return err
		}
		if err := s.settleHolds(ctx, tx, p); err != nil {
			return err
		}
		_, err := audit.Append(ctx, tx, audit.Record{Time: s.cfg.Now(), PracticeID: p.PracticeID, Kind: store.AuditRestored,
			Subject: fmt.Sprintf("post:%d", p.ID), Actor: u.Actor(), Detail: restored})
		return err
	})
	if err != nil {
		return err
	}
	done(w, r, p, "restored")
	return nil
}

// postFeedback records that a finding was wrong ("not a breach"), per
// category, for the detectors' error reports. It changes nothing on the
// platform: restoring is a separate, deliberate step.
func (s *Server) postFeedback(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	ds, err := s.staff.Store.DecisionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return err
	}
	last, ok := latestJudgement(ds)
	cat := moderation.Category(r.PostFormValue("category"))
	if !ok || !slices.Contains(last.Labels, cat) {
		return fmt.Errorf("feedback on category %q: %w", cat, errBadForm)
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	err = s.act(ctx, u, p, "not_a_breach", store.OutcomeNotABreach, func(tx store.TxStore, detail map[string]any) error {
		f := store.Feedback{PracticeID: p.PracticeID, PostID: p.ID, DecisionID: last.ID, Category: cat,
			Verdict: store.VerdictNotABreach, UserID: u.User.ID, Note: note, CreatedAt: s.cfg.Now()}
		if err := tx.AddFeedback(ctx, &f); err != nil {
			return err
		}
		detail["feedback"], detail["category"], detail["decision"] = f.ID, cat, last.ID
		return s.settleHolds(ctx, tx, p)
	})
	if err != nil {
		return err
	}
	done(w, r, p, "not_a_breach")
	return nil
}
