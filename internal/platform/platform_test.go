package platform

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestRetryable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"rate limit", &RateLimitError{RetryAt: time.Unix(1763712000, 0)}, true},
		{"wrapped rate limit", fmt.Errorf("hiding: %w", &RateLimitError{}), true},
		{"temporary", &TemporaryError{Err: errors.New("502")}, true},
		{"gone", ErrGone, false},
		{"auth", fmt.Errorf("hiding: %w", ErrAuth), false},
		{"plain", errors.New("boom"), false},
	}
	for _, tt := range tests {
		if got := Retryable(tt.err); got != tt.want {
			t.Errorf("%s: Retryable = %v, want %v", tt.name, got, tt.want)
		}
	}
	if s := (&RateLimitError{RetryAt: time.Unix(1763712000, 0), Detail: "x"}).Error(); s != "rate limited until 2025-11-21T08:00:00Z: x" {
		t.Errorf("Error() = %q", s)
	}
	if s := (Ref{Channel: "facebook", PageID: "1", ObjectID: "2"}).String(); s != "facebook:1/2" {
		t.Errorf("Ref.String() = %q", s)
	}
}
