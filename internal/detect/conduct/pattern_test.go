package conduct

import (
	"slices"
	"testing"
)

func TestExpand(t *testing.T) {
	got := expand("a [b c|d] e")
	want := []string{"a  b c  e", "a  d  e"}
	if !slices.Equal(got, want) {
		t.Errorf("expand = %q, want %q", got, want)
	}
}

func TestCompilePatternErrors(t *testing.T) {
	for _, src := range []string{"", "?a b", "_ b", "a ~x b", "@nope b", "$ a", "pre* b"} {
		if _, err := compilePattern(src, map[string]*wordSet{}); err == nil {
			t.Errorf("compilePattern(%q) succeeded, want an error", src)
		}
	}
}

// Patterns match across gaps, but a gap never skips a negation, and never
// crosses into the next sentence.
func TestPatternMatching(t *testing.T) {
	f := newTestFamily(t)
	tests := []struct {
		text string
		kind string
		want bool
	}{
		{"the flu jab gives you the flu", "myth", true},
		{"the flu jab can't give you the flu", "myth", false},
		{"the flu jab is great. Gives you the flu? No", "myth", false},
		{"I'll put a brick through your window", "threat", true},
		{"I'll put a brick. Through the window light came", "threat", false},
		{"wait for him after work", "threat", true},
		{"they charge £25 for appointments", "service", true},
	}
	for _, tt := range tests {
		sc := f.pool.Get().(*scan)
		sc.reset(textnormNew(tt.text))
		f.pass(sc, false)
		got := sc.present&(1<<f.kindIdx[tt.kind]) != 0
		if got != tt.want {
			t.Errorf("%q matched %s = %v, want %v", tt.text, tt.kind, got, tt.want)
		}
		f.pool.Put(sc)
	}
}
