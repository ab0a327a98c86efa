package detect

import (
	"slices"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

func TestVocab(t *testing.T) {
	v := NewVocab([]string{"hill", "dr", "hill", "f*ck", "mum's"})
	if v.Len() != 4 {
		t.Fatalf("Len = %d, want 4 (a repeated word has one id)", v.Len())
	}
	for id, w := range []string{"hill", "dr", "f*ck", "mum's"} {
		if got := v.ID(w); got != int32(id) || v.Word(got) != w {
			t.Errorf("ID(%q) = %d, want %d", w, got, id)
		}
	}
	if got := v.Get([]byte("hills")); got != -1 {
		t.Errorf("Get(hills) = %d, want -1", got)
	}
	lex := NewLex(v, map[string]string{"dr": "title", "mum's": "relative", "nurse": "unused"}, "none")
	for w, want := range map[string]string{"dr": "title", "mum's": "relative", "hill": "none", "nurse": "none"} {
		if got := lex.Of(v.ID(w)); got != want {
			t.Errorf("Lex of %q = %q, want %q", w, got, want)
		}
	}
}

func TestWordIDs(t *testing.T) {
	v := NewVocab([]string{"hill", "dr", "f*ck"})
	in := &Input{Doc: textnorm.New("Dr HILL said f*ck, Dr Who")}
	want := []int32{1, 0, -1, 2, 1, -1}
	if got := in.WordIDs(v); !slices.Equal(got, want) {
		t.Fatalf("WordIDs = %v, want %v", got, want)
	}
	in.Doc.Reset("hill dr")
	if got := in.WordIDs(v); !slices.Equal(got, []int32{0, 1}) {
		t.Errorf("after Reset, WordIDs = %v, want [0 1]: ids follow the Doc", got)
	}
	other := NewVocab([]string{"dr"})
	if got := in.WordIDs(other); !slices.Equal(got, []int32{-1, 0}) {
		t.Errorf("WordIDs of another vocabulary = %v, want [-1 0]", got)
	}
}

// lexFamily flags words it knows, reading them through the vocabulary it
// is bound to.
type lexFamily struct {
	words []string
	vocab *Vocab
	known Lex[bool]
	bound *[]*Vocab // the vocabularies WithVocab was given
}

func newLexFamily(words ...string) *lexFamily {
	f := &lexFamily{words: words, bound: &[]*Vocab{}}
	f.bind(NewVocab(words))
	return f
}

func (f *lexFamily) bind(v *Vocab) {
	m := map[string]bool{}
	for _, w := range f.words {
		m[w] = true
	}
	f.vocab, f.known = v, NewLex(v, m, false)
}

func (f *lexFamily) Name() string { return "lex" }

func (f *lexFamily) Words(add func(string)) {
	for _, w := range f.words {
		add(w)
	}
}

func (f *lexFamily) WithVocab(v *Vocab) Family {
	*f.bound = append(*f.bound, v)
	g := *f
	g.bind(v)
	return &g
}

func (f *lexFamily) Detect(in *Input, out []moderation.Finding) []moderation.Finding {
	for i, id := range in.WordIDs(f.vocab) {
		if f.known.Of(id) {
			s, e := in.Doc.WordSpan(i, i)
			out = append(out, moderation.Finding{Category: moderation.Fraud, Start: s, End: e})
		}
	}
	return out
}

func TestEngineSharesOneVocab(t *testing.T) {
	a, b := newLexFamily("scam", "prize"), newLexFamily("prize", "refund")
	own := a.vocab
	e := NewEngine(a, wordFamily{word: "zebra", cat: moderation.Review}, b)
	if len(*a.bound) != 1 || len(*b.bound) != 1 || (*a.bound)[0] != (*b.bound)[0] {
		t.Fatal("the Lexical families were not bound to one vocabulary")
	}
	if v := (*a.bound)[0]; v.Len() != 3 || v.ID("scam") < 0 || v.ID("refund") < 0 {
		t.Errorf("shared vocabulary holds %d words, want scam, prize and refund", v.Len())
	}
	if a.vocab != own {
		t.Error("NewEngine changed a family it was given")
	}
	text := "win a PRIZE, claim your refund, not a scam, zebra"
	var spans []string
	for _, f := range e.Judge(text, "") {
		spans = append(spans, text[f.Start:f.End])
	}
	want := []string{"PRIZE", "PRIZE", "refund", "scam", "zebra"}
	if !slices.Equal(spans, want) {
		t.Errorf("findings at %q, want %q", spans, want)
	}
}
