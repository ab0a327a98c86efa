// Package conduct detects breaches of the conduct clauses of a practice's
// guidance (clause 4, and clause 8 for defamation): obscene language,
// harassment and threats, defamatory allegations, fraud and spam, and health
// or practice misinformation.
//
// Detection is one pass over the post's normalised words with map lookups: a
// lexicon of words (swearing, insults, slurs, disguised spellings) and a set
// of phrase patterns (threats, allegations, myths, scam wording), combined by
// rules that look at who a remark is aimed at, whether a claim is hedged or a
// question, and whether a post warns about a scam rather than being one. Two
// small embedded linear models help: one trained on the Davidson tweets
// confirms ambiguous vulgar words (a "prick" that is not a finger-prick
// test), one trained on SMS and comment spam catches spam the rules miss.
package conduct

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/linear"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Family is the conduct detector family. It is safe for concurrent use.
type Family struct {
	practice moderation.Practice
	lex      map[string]*entry // every word the family looks up
	// words is the vocabulary a post's words are looked up in (the
	// family's own, or an Engine's shared one) and ent maps its ids to
	// lexicon entries (nil for words the family does not know).
	words       *detect.Vocab
	ent         detect.Lex[*entry]
	wild        []*entry // vulgar words, in order of preference, for f*ck-style keys
	patterns    []*pattern
	patRule     []int // pattern index -> rule index
	numPatterns []int32
	rules       []rule
	kinds       []string
	kindIdx     map[string]int
	domains     []string // the practice's own domains and trusted NHS domains
	nameWords   map[string]bool
	abuseModel  *linear.Model
	spamModel   *linear.Model
	spamCTA     float32
	fk          fraudKinds
	spamAlone   float32
	pool        *sync.Pool
}

type rule struct {
	ruleSpec
	kindIdx int
	reqIdx  int // -1 when the rule requires nothing
}

var _ detect.Lexical = (*Family)(nil)

// New compiles the lexicons and patterns for practice p and loads the
// embedded models. An error means the embedded data is broken.
func New(p moderation.Practice) (*Family, error) {
	abuse, err := loadModel("models/abuse.bin")
	if err != nil {
		return nil, err
	}
	spam, err := loadModel("models/spam.bin")
	if err != nil {
		return nil, err
	}
	return NewWithModels(p, abuse, spam)
}

