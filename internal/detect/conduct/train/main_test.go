package main

import "testing"

func TestOwnExamples(t *testing.T) {
	ex := ownExamples()
	var pos, neg int
	for _, e := range ex {
		if e.Text == "" || len(e.Labels) != 1 {
			t.Fatalf("bad example %+v", e)
		}
		if e.Labels[0] {
			pos++
		} else {
			neg++
		}
	}
	if pos < 10 || neg < 40 {
		t.Errorf("gp-posts.txt gave %d spam and %d honest posts, want at least 10 and 40", pos, neg)
	}
}

func TestOptionsShareLayout(t *testing.T) {
	if o := options(); o.Bits != 18 || !o.Bigrams {
		t.Errorf("options() = %+v; the detector expects 18 bits with bigrams", o)
	}
}
