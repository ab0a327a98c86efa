package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// postAssign assigns the post to one of the practice's staff, or to nobody.
func (s *Server) postAssign(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostFormValue("user"), 10, 64)
	if err != nil || id < 0 {
		return fmt.Errorf("assigning to %q: %w", r.PostFormValue("user"), errBadForm)
	}
	if id != 0 {
		users, err := s.staff.Store.ListUsers(ctx, p.PracticeID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(users, func(su store.User) bool { return su.ID == id }) {
			return fmt.Errorf("assigning to user %d, not of practice %s: %w", id, p.PracticeID, errBadForm)
		}
	}
	err = s.act(ctx, u, p, "assign", "", func(tx store.TxStore, detail map[string]any) error {
		detail["assigned_to"] = id
		return tx.AssignPost(ctx, p.PracticeID, p.ID, id, s.cfg.Now())
	})
	if err != nil {
		return err
	}
	done(w, r, p, "assigned")
	return nil
}
