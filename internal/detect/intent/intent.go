// Package intent judges what a post is for: a complaint about the practice,
// a review, a request for care through social media, or a sign that someone
// is at risk (safeguarding). Phrase rules read context (negation, questions,
// time words, who is speaking, whether the NHS in general or this practice is
// meant); a small linear model trained on the package's own written examples
// adds recall for wording the rules have not seen.
//
// Safeguarding is judged recall first: a post that may show risk goes to a
// person, so ambiguous posts are flagged with a lower score and a reason that
// says so.
package intent

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/linear"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Family detects complaints, reviews, clinical requests and safeguarding risks.
type Family struct {
	m        *matcher
	weights  []float32 // per pattern
	model    *linear.Model
	mlab     [4]int           // model label index for sg, cr, co, rv (-1 when absent)
	staff    map[string]bool  // single-word staff aliases
	isStaff  detect.Lex[bool] // staff, by word id of the matcher's vocabulary
	staffSig uint64           // the signature bits (sig) of the staff aliases' word ids
	// romanceSig holds the signature bits of the words ageGap reads as a
	// relationship, words of the matcher for that alone
	romanceSig uint64
	avoid      int32 // the word id of "avoid", for one-word verdicts
	pool       *sync.Pool
}

var _ detect.Lexical = (*Family)(nil)

// scratch holds one Detect call's buffers; it is pooled so that steady-state
// judging does not allocate.
type scratch struct {
	wids   []int32 // the words' ids in the matcher's vocabulary (detect.Input.WordIDs)
	ids    []int32
	nums   []bool
	anyNum bool   // some word is a number
	sig    uint64 // signature of the post's word ids (pattern.need)
	buf    []byte
	leet   []byte
	hits   []hit
	pairs  []int32  // find's candidates when the next word is both a listed word and a number
	sent   []int32  // sentence of each word (detect.Input.Sentences)
	sq     []bool   // sentence is a question
	smask  []cueSet // cues present in each sentence
	x      *linear.Extractor
	hashes *linear.Hashes   // the post's shared hashes (detect.Input.Hashes)
	feats  []linear.Feature // the post's model features (owned by x), built only for evidence
	scores []float32
}

// New builds the family for a practice. The practice's name, aliases and
// staff names count as the practice being the subject of praise or a
// complaint.
func New(p moderation.Practice) (*Family, error) {
	f := &Family{m: newMatcher(), staff: map[string]bool{}, pool: &sync.Pool{}}
	for _, e := range lexicon {
		w := e.weight
		if w == 0 {
			w = 1
		}
		for _, src := range e.pats {
			if err := f.m.add(e.cue, src); err != nil {
				return nil, fmt.Errorf("compiling intent lexicon: %w", err)
			}
			f.weights = append(f.weights, w)
		}
	}
	names := append([]string{p.Name}, p.Aliases...)
	for _, s := range p.Staff {
		names = append(names, s.Name)
		if s.Title != "" {
			names = append(names, s.Title+" "+lastWord(s.Name))
		}
		for _, a := range s.Aliases {
			if strings.ContainsRune(a, ' ') {
				names = append(names, a)
			} else {
				f.staff[strings.ToLower(a)] = true // single words: only when capitalised mid-sentence
			}
		}
	}
	for _, n := range names {
		if pat := namePattern(n); pat != "" {
			for _, c := range []cue{auxPractice, auxOurs} {
				if err := f.m.add(c, pat); err != nil {
					return nil, fmt.Errorf("adding practice name %q: %w", n, err)
				}
				f.weights = append(f.weights, 1)
			}
		}
	}
	// Staff aliases are words of the matcher too (as lookup spells them,
	// apostrophes dropped), so that the post's signature says when none
	// can be there.
	for a := range f.staff {
		f.staffSig |= sig(f.m.id(a)) | sig(f.m.id(strings.ReplaceAll(a, "'", "")))
	}
	for _, w := range romanceWords {
		f.romanceSig |= sig(f.m.id(w))
	}
	f.m.seal()
	f.bind(detect.NewVocab(f.wordList()))
	f.avoid = -1
	if id, ok := f.m.vocab["avoid"]; ok {
		f.avoid = id
	}
	m, err := loadModel()
	if err != nil {
		return nil, err
	}
	f.model = m
	for i, c := range []moderation.Category{moderation.Safeguarding, moderation.ClinicalRequest, moderation.Complaint, moderation.Review} {
		f.mlab[i] = -1
		if m != nil {
			f.mlab[i] = m.Label(string(c))
		}
	}
	f.pool.New = func() any {
		sc := &scratch{}
		if f.model != nil {
			sc.x = f.model.Extractor()
			sc.scores = make([]float32, len(f.model.Labels))
		}
		return sc
	}
	return f, nil
}

