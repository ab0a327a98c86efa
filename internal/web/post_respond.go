package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// postReply answers a post publicly with one of the practice's templates.
func (s *Server) postReply(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	pv, err := s.practice(ctx, p.PracticeID)
	if err != nil {
		return err
	}
	key := r.PostFormValue("template")
	if pv.Profile == nil {
		return fmt.Errorf("reply: practice %s has no readable profile: %w", p.PracticeID, errBadForm)
	}
	text := replyText(pv.Profile, key)
	if text == "" {
		return fmt.Errorf("reply template %q: %w", key, errBadForm)
	}
	cat := moderation.Category(key)
	if key == "urgent" {
		cat = moderation.Safeguarding
	}
	err = s.act(ctx, u, p, "reply", store.OutcomeReplied, func(tx store.TxStore, detail map[string]any) error {
		as, err := s.decide(ctx, tx, u, p, []moderation.Action{{Kind: moderation.ActionReply, Text: text, Category: cat}})
		if err != nil {
			return err
		}
		detail["action_id"], detail["template"] = as[0].ID, key
		return s.settleHolds(ctx, tx, p)
	})
	if err != nil {
		return err
	}
	done(w, r, p, "replied")
	return nil
}

// postEscalate tells a role at the practice about the post now.
func (s *Server) postEscalate(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	pv, err := s.practice(ctx, p.PracticeID)
	if err != nil {
		return err
	}
	rl := r.PostFormValue("role")
	if pv.Profile == nil || !slices.ContainsFunc(escalationRoles(pv.Profile), func(o option) bool { return o.Value == rl }) {
		return fmt.Errorf("escalation role %q: %w", rl, errBadForm)
	}
	labels, err := s.labelsOf(ctx, p)
	if err != nil {
		return err
	}
	err = s.act(ctx, u, p, "escalate", store.OutcomeEscalated, func(tx store.TxStore, detail map[string]any) error {
		as, err := s.decide(ctx, tx, u, p, []moderation.Action{{Kind: moderation.ActionEscalate, Role: rl,
			Category: firstLabel(labels), Urgent: atRisk(labels)}})
		if err != nil {
			return err
		}
		detail["action_id"], detail["role"] = as[0].ID, rl
		return nil
	})
	if err != nil {
		return err
	}
	done(w, r, p, "escalated")
	return nil
}

// postDelete deletes a post through the delete job, which keeps a copy as
// evidence first. A post where someone may be at risk is never deleted.
func (s *Server) postDelete(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	labels, err := s.labelsOf(ctx, p)
	if err != nil {
		return err
	}
	switch {
	case p.Status == store.StatusDeleted:
		return s.formAgain(w, r, u, p, postForm{}, fieldError{"", "This post is already deleted."})
	case atRisk(labels):
		return s.formAgain(w, r, u, p, postForm{}, fieldError{"", "Someone may be at risk: Pagekeeper never deletes such a post. Escalate it instead."})
	case r.PostFormValue("confirm") != "yes":
		return s.formAgain(w, r, u, p, postForm{}, fieldError{"delete-confirm", "Tick the box to say you understand deleting cannot be undone"})
	}
	err = s.act(ctx, u, p, "delete", store.OutcomeDeleted, func(tx store.TxStore, detail map[string]any) error {
		as, err := s.decide(ctx, tx, u, p, []moderation.Action{{Kind: moderation.ActionDelete, Category: firstLabel(labels)}})
		if err != nil {
			return err
		}
		detail["action_id"] = as[0].ID
		return s.settleHolds(ctx, tx, p)
	})
	if err != nil {
		return err
	}
	done(w, r, p, "deleted")
	return nil
}
