package privacy

import (
	"strings"
	"testing"
)

func TestFirstNames(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range strings.Fields(firstNames) {
		if n != strings.ToLower(n) {
			t.Errorf("first name %q is not lower case", n)
		}
		if seen[n] {
			t.Errorf("first name %q listed twice", n)
		}
		seen[n] = true
	}
	if len(seen) < 500 {
		t.Errorf("only %d first names; the list should cover common UK names", len(seen))
	}
}
