package conduct

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/linear"
)

// Numbers never become word features; premium-rate numbers become shapes.
func TestSpamFeatures(t *testing.T) {
	x := &linear.Extractor{Bits: 18, Bigrams: true}
	a := textnormNew("ring me on 07700 900612")
	b := textnormNew("ring me on 01632 960444")
	fa := SpamFeatures(nil, a, x.Extract(a), 18)
	fb := SpamFeatures(nil, b, x.Extract(b), 18)
	if len(fa) != len(fb) {
		t.Fatalf("features differ in number: %d and %d", len(fa), len(fb))
	}
	for i := range fa {
		if fa[i].Hash != fb[i].Hash {
			t.Errorf("feature %d differs between two posts that differ only in a phone number", i)
		}
	}
	shapes := func(s string) int {
		d := textnormNew(s)
		n := 0
		for _, f := range SpamFeatures(nil, d, x.Extract(d), 18) {
			if f.From < 0 {
				n++
			}
		}
		return n
	}
	if shapes("call 09061701461 now") != 1 || shapes("call me now") != 0 {
		t.Error("a premium-rate number should add one shape feature, and plain words none")
	}
}
