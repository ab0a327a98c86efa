package store

import (
	"errors"
	"fmt"
	"testing"
)

func TestSentinels(t *testing.T) {
	wrapped := fmt.Errorf("reading post 7: %w", ErrNotFound)
	if !errors.Is(wrapped, ErrNotFound) || errors.Is(wrapped, ErrDuplicate) {
		t.Error("sentinels do not survive wrapping or are not distinct")
	}
}
