package media

import (
	"strings"
	"testing"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Apple\x00", "Apple"},
		{"ends at the first NUL", "Nikon\x00hidden", "Nikon"},
		{"trims padding", "  Canon   \x00", "Canon"},
		{"control characters", "a\r\nb\tc\x1b[31m", "a??b?c?[31m"},
		{"bidi override", "abc\u202edef", "abc?def"},
		{"invalid UTF-8", "caf\xe9", "caf?"},
		{"keeps accents", "Fujifilm Café", "Fujifilm Café"},
		{"caps length", strings.Repeat("x", 100), strings.Repeat("x", maxText)},
		{"never splits a rune", strings.Repeat("x", maxText-1) + "é", strings.Repeat("x", maxText-1)},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText([]byte(tt.in)); got != tt.want {
				t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTypeSize(t *testing.T) {
	tests := []struct {
		typ  uint16
		want uint64
	}{
		{typeASCII, 1}, {typeShort, 2}, {typeLong, 4}, {typeRational, 8}, {typeIFD, 4}, {0, 0}, {14, 0}, {0xFFFF, 0},
	}
	for _, tt := range tests {
		if got := typeSize(tt.typ); got != tt.want {
			t.Errorf("typeSize(%d) = %d, want %d", tt.typ, got, tt.want)
		}
	}
}