// NewWithModels is New with the given models instead of the embedded ones,
// so the trainer can validate a model before it is embedded. The models must
// share one feature layout (hash bits and bigrams).
func NewWithModels(p moderation.Practice, abuse, spam *linear.Model) (*Family, error) {
	f := &Family{practice: p, lex: map[string]*entry{}, kindIdx: map[string]int{}, nameWords: map[string]bool{}, pool: &sync.Pool{}}
	add := func(list string, k uint32) {
		for _, w := range fields(list) {
			e := f.lex[w]
			if e == nil {
				e = &entry{canon: w}
				f.lex[w] = e
			}
			e.kinds |= k
		}
	}
	add(swearWords, kSwear)
	add(insultWords, kInsult)
	add(mildInsults, kMild)
	add(ambigWords, kAmbig)
	add(slurWords, kSlur)
	add(sexualWords, kSexual)
	add(negations, kNeg)
	add(selfWords, kSelf)
	add(aimerWords, kAimer)
	add(groupWords, kGroup)
	add(hedgeWords, kHedge)
	add(counterWords, kCounter)
	add(medWords, kMed)
	add(variantWords, kVariant)
	add(commonAmbig, kCommon)
	for fl, list := range flagWords() {
		for _, w := range fields(list) {
			e := f.lex[w]
			if e == nil {
				e = &entry{canon: w}
				f.lex[w] = e
			}
			e.flags |= fl
		}
	}
	groups := groupSpecs()
	groups["groupword"] = groupWords
	add(groups["team"], kTeam)
	add(roleWords, kRole)
	for _, s := range append([]string{p.Name}, p.Aliases...) {
		for _, w := range fields(strings.ToLower(s)) {
			if w != "surgery" && w != "practice" && w != "medical" && w != "centre" && w != "health" && w != "the" {
				add(w, kTeam|kPractice|kRole)
				f.nameWords[w] = true
			}
		}
	}
	for _, s := range p.Staff {
		// surnames only, from full names: "Hope" or "Will" alone is a verb,
		// and a capital letter is still required where the word is used
		if ws := fields(strings.ToLower(s.Name)); len(ws) > 1 {
			add(ws[len(ws)-1], kStaffName)
			add(ws[0], kStaffFirst)
		}
		for _, a := range s.Aliases {
			if ws := fields(strings.ToLower(a)); len(ws) == 1 {
				add(ws[0], kStaffFirst)
			}
		}
	}
	// vulgar words for wildcard keys, strongest first
	seen := map[string]bool{}
	for _, list := range []string{swearWords, insultWords, slurWords, ambigWords} {
		for _, w := range fields(list) {
			if !seen[w] {
				seen[w] = true
				f.wild = append(f.wild, f.lex[w])
			}
		}
	}
	f.compileContexts(ambigContexts())
	sets := map[string]*wordSet{}
	for name, list := range groups {
		sets[name] = newWordSet(list)
		for _, w := range fields(list) {
			if strings.ContainsAny(w, "0123456789") && f.lex[w] == nil {
				f.lex[w] = &entry{canon: w} // so "5g" is not read as leet for "sg"
			}
		}
	}
	for _, spec := range ruleSpecs() {
		k, ok := f.kindIdx[spec.kind]
		if !ok {
			k = len(f.kinds)
			f.kinds = append(f.kinds, spec.kind)
			f.kindIdx[spec.kind] = k
		}
		f.rules = append(f.rules, rule{ruleSpec: spec, kindIdx: k, reqIdx: -1})
	}
	if len(f.kinds) > 64 {
		return nil, fmt.Errorf("conduct: %d rule kinds, at most 64", len(f.kinds))
	}
	for ri := range f.rules {
		r := &f.rules[ri]
		if r.requires != "" {
			k, ok := f.kindIdx[r.requires]
			if !ok {
				return nil, fmt.Errorf("conduct: rule %q requires unknown kind %q", r.kind, r.requires)
			}
			r.reqIdx = k
		}
		for _, src := range r.patterns {
			ps, err := compilePattern(src, sets)
			if err != nil {
				return nil, fmt.Errorf("conduct: %w", err)
			}
			for _, p := range ps {
				idx := int32(len(f.patterns))
				f.patterns = append(f.patterns, p)
				f.patRule = append(f.patRule, ri)
				first := &p.slots[0]
				if first.num {
					f.numPatterns = append(f.numPatterns, idx)
				}
				for w := range first.words {
					f.index(w, idx)
				}
				for _, g := range first.groups {
					for w := range g.words {
						f.index(w, idx)
					}
				}
			}
		}
	}
	// abuse patterns first in every entry, so the abuse path can stop there
	for _, e := range f.lex {
		abuse := func(p int32) bool {
			c := f.rules[f.patRule[p]].cat
			return c == moderation.Obscene || c == moderation.Harassment
		}
		slices.SortStableFunc(e.patterns, func(a, b int32) int {
			switch {
			case abuse(a) == abuse(b):
				return 0
			case abuse(a):
				return -1
			}
			return 1
		})
		for e.nAbuse < len(e.patterns) && abuse(e.patterns[e.nAbuse]) {
			e.nAbuse++
		}
	}
	// word ids for the patterns' bit sets
	var vocab uint32
	id := func(w string) uint32 {
		e := f.lex[w]
		if e == nil {
			e = &entry{canon: w}
			f.lex[w] = e
		}
		if e.id == 0 {
			vocab++
			e.id = vocab
		}
		return e.id
	}
	for _, p := range f.patterns {
		for k := range p.slots {
			p.slots[k].compile(id)
		}
		p.seal()
	}
	f.bind(detect.NewVocab(f.wordList()))
	f.resolveFraudKinds()
	for _, d := range p.Domains {
		f.domains = append(f.domains, strings.ToLower(strings.TrimPrefix(d, "www.")))
	}
	for _, e := range p.Emails {
		if _, host, ok := strings.Cut(e, "@"); ok {
			f.domains = append(f.domains, strings.ToLower(host))
		}
	}
	f.domains = append(f.domains, "nhs.uk", "nhs.net", "gov.uk")
	f.abuseModel, f.spamModel, f.spamCTA, f.spamAlone = abuse, spam, spamWithCTA, spamAlone
	if f.abuseModel.Bits != f.spamModel.Bits || f.abuseModel.Bigrams != f.spamModel.Bigrams {
		return nil, fmt.Errorf("conduct: the embedded models must share one feature layout")
	}
	f.pool.New = func() any {
		return &scan{x: f.abuseModel.Extractor()}
	}
	return f, nil
}

