package conduct

import "testing"

func TestWildMatch(t *testing.T) {
	tests := []struct {
		key, word string
		want      bool
	}{
		{"f*ck", "fuck", true},
		{"f***", "fuck", true},
		{"f***ing", "fucking", true},
		{"c*nts", "cunts", true},
		{"f**", "fuck", true},
		{"f*ck", "fucking", false},
		{"****", "fuck", false},
		{"sh*t", "shirt", false},
		{"fuck", "fuck", false},
	}
	for _, tt := range tests {
		if got := wildMatch(tt.key, tt.word); got != tt.want {
			t.Errorf("wildMatch(%q, %q) = %v, want %v", tt.key, tt.word, got, tt.want)
		}
	}
}

func TestHasRun(t *testing.T) {
	for s, want := range map[string]bool{"fuuuck": true, "shiite": false, "book": false, "zzz": true} {
		if got := hasRun([]byte(s)); got != want {
			t.Errorf("hasRun(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestQuestion(t *testing.T) {
	f := newTestFamily(t)
	sc := f.pool.Get().(*scan)
	defer f.pool.Put(sc)
	sc.reset(textnormNew("The jab is safe. Is it free?? I think so 😊"))
	f.pass(sc, false)
	for i, want := range []bool{false, false, false, false, true, true, true, false, false, false} {
		if i < sc.n {
			if got := sc.question(i); got != want {
				t.Errorf("question(word %d %q) = %v, want %v", i, sc.word(i), got, want)
			}
		}
	}
}

// Keys undo leet, but a word the lexicon knows as written stays as written.
func TestKeys(t *testing.T) {
	f := newTestFamily(t)
	sc := f.pool.Get().(*scan)
	defer f.pool.Put(sc)
	sc.reset(textnormNew("sh1t 5G w@nker"))
	f.pass(sc, false)
	for i, want := range []string{"shit", "5g", "wanker"} {
		if got := sc.word(i); got != want {
			t.Errorf("word(%d) = %q, want %q", i, got, want)
		}
	}
}
