package platformtest

import "testing"

func TestFaults(t *testing.T) {
	var fs faults
	if _, ok := fs.take(); ok {
		t.Fatal("zero faults failed a call")
	}
	fs.FailNext(2, GraphGone())
	for i := range 2 {
		if f, ok := fs.take(); !ok || f.Status != 400 {
			t.Fatalf("call %d: %+v %v", i, f, ok)
		}
	}
	if _, ok := fs.take(); ok {
		t.Fatal("a third call failed")
	}
	fs.FailFraction(1, GraphServerError(), 7)
	if f, ok := fs.take(); !ok || f.Status != 500 {
		t.Fatalf("fraction 1: %+v %v", f, ok)
	}
	fs.FailFraction(0, Fault{}, 0)
	if _, ok := fs.take(); ok {
		t.Fatal("fraction 0 failed a call")
	}
}
