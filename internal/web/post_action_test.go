package web

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/audit"
)

func TestAuditText(t *testing.T) {
	long := strings.Repeat("é", 150) // 300 bytes
	tests := []struct {
		name, in string
	}{
		{"short", "fine"},
		{"multi-byte, too long", long},
		{"ascii, too long", strings.Repeat("a", 500)},
	}
	for _, tt := range tests {
		got := auditText(tt.in)
		if len(got) > audit.MaxDetailString || !utf8.ValidString(got) {
			t.Errorf("%s: auditText gives %d bytes, valid %v", tt.name, len(got), utf8.ValidString(got))
		}
		if len(tt.in) <= audit.MaxDetailString && got != tt.in {
			t.Errorf("%s: a short text changed: %q", tt.name, got)
		}
	}
}
