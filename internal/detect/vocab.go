package detect

import (
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Vocab is one table of the words a set of families looks up, so that each
// word of a post is looked up once for all of them: Input.WordIDs gives every
// word's id, and each family reads what it knows of the word from a Lex
// indexed by id. An Engine builds one Vocab of all its families' words (see
// Lexical); a family used alone builds one of its own. A Vocab is read-only
// once built and safe for concurrent use.
type Vocab struct {
	dict  *textnorm.Dict[int32]
	words []string // by id
}

// NewVocab returns a vocabulary of the given words, as normalised. A word
// listed more than once has one id; ids are 0..Len()-1 in order of first
// appearance.
func NewVocab(words []string) *Vocab {
	ids := make(map[string]int32, len(words))
	v := &Vocab{}
	for _, w := range words {
		if _, ok := ids[w]; !ok {
			ids[w] = int32(len(v.words))
			v.words = append(v.words, w)
		}
	}
	v.dict = textnorm.NewDict(ids)
	return v
}

// Len is the number of words.
func (v *Vocab) Len() int { return len(v.words) }

// Word returns the word with the given id.
func (v *Vocab) Word(id int32) string { return v.words[id] }

// ID returns the id of word w, or -1 when v does not hold it.
func (v *Vocab) ID(w string) int32 { return v.Get([]byte(w)) }

// Get returns the id of key, or -1 when v does not hold it: for the
// spellings of a word a family tries besides the word as normalised
// (leet undone, a possessive dropped).
func (v *Vocab) Get(key []byte) int32 {
	if id, ok := v.dict.Get(key); ok {
		return id
	}
	return -1
}

// Words appends to dst the id of every word of d, as normalised (-1 when v
// does not hold it).
func (v *Vocab) Words(d *textnorm.Doc, dst []int32) []int32 { return v.dict.Words(d, dst, -1) }

// Lexical is a Family that looks a post's words up. An Engine lists the
// words of all its Lexical families in one Vocab and runs each family bound
// to it, so that the post's words are looked up once (Input.WordIDs).
type Lexical interface {
	Family
	// Words calls add with every normalised word the family looks up.
	Words(add func(word string))
	// WithVocab returns the family reading word ids of v, which holds
	// every word of Words. The family it is called on is not changed.
	WithVocab(v *Vocab) Family
}

// Lex is what a family knows of each word of a Vocab: the family's value
// for every id, and a value for words it does not know.
type Lex[V any] struct {
	vals []V // vals[id+1]; vals[0] is the value of an unknown word (id -1)
}

// NewLex returns the Lex of v that gives each word the value m holds for it,
// and none to words m does not hold.
func NewLex[V any](v *Vocab, m map[string]V, none V) Lex[V] {
	vals := make([]V, v.Len()+1)
	vals[0] = none
	for id, w := range v.words {
		x, ok := m[w]
		if !ok {
			x = none
		}
		vals[id+1] = x
	}
	return Lex[V]{vals: vals}
}

// Of returns the value of word id (-1 for an unknown word).
func (l Lex[V]) Of(id int32) V { return l.vals[id+1] }

// WordIDs returns, for every word of in.Doc, its id in v as normalised (-1
// when v does not hold it). The ids are looked up once per post and vocabulary:
// the first family to ask fills them, later families of the same Engine read
// them. The slice is owned by in and valid until the Doc is Reset.
func (in *Input) WordIDs(v *Vocab) []int32 {
	d := in.Doc
	if in.vocab == v && in.idsDoc == d && in.idsGen == d.Gen() {
		return in.ids
	}
	in.vocab, in.idsDoc, in.idsGen = v, d, d.Gen()
	in.ids = v.Words(d, in.ids[:0])
	return in.ids
}
