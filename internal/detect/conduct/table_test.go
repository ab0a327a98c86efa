package conduct

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
)

// TestGet checks that every lexicon word finds its own entry and other
// words none, alone and bound to a vocabulary holding more words (as an
// Engine's does).
func TestGet(t *testing.T) {
	f := newTestFamily(t)
	shared := detect.NewVocab(append(f.wordList(), "scunthorpe", "hospital", "zzz"))
	for name, g := range map[string]*Family{"alone": f, "shared": f.WithVocab(shared).(*Family)} {
		for w, e := range f.lex {
			if got := g.get([]byte(w)); got != e {
				t.Errorf("%s: get(%q) = %v, want its entry", name, w, got)
			}
		}
		for _, w := range []string{"", "scunthorpe", "fuckk", "zzz"} {
			if got := g.get([]byte(w)); got != nil {
				t.Errorf("%s: get(%q) = %v, want nil", name, w, got)
			}
		}
	}
	if f.words == shared {
		t.Error("WithVocab changed the family it was called on")
	}
}
