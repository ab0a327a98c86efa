package jobs

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform"
)

func TestErrClass(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"rate limit", fmt.Errorf("hiding: %w", &platform.RateLimitError{RetryAt: time.Now()}), "rate_limited"},
		{"expired token", fmt.Errorf("hiding: %w", platform.ErrAuth), "auth"},
		{"permission", platform.ErrPermission, "permission"},
		{"not supported", platform.ErrNotSupported, "not_supported"},
		{"gone", platform.ErrGone, "gone"},
		{"temporary", &platform.TemporaryError{Err: errors.New("502")}, "temporary"},
		{"unknown outcome wins", fmt.Errorf("%w: %w", ErrOutcomeUnknown, &platform.TemporaryError{Err: errors.New("timeout")}), "outcome_unknown"},
		{"anything else", errors.New("disk full"), "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errClass(tt.err); got != tt.want {
				t.Errorf("errClass(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestNewNeedsItsSeams(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("New accepted a config without store, connector or notifier")
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("héllo", 2); got != "h" {
		t.Errorf("truncate split a character: %q", got)
	}
	if got := truncate(strings.Repeat("a", 10), 20); len(got) != 10 {
		t.Errorf("truncate shortened a short string: %q", got)
	}
}
