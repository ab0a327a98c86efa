package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/wordpress"
	"github.com/pagekeeper/pagekeeper/internal/platform/x"
)

// Errors the handlers return for status to map.
var (
	// errNotFound: no such route target (an unknown practice, a webhook
	// that is not configured).
	errNotFound = errors.New("not found")
	// errBadForm: a staff form that no page of ours sends (a missing or
	// malformed field that the page would have offered).
	errBadForm = errors.New("malformed form")
)

// malformedError is a body that cannot be read as its platform's payload.
// Its message is safe to send back: it names the fault, not the text.
type malformedError struct{ err error }

func (e *malformedError) Error() string { return e.err.Error() }
func (e *malformedError) Unwrap() error { return e.err }

func malformed(err error) error { return &malformedError{err: err} }

// status maps an error to the HTTP status and the message the caller (a
// platform, a monitoring probe) sees, and the webhook result label. It is
// the one place that decides what an error means to a client.
//
//   - a missing, wrong or stale signature is 401: the platform should not
//     retry, and nothing was stored;
//   - a body over the limit is 413;
//   - a body that is not its platform's payload is 400, with the reason;
//   - an unknown practice or an unconfigured webhook is 404, and so is a
//     staff page's post of another practice (its existence is not shown);
//   - a staff action the user's role does not allow is 403;
//   - a staff form no page of ours would send is 400;
//   - anything else (the store failed) is 503, so the platform retries and
//     the dedupe key makes the retry harmless.
func status(err error) (code int, msg, result string) {
	var me *malformedError
	switch {
	case errors.Is(err, meta.ErrNoSignature), errors.Is(err, meta.ErrBadSignature),
		errors.Is(err, x.ErrNoSignature), errors.Is(err, x.ErrBadSignature),
		errors.Is(err, wordpress.ErrNoSignature), errors.Is(err, wordpress.ErrBadSignature), errors.Is(err, wordpress.ErrStale):
		return http.StatusUnauthorized, "signature missing, wrong or stale", "bad_signature"
	case errors.Is(err, platform.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, "body too large", "too_large"
	case errors.As(err, &me):
		return http.StatusBadRequest, fmt.Sprintf("malformed webhook body: %v", me.err), "malformed"
	case errors.Is(err, errNotFound):
		return http.StatusNotFound, "not found", "not_found"
	case errors.Is(err, errForbidden):
		return http.StatusForbidden, "forbidden", "forbidden"
	case errors.Is(err, errBadForm):
		return http.StatusBadRequest, "malformed form", "malformed"
	default:
		return http.StatusServiceUnavailable, "could not store the event; retry later", "error"
	}
}

// fail answers r with err's status and logs it. Error text never carries
// patient text: adapters and the store describe faults, not content.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, route string, err error) string {
	code, msg, result := status(err)
	lvl := slog.LevelInfo
	if code >= 500 {
		lvl = slog.LevelError
	}
	s.log.Log(r.Context(), lvl, "webhook refused", "route", route, "status", code, "err", err)
	http.Error(w, msg, code)
	return result
}
