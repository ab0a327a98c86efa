package web

import (
	"errors"
	"net/http"
)

// maxFormBytes caps a staff form's body. The largest form, a practice's
// settings with its staff directory, is a few KiB.
const maxFormBytes = 256 << 10

// limitForm reads a posted form before h runs, at most maxFormBytes of it:
// a longer body is answered 413 and h never runs, so nothing is stored; a
// body that is not a form is 400. (Handlers read fields with
// PostFormValue, which would swallow either error and see an empty form.)
func (s *Server) limitForm(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			h.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			var tooBig *http.MaxBytesError
			code, title, msg := http.StatusBadRequest, "Sorry, that did not work", "The form could not be read. Go back and try again. Nothing has been changed."
			if errors.As(err, &tooBig) {
				code, title, msg = http.StatusRequestEntityTooLarge, "The form is too large", "What you sent is more than Pagekeeper accepts in one form. Make it shorter and try again. Nothing has been changed."
			}
			s.log.InfoContext(r.Context(), "form refused", "route", r.Pattern, "status", code)
			s.render(w, r, code, "error", page{Title: title, Data: errorData{Message: msg, Next: &link{Href: "/queue", Text: "Go to the review queue"}}})
			return
		}
		h.ServeHTTP(w, r)
	})
}
