package privacy

import (
	"strings"
	"testing"
)

// Every idiom marks exactly one word as the name-like one.
func TestIdiomsMarkOneWord(t *testing.T) {
	for _, id := range idioms {
		n := 0
		for _, w := range id {
			if strings.HasPrefix(w, "*") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("idiom %q marks %d words, want 1", id, n)
		}
	}
}

// Lexicon entries must be in the normalised form Detect looks up: lower case.
func TestLexiconLowerCase(t *testing.T) {
	lists := map[string][]string{
		"relatives": relatives, "streetWords": streetWords, "placeNouns": placeNouns, "healthWords": healthWords,
		"ordinaryWords": ordinaryWords, "notNames": notNames, "descriptors": descriptors,
	}
	for name, l := range lists {
		for _, w := range l {
			if w != strings.ToLower(w) || strings.TrimSpace(w) != w || w == "" {
				t.Errorf("%s: %q is not a lower-case word", name, w)
			}
		}
	}
}

func TestClassify(t *testing.T) {
	f := New(testPractice())
	tests := []struct {
		name string
		word string
		want uint64
	}{
		{"relative", "mum", cRelative},
		{"relative possessive", "mum's", cRelative},
		{"title", "dr", cTitle},
		{"ordinary name word", "hope", cOrdinary},
		{"street", "close", cStreet},
		{"health", "methadone", cHealth},
		{"first name", "jayden", cFirstName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := f.lex[tt.word]
			if !ok && strings.HasSuffix(tt.word, "'s") {
				e, ok = f.lex[strings.TrimSuffix(tt.word, "'s")]
			}
			if !ok || e.cls&tt.want == 0 {
				t.Errorf("%q: class %x lacks %x", tt.word, e.cls, tt.want)
			}
		})
	}
}
