package platform

import (
	"errors"
	"strings"
	"testing"
)

func TestReadLimited(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		limit   int64
		wantErr error
	}{
		{"under", "abc", 4, nil},
		{"exact", "abcd", 4, nil},
		{"over", "abcde", 4, ErrTooLarge},
		{"empty", "", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadLimited(strings.NewReader(tt.in), tt.limit)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && string(b) != tt.in {
				t.Errorf("got %q, want %q", b, tt.in)
			}
		})
	}
}
