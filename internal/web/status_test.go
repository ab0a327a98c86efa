package web

import (
	"errors"
	"fmt"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/wordpress"
	"github.com/pagekeeper/pagekeeper/internal/platform/x"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"meta unsigned", fmt.Errorf("reading: %w", meta.ErrNoSignature), 401},
		{"meta forged", meta.ErrBadSignature, 401},
		{"x forged", x.ErrBadSignature, 401},
		{"website stale", wordpress.ErrStale, 401},
		{"too large", fmt.Errorf("reading: %w", platform.ErrTooLarge), 413},
		{"malformed", malformed(errors.New("entry 0 change 1: bad")), 400},
		{"unknown practice", errNotFound, 404},
		{"store down", errStore, 503},
	}
	for _, tt := range tests {
		if got, _, _ := status(tt.err); got != tt.want {
			t.Errorf("%s: status = %d, want %d", tt.name, got, tt.want)
		}
	}
	if _, msg, _ := status(errStore); msg == errStore.Error() {
		t.Error("an internal error's text reaches the client")
	}
}
