package meta

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform"
)

func TestMapError(t *testing.T) {
	now := time.Unix(1763712000, 0)
	buc := http.Header{"X-Business-Use-Case-Usage": {`{"104729381122334":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":12,"estimated_time_to_regain_access":7}]}`}}
	app := http.Header{"X-App-Usage": {`{"call_count":100,"total_time":25,"total_cputime":25}`}}
	body := func(code, sub int) string {
		return `{"error":{"message":"m","type":"OAuthException","code":` + itoa(code) + `,"error_subcode":` + itoa(sub) + `,"fbtrace_id":"x"}}`
	}
	tests := []struct {
		name      string
		status    int
		h         http.Header
		body      string
		want      error // a sentinel, or nil to check the other fields
		retryable bool
		retryAt   time.Time
	}{
		{"expired token", 400, nil, body(190, 463), platform.ErrAuth, false, time.Time{}},
		{"permission 10", 403, nil, body(10, 0), platform.ErrPermission, false, time.Time{}},
		{"permission 200", 403, nil, body(200, 0), platform.ErrPermission, false, time.Time{}},
		{"permission 299", 400, nil, body(299, 0), platform.ErrPermission, false, time.Time{}},
		{"gone", 400, nil, body(100, 33), platform.ErrGone, false, time.Time{}},
		{"code 33", 400, nil, body(33, 0), platform.ErrGone, false, time.Time{}},
		{"bad parameter", 400, nil, body(100, 0), nil, false, time.Time{}},
		{"BUC limit", 400, buc, body(80001, 0), nil, true, now.Add(7 * time.Minute)},
		{"IG BUC limit", 400, buc, body(80002, 0), nil, true, now.Add(7 * time.Minute)},
		{"pages limit", 400, buc, body(32, 0), nil, true, now.Add(7 * time.Minute)},
		{"app limit from X-App-Usage", 400, app, body(4, 0), nil, true, now.Add(AppUsageBackoff)},
		{"user limit no headers", 400, nil, body(17, 0), nil, true, time.Time{}},
		{"custom limit", 400, nil, body(613, 1996), nil, true, time.Time{}},
		{"unknown", 500, nil, body(1, 0), nil, true, time.Time{}},
		{"service", 500, nil, body(2, 0), nil, true, time.Time{}},
		{"app limit 341", 400, nil, body(341, 0), nil, true, time.Time{}},
		{"policy block", 400, nil, body(368, 0), ErrPolicyBlock, false, time.Time{}},
		{"5xx without body", 502, nil, "<html>bad gateway</html>", nil, true, time.Time{}},
		{"401 without body", 401, nil, "", platform.ErrAuth, false, time.Time{}},
		{"transient flag", 400, nil, `{"error":{"code":9999,"is_transient":true}}`, nil, true, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := MapError(tt.status, tt.h, []byte(tt.body), now)
			if err == nil {
				t.Fatal("nil error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if platform.Retryable(err) != tt.retryable {
				t.Errorf("Retryable(%v) = %v, want %v", err, !tt.retryable, tt.retryable)
			}
			var rl *platform.RateLimitError
			if errors.As(err, &rl) && !rl.RetryAt.Equal(tt.retryAt) {
				t.Errorf("RetryAt = %v, want %v", rl.RetryAt, tt.retryAt)
			}
		})
	}
}

func TestRetryAtMalformed(t *testing.T) {
	now := time.Unix(1763712000, 0)
	for _, h := range []http.Header{
		{"X-Business-Use-Case-Usage": {`not json`}},
		{"X-Business-Use-Case-Usage": {`{"1":[{"estimated_time_to_regain_access":-5}]}`}},
		{"X-App-Usage": {`{"call_count":"lots"}`}},
		{"X-App-Usage": {`{"call_count":20}`}},
	} {
		if got := RetryAt(h, now); !got.IsZero() {
			t.Errorf("RetryAt(%v) = %v, want zero", h, got)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
