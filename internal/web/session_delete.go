package web

import "net/http"

// sessionDelete signs the user out.
func (s *Server) sessionDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.end(r.Context(), w, r); err != nil {
		s.staffError(w, r, err)
		return
	}
	http.Redirect(w, r, "/login?signed_out=1", http.StatusSeeOther)
}