// compileContexts numbers the words that show an ambiguous word's innocent
// sense (each gets an entry, kind-less if it has no other role) and gives
// each ambiguous word the set of its context words' numbers.
func (f *Family) compileContexts(ctxs map[string]string) {
	var words []string
	for _, list := range ctxs {
		words = append(words, fields(list)...)
	}
	slices.Sort(words)
	words = slices.Compact(words)
	for k, w := range words {
		if f.lex[w] == nil {
			f.lex[w] = &entry{canon: w}
		}
		f.lex[w].ctx = int32(k) + 1
	}
	for w, list := range ctxs {
		e := f.lex[w]
		if e == nil {
			e = &entry{canon: w}
			f.lex[w] = e
		}
		e.innocent = make([]uint64, (len(words)+63)/64)
		for _, c := range fields(list) {
			k := f.lex[c].ctx - 1
			e.innocent[k>>6] |= 1 << (k & 63)
		}
	}
}

// kindOf returns the index of a rule kind, or -1.
func (f *Family) kindOf(kind string) int {
	for i, k := range f.kinds {
		if k == kind {
			return i
		}
	}
	return -1
}

// index makes pattern idx start at word w.
func (f *Family) index(w string, idx int32) {
	e := f.lex[w]
	if e == nil {
		e = &entry{canon: w}
		f.lex[w] = e
	}
	e.patterns = append(e.patterns, idx)
}

// Words calls add with every word of the family's lexicons and patterns.
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

// Name returns "conduct".
func (f *Family) Name() string { return "conduct" }

// Detect appends the family's findings for one post to out.
func (f *Family) Detect(in *detect.Input, out []moderation.Finding) []moderation.Finding {
	sc := f.pool.Get().(*scan)
	f.start(sc, in)
	prior := len(out)
	f.pass(sc, false)
	out = f.abuse(sc, out)
	out = f.claims(sc, out, out[:prior])
	out = f.fraud(sc, out)
	sc.hashes = nil
	f.pool.Put(sc)
	return out
}

// DetectAbuse appends only the obscene and harassment findings: the abuse
// path alone, for callers (and benchmarks) that need nothing else.
func (f *Family) DetectAbuse(in *detect.Input, out []moderation.Finding) []moderation.Finding {
	sc := f.pool.Get().(*scan)
	f.start(sc, in)
	f.pass(sc, true)
	out = f.abuse(sc, out)
	sc.hashes = nil
	f.pool.Put(sc)
	return out
}

// finding builds a finding over words i..j of the post.
func (f *Family) finding(sc *scan, c moderation.Category, i, j int, score float64, reason string) moderation.Finding {
	s, e := sc.d.WordSpan(i, j)
	return moderation.Finding{Category: c, Clause: c.Clause(), Start: s, End: e, Score: score, Reason: reason}
}

// quote returns the original text of words i..j in quotes, shortened.
func quote(d *textnorm.Doc, i, j int) string { return quoteIn("", d, i, j, "") }

// quoteIn returns pre, the quote of words i..j, and post, joined with one
// allocation (appended in place, which costs less than the runtime's
// general concatenation of five strings).
func quoteIn(pre string, d *textnorm.Doc, i, j int, post string) string {
	s, e := d.WordSpan(i, j)
	t := d.Orig[s:e]
	cut := ""
	if len(t) > 80 {
		k := 77
		for k > 0 && t[k]&0xC0 == 0x80 {
			k--
		}
		t, cut = t[:k], "..."
	}
	b := make([]byte, 0, len(pre)+len(t)+len(cut)+2+len(post))
	b = append(b, pre...)
	b = append(b, '\'')
	b = append(b, t...)
	b = append(b, cut...)
	b = append(b, '\'')
	b = append(b, post...)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// features extracts the post's model features once.
func (sc *scan) features() []linear.Feature {
	if !sc.feated {
		sc.feats = sc.x.ExtractShared(sc.hashes, sc.d)
		sc.feated = true
	}
	return sc.feats
}
