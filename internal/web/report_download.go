package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/pagekeeper/pagekeeper/internal/report"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// reportDownload sends the post's incident report (internal/report) as a
// printable HTML file, and records the download in the audit log: the
// report carries patient text out of Pagekeeper.
func (s *Server) reportDownload(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	pv, err := s.practice(ctx, p.PracticeID)
	if err != nil {
		return err
	}
	rep, err := report.Build(ctx, s.staff.Store, pv.Profile, p.PracticeID, p.ID, s.cfg.Now())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rep.WriteHTML(&buf); err != nil {
		return err
	}
	if err := s.act(ctx, u, p, "report_downloaded", "", func(store.TxStore, map[string]any) error { return nil }); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="incident-report-post-%d.html"`, p.ID))
	h.Set("Cache-Control", "no-store")
	// The report is a standalone page with its own print styles (allowed by hash).
	h.Set("Content-Security-Policy", standaloneCSP(buf.Bytes()))
	w.Write(buf.Bytes())
	return nil
}
