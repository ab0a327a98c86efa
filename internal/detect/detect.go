// Package detect judges a post against every clause of a practice's guidance.
// Detectors are pure functions of the post's normalised text and what they know
// of the practice: no I/O, no global state. Families of detectors live in
// sub-packages (privacy, conduct, intent) so that each keeps its own lexicons
// and models; this package composes them into one Engine.
package detect

import (
	"cmp"
	"slices"
	"sync"

	"github.com/pagekeeper/pagekeeper/internal/linear"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Input is one post as detectors see it.
type Input struct {
	Doc     *textnorm.Doc      // the post's normalised text (Doc.Orig is the text as posted)
	Channel moderation.Channel // where it was posted; may be empty
	// Hashes are the post's linear-model features, extracted by the first
	// family that needs them and shared with the others (see
	// linear.Extractor.ExtractShared). They follow Doc's Resets themselves.
	Hashes linear.Hashes

	// The post's word ids in vocab (see WordIDs), and the Doc and
	// generation they are of.
	vocab  *Vocab
	ids    []int32
	idsDoc *textnorm.Doc
	idsGen uint64
	// The post's sentence per word (see Sentences), and the Doc and
	// generation they are of.
	sents    []int32
	sentsDoc *textnorm.Doc
	sentsGen uint64
}

// Sentences returns, for every word of in.Doc, the index of its sentence:
// a sentence starts at each word flagged textnorm.SentStart (the first word
// always is). Like WordIDs it is computed once per post, by the first
// family to ask, and valid until the Doc is Reset.
func (in *Input) Sentences() []int32 {
	d := in.Doc
	if in.sentsDoc == d && in.sentsGen == d.Gen() {
		return in.sents
	}
	in.sentsDoc, in.sentsGen = d, d.Gen()
	n := len(d.Words)
	in.sents = slices.Grow(in.sents[:0], n)[:n]
	sents := in.sents
	s := int32(-1)
	for i, w := range d.Words {
		if w.Flags&textnorm.SentStart != 0 {
			s++
		}
		sents[i] = max(s, 0)
	}
	return sents
}

// Family is a group of detectors that share lexicons or a model. Detect appends
// its findings to out and returns it. Earlier families' findings are already in
// out, so a later family may use them as evidence (conduct reads whether a
// staff member was identified). Detect must not modify findings already in out
// and must be safe for concurrent use.
type Family interface {
	Name() string
	Detect(in *Input, out []moderation.Finding) []moderation.Finding
}

// Engine runs every family over a post.
type Engine struct {
	families []Family
	inputs   sync.Pool // *Input, each with its own Doc, so judging allocates nothing
}

// NewEngine composes families, which run in the order given. The Lexical
// ones share one Vocab of all their words, so that each word of a post is
// looked up once for all of them; NewEngine does not change the families it
// is given.
func NewEngine(families ...Family) *Engine {
	var words []string
	for _, f := range families {
		if l, ok := f.(Lexical); ok {
			l.Words(func(w string) { words = append(words, w) })
		}
	}
	v := NewVocab(words)
	e := &Engine{families: make([]Family, len(families))}
	for i, f := range families {
		if l, ok := f.(Lexical); ok {
			f = l.WithVocab(v)
		}
		e.families[i] = f
	}
	e.inputs.New = func() any { return &Input{Doc: &textnorm.Doc{}} }
	return e
}

// Judge returns the findings for one post's text, ordered by start offset then
// category. It is safe for concurrent use.
func (e *Engine) Judge(text string, channel moderation.Channel) []moderation.Finding {
	in := e.inputs.Get().(*Input)
	in.Doc.Reset(text)
	in.Channel = channel
	out := e.JudgeDoc(in, nil)
	e.inputs.Put(in)
	return out
}

// JudgeDoc runs the families over an already-normalised post, appending to out.
func (e *Engine) JudgeDoc(in *Input, out []moderation.Finding) []moderation.Finding {
	for _, f := range e.families {
		out = f.Detect(in, out)
	}
	slices.SortStableFunc(out, func(a, b moderation.Finding) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.Category, b.Category)
	})
	return out
}
