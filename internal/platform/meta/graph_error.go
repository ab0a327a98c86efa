package meta

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// ErrPolicyBlock means Meta has temporarily blocked the app for a policy
// breach (code 368). It is deliberately not retryable: automation must stop
// and a person must look.
var ErrPolicyBlock = errors.New("meta has blocked the app for a policy breach; a person must look")

// GraphError is an error body from the Graph API. It unwraps to the
// platform error it maps to (ErrAuth, ErrPermission, ErrGone, ErrPolicyBlock),
// when there is one. Message is Meta's own text, which never quotes user content.
type GraphError struct {
	Status    int    // the HTTP status
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode"`
	Type      string `json:"type"`
	Message   string `json:"message"`
	Transient bool   `json:"is_transient"`
	TraceID   string `json:"fbtrace_id"`
	kind      error
}

func (e *GraphError) Error() string {
	return fmt.Sprintf("graph error %d/%d (HTTP %d, %s): %s", e.Code, e.Subcode, e.Status, e.Type, truncate(e.Message, 200))
}

// Unwrap returns the platform error e maps to, or nil.
func (e *GraphError) Unwrap() error { return e.kind }

// Rate-limit codes (§2.8): app, user, Pages with a user token, Page BUC,
// Instagram BUC, and a custom endpoint limit.
func isRateLimit(code int) bool {
	switch code {
	case 4, 17, 32, 80001, 80002, 613:
		return true
	}
	return false
}

// MapError turns a failed Graph response into a platform error, deciding on
// the JSON code rather than the HTTP status:
//
//	190                         → ErrAuth
//	10, 200–299                 → ErrPermission
//	100 with subcode 33, and 33 → ErrGone
//	4, 17, 32, 80001, 80002, 613 → *platform.RateLimitError (RetryAt from the usage headers)
//	1, 2, 341, is_transient, HTTP 5xx without a body → *platform.TemporaryError
//	368                         → ErrPolicyBlock (not retryable)
//
// Anything else is a *GraphError that is not retryable.
func MapError(status int, h http.Header, body []byte, now time.Time) error {
	var wrapper struct {
		Error *GraphError `json:"error"`
	}
	if err := json.Unmarshal(body, &wrapper); err != nil || wrapper.Error == nil {
		ge := &GraphError{Status: status, Message: http.StatusText(status)}
		if status >= 500 || status == http.StatusTooManyRequests {
			return &platform.TemporaryError{Err: ge}
		}
		if status == http.StatusUnauthorized {
			ge.kind = platform.ErrAuth
		}
		return ge
	}
	ge := wrapper.Error
	ge.Status = status
	switch c := ge.Code; {
	case c == 190:
		ge.kind = platform.ErrAuth
	case c == 10 || (c >= 200 && c <= 299):
		ge.kind = platform.ErrPermission
	case c == 33 || (c == 100 && ge.Subcode == 33):
		ge.kind = platform.ErrGone
	case isRateLimit(c):
		return &platform.RateLimitError{RetryAt: RetryAt(h, now), Detail: ge.Error()}
	case c == 368:
		ge.kind = ErrPolicyBlock
	case c == 1 || c == 2 || c == 341 || ge.Transient || status >= 500:
		return &platform.TemporaryError{Err: ge}
	}
	return ge
}

// AppUsageBackoff is how long to wait when X-App-Usage shows a limit reached
// but says nothing of when it lifts: Meta's guidance is to start at 5 minutes.
const AppUsageBackoff = 5 * time.Minute

// RetryAt reads when calls may resume from X-Business-Use-Case-Usage (the
// largest estimated_time_to_regain_access, in minutes), or failing that
// from X-App-Usage (AppUsageBackoff when any figure is at 100%). Zero means
// the headers do not say.
func RetryAt(h http.Header, now time.Time) time.Time {
	if v := h.Get("X-Business-Use-Case-Usage"); v != "" {
		var usage map[string][]struct {
			Minutes float64 `json:"estimated_time_to_regain_access"`
		}
		if json.Unmarshal([]byte(v), &usage) == nil {
			var most float64
			for _, entries := range usage {
				for _, e := range entries {
					most = max(most, e.Minutes)
				}
			}
			if most > 0 && most < 7*24*60 {
				return now.Add(time.Duration(most * float64(time.Minute)))
			}
		}
	}
	if v := h.Get("X-App-Usage"); v != "" {
		var usage map[string]float64
		if json.Unmarshal([]byte(v), &usage) == nil {
			for _, pct := range usage {
				if pct >= 100 {
					return now.Add(AppUsageBackoff)
				}
			}
		}
	}
	return time.Time{}
}
