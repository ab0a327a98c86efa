package conduct

import "testing"

func TestWordTable(t *testing.T) {
	m := map[string]*entry{}
	for _, w := range fields(swearWords + " " + mildInsults) {
		m[w] = &entry{canon: w}
	}
	tb := newWordTable(m)
	for w, e := range m {
		if got := tb.get([]byte(w)); got != e {
			t.Errorf("get(%q) = %v, want its entry", w, got)
		}
	}
	for _, w := range []string{"", "scunthorpe", "fuckk", "a"} {
		if got := tb.get([]byte(w)); got != nil {
			t.Errorf("get(%q) = %v, want nil", w, got)
		}
	}
}
