package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// publicProfile finds the practice of the path's {practice}, for the
// public pages: a practice without a loadable profile is not found.
func (s *Server) publicProfile(r *http.Request) (*profile.Profile, error) {
	pv, err := s.practice(r.Context(), r.PathValue("practice"))
	if err != nil {
		return nil, err
	}
	if pv.Profile == nil {
		return nil, fmt.Errorf("practice %s has no readable profile: %w", pv.ID, errNotFound)
	}
	return pv.Profile, nil
}

// guidanceShow serves the practice's patient social media guidance, as
// profile.Render writes it: a standalone page anyone may read and print.
func (s *Server) guidanceShow(w http.ResponseWriter, r *http.Request) {
	p, err := s.publicProfile(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := profile.Render(&buf, p, profile.FormatHTML); err != nil {
		s.staffError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// The page carries its own print styles (allowed by hash) and no scripts.
	h.Set("Content-Security-Policy", standaloneCSP(buf.Bytes()))
	w.Write(buf.Bytes())
}

// posterData is the poster's data.
type posterData struct {
	Doc      profile.Doc
	Practice string
}

// posterShow is the guidance as a poster for the waiting room: the code of
// conduct in large type, laid out to print on one sheet.
func (s *Server) posterShow(w http.ResponseWriter, r *http.Request) {
	p, err := s.publicProfile(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "poster", page{Title: p.Doc().Title, Data: posterData{Doc: p.Doc(), Practice: r.PathValue("practice")}})
}