func lastWord(s string) string {
	fs := strings.Fields(s)
	if len(fs) == 0 {
		return ""
	}
	return fs[len(fs)-1]
}

// namePattern turns a name into a phrase pattern of its normalised words.
func namePattern(name string) string {
	d := textnorm.New(name)
	var b strings.Builder
	for i := range d.Words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ReplaceAll(d.WordString(i), "'", ""))
	}
	return b.String()
}

// wordList returns the words of the family's phrase patterns and its
// single-word staff aliases, sorted.
func (f *Family) wordList() []string {
	ws := append(f.m.wordList(), slices.Collect(maps.Keys(f.staff))...)
	slices.Sort(ws)
	return slices.Compact(ws)
}

// bind makes the family look words up in v, which holds every word of
// wordList. The matcher is copied: it may be shared with other copies of
// the family.
func (f *Family) bind(v *detect.Vocab) {
	m := *f.m
	m.bind(v)
	f.m = &m
	f.isStaff = detect.NewLex(v, f.staff, false)
}

// Words calls add with every word the family looks up: the words of its
// phrase patterns and the practice's single-word staff aliases.
func (f *Family) Words(add func(string)) {
	for _, w := range f.wordList() {
		add(w)
	}
}

// WithVocab returns the family looking words up in v, which must hold every
// word of Words (an Engine's shared vocabulary).
func (f *Family) WithVocab(v *detect.Vocab) detect.Family {
	g := *f
	g.bind(v)
	return &g
}

// Name names the family.
func (f *Family) Name() string { return "intent" }

// Detect appends findings for complaint, review, clinical_request and
// safeguarding. It reads earlier families' findings: a scam (fraud) is not a
// request or a review, and a named member of staff can be the subject of praise.
func (f *Family) Detect(in *detect.Input, out []moderation.Finding) []moderation.Finding {
	d := in.Doc
	if d == nil || len(d.Words) == 0 {
		return out
	}
	sc := f.pool.Get().(*scratch)
	defer f.pool.Put(sc)
	f.m.lookup(in, sc)
	f.m.find(sc)
	sentences(in, sc)
	var model [4]float32
	sc.hashes, sc.feats = &in.Hashes, nil
	if f.model != nil {
		f.model.ScoresOf(&in.Hashes, d, sc.scores)
		for i, j := range f.mlab {
			if j >= 0 {
				model[i] = sc.scores[j]
			}
		}
	}
	j := judge{f: f, d: d, sc: sc, prior: out, model: model}
	j.prepare()
	out = j.emit(out)
	sc.hashes = nil // the scratch goes back to the pool: keep no hold on the post
	return out
}

// sentences gives each word its sentence (in.Sentences) and records which
// sentences are questions.
func sentences(in *detect.Input, sc *scratch) {
	d := in.Doc
	sc.sent = in.Sentences()
	n := 0
	if len(sc.sent) > 0 {
		n = int(sc.sent[len(sc.sent)-1]) + 1
	}
	sc.sq = slices.Grow(sc.sq[:0], n)[:n]
	clear(sc.sq)
	if bytes.IndexByte(d.Norm, '?') >= 0 {
		for i, w := range d.Words {
			// a question mark after this word and before the next word ends a question
			end := len(d.Norm)
			if i+1 < len(d.Words) {
				end = int(d.Words[i+1].Start)
			}
			if bytes.IndexByte(d.Norm[w.End:end], '?') >= 0 {
				sc.sq[sc.sent[i]] = true
			}
		}
	}
	if cap(sc.smask) < n {
		sc.smask = make([]cueSet, n)
	}
	sc.smask = sc.smask[:n]
	clear(sc.smask)
}
