package conduct

import "github.com/pagekeeper/pagekeeper/internal/textnorm"

// wordTable is the read-only table from normalised words to lexicon entries,
// built once by New: the one lookup per word of the hot path. It is keyed
// by the hash the Doc already holds for every word, so a post's words are
// not hashed again.
type wordTable struct {
	dict *textnorm.Dict[*entry]
}

// newWordTable builds a table holding every entry of m.
func newWordTable(m map[string]*entry) *wordTable {
	return &wordTable{dict: textnorm.NewDict(m)}
}

// get returns the entry for word b, or nil.
func (t *wordTable) get(b []byte) *entry {
	e, _ := t.dict.Get(b)
	return e
}

// word returns the entry for the i-th word of d as normalised, or nil.
func (t *wordTable) word(d *textnorm.Doc, i int) *entry {
	e, _ := t.dict.Word(d, i)
	return e
}
