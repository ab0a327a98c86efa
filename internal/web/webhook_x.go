package web

import (
	"fmt"
	"net/http"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/x"
)

// xCRC answers X's challenge-response check (platforms.md §4.3).
func (s *Server) xCRC(w http.ResponseWriter, r *http.Request) {
	if len(s.cfg.XConsumerSecret) == 0 {
		http.NotFound(w, r)
		return
	}
	x.ServeCRC(w, r, string(s.cfg.XConsumerSecret))
}

// xReceive takes an Account Activity delivery, checked against
// x-twitter-webhooks-signature before it is parsed.
func (s *Server) xReceive(w http.ResponseWriter, r *http.Request) {
	start := s.cfg.Now()
	result := s.xHandle(w, r)
	s.cfg.Metrics.Webhook("x", result, s.cfg.Now().Sub(start))
}

func (s *Server) xHandle(w http.ResponseWriter, r *http.Request) string {
	if len(s.cfg.XConsumerSecret) == 0 {
		return s.fail(w, r, "x", errNotFound)
	}
	body, err := x.ReadWebhook(r, s.cfg.XConsumerSecret)
	if err != nil {
		return s.fail(w, r, "x", err)
	}
	events, perr := x.ParseEvents(body)
	find := func(ev platform.Event) (*Practice, error) {
		p, ok := s.practiceFor(moderation.X, ev.Ref.PageID)
		if !ok {
			return nil, fmt.Errorf("x account %s: %w", ev.Ref.PageID, errNotFound)
		}
		return p, nil
	}
	if err := s.ingestAll(r.Context(), events, find); err != nil {
		return s.fail(w, r, "x", err)
	}
	if perr != nil {
		return s.fail(w, r, "x", malformed(perr))
	}
	w.WriteHeader(http.StatusOK)
	return "ok"
}
