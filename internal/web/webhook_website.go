package web

import (
	"net/http"

	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/wordpress"
)

// websiteReceive takes our own signed webhook from a practice's website
// (platforms.md §7.6 b; the wire format is in package wordpress).
func (s *Server) websiteReceive(w http.ResponseWriter, r *http.Request) {
	start := s.cfg.Now()
	result := s.websiteHandle(w, r)
	s.cfg.Metrics.Webhook("website", result, s.cfg.Now().Sub(start))
}

func (s *Server) websiteHandle(w http.ResponseWriter, r *http.Request) string {
	p, ok := s.byID[r.PathValue("practice")]
	if !ok || len(p.WebsiteSecret) == 0 {
		return s.fail(w, r, "website", errNotFound)
	}
	body, err := wordpress.ReadWebsite(r, p.WebsiteSecret, s.cfg.Now())
	if err != nil {
		return s.fail(w, r, "website", err)
	}
	events, err := wordpress.ParseWebsite(body, p.ID)
	if err != nil {
		return s.fail(w, r, "website", malformed(err))
	}
	if err := s.ingestAll(r.Context(), events, func(platform.Event) (*Practice, error) { return p, nil }); err != nil {
		return s.fail(w, r, "website", err)
	}
	w.WriteHeader(http.StatusOK)
	return "ok"
}
