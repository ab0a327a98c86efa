package conduct

import (
	"maps"
	"slices"

	"github.com/pagekeeper/pagekeeper/internal/detect"
)

// wordList returns every word of the lexicon, sorted.
func (f *Family) wordList() []string { return slices.Sorted(maps.Keys(f.lex)) }

// bind makes the family look words up in v, which holds every word of the
// lexicon.
func (f *Family) bind(v *detect.Vocab) {
	f.words, f.ent = v, detect.NewLex(v, f.lex, nil)
}

// get returns the lexicon entry of key, or nil: for spellings of a word
// other than its normalised form (leet undone, letters squeezed).
func (f *Family) get(key []byte) *entry { return f.ent.Of(f.words.Get(key)) }

// start readies sc for the post of in: its words looked up once
// (in.WordIDs), their sentences and its shared model features.
func (f *Family) start(sc *scan, in *detect.Input) {
	sc.reset(in.Doc)
	sc.hashes = &in.Hashes
	sc.wids, sc.sent = in.WordIDs(f.words), in.Sentences()
}
