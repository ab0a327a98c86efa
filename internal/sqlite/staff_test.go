package sqlite

import (
	"strings"
	"testing"
)

// TestPostColsP checks the qualified column list names every post column
// once, with the alias, so ReviewQueue scans what ListPosts scans.
func TestPostColsP(t *testing.T) {
	cols := strings.Split(postColsP, ", ")
	if len(cols) != strings.Count(postCols, ",")+1 {
		t.Fatalf("postColsP has %d columns, postCols %d", len(cols), strings.Count(postCols, ",")+1)
	}
	for _, c := range cols {
		if !strings.HasPrefix(c, "p.") || strings.ContainsAny(c, " \n\t") {
			t.Errorf("column %q is not qualified cleanly", c)
		}
	}
}
