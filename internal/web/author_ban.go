package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// historyLimit is how many of a poster's posts the item page lists.
const historyLimit = 20

// authorHistory fills in the poster's posts on this practice's pages (on
// the same channel, by author id) and any page bans recorded for them.
func (s *Server) authorHistory(ctx context.Context, d *postData, p store.Post) error {
	if p.AuthorID == "" {
		return nil
	}
	st := s.staff.Store
	posts, err := st.PostsByAuthor(ctx, p.PracticeID, p.Channel, p.AuthorID, historyLimit)
	if err != nil {
		return err
	}
	for _, hp := range posts {
		row := historyRow{ID: hp.ID, Received: hp.ReceivedAt, Excerpt: excerpt(hp.Text, 100), Status: hp.Status, This: hp.ID == p.ID}
		if row.Labels, err = s.labelsOf(ctx, hp); err != nil {
			return err
		}
		d.History = append(d.History, row)
	}
	bans, err := st.PageBans(ctx, p.PracticeID, p.Channel, p.AuthorID)
	if err != nil {
		return err
	}
	names := &userNames{s: s, ctx: ctx, known: map[string]string{}}
	for _, b := range bans {
		d.Bans = append(d.Bans, banRow{By: names.of(fmt.Sprintf("user:%d", b.DecidedBy)), Reason: b.Reason, At: b.DecidedAt})
	}
	return nil
}

// authorBan records a person's decision to ban the post's author from the
// practice's page on its channel. Pagekeeper never bans anyone itself, and
// has no platform call for it: staff ban them on the platform.
func (s *Server) authorBan(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	if p.AuthorID == "" {
		return fmt.Errorf("banning the unknown author of post %d: %w", p.ID, errBadForm)
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		return s.formAgain(w, r, u, p, postForm{}, fieldError{"ban-reason", "Enter why you are banning this poster"})
	}
	err = s.act(ctx, u, p, "page_ban", "", func(tx store.TxStore, detail map[string]any) error {
		b := store.PageBan{PracticeID: p.PracticeID, Channel: p.Channel, AuthorID: p.AuthorID, AuthorName: p.AuthorName,
			PostID: p.ID, Reason: reason, DecidedBy: u.User.ID, DecidedAt: s.cfg.Now()}
		if err := tx.AddPageBan(ctx, &b); err != nil {
			return err
		}
		detail["ban"], detail["channel"], detail["reason"] = b.ID, p.Channel, auditText(reason)
		return nil
	})
	if err != nil {
		return err
	}
	done(w, r, p, "banned")
	return nil
}
