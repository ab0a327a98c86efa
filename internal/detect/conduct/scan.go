package conduct

import (
	"slices"
	"unsafe"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/linear"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// entry is what the family knows of one normalised word: its lexicon kinds
// and the phrase patterns that start with it.
type entry struct {
	id       uint32 // 1-based index in the pattern vocabulary, 0 when no pattern lists it
	kinds    uint32
	flags    uint64   // feature-word flags (see flags.go)
	canon    string   // the dictionary form, for reasons ("fuck" for "fuuuck")
	ctx      int32    // 1 + the word's number among ambiguous words' contexts, 0 when none
	innocent []uint64 // for an ambiguous word: the contexts (ctx-1) that show its innocent sense
	patterns []int32  // indices into Family.patterns, abuse patterns first
	nAbuse   int      // how many of patterns are obscene or harassment rules
}

// hit is one phrase pattern matched in a post, over words From..To inclusive.
type hit struct {
	kind     int // index into Family.kinds
	rule     int
	from, to int
}

// scan is the per-post working state, pooled so steady state allocates
// nothing. Its string views alias buf and are valid only during Detect.
type scan struct {
	d         *textnorm.Doc
	n         int
	wids      []int32      // the words' ids in Family.words (detect.Input.WordIDs)
	sent      []int32      // the words' sentences (detect.Input.Sentences)
	own       detect.Input // holds wids and sent for a scan not started from an Input
	buf       []byte
	ks, ke    []int32  // key of word i is buf[ks[i]:ke[i]], for a word with symbols (see word)
	ent       []*entry // lexicon entry per word, or nil
	at        []int32  // the words a phrase pattern may start at (see pass)
	kinds     []uint32 // lexicon kinds per word
	hits      []hit
	present   uint64 // bit k set when kind k was hit
	all       uint32 // lexicon kinds of any word of the post
	flags     uint64 // feature-word flags of any word of the post
	sq        []byte
	x         *linear.Extractor
	hashes    *linear.Hashes // the post's shared feature hashes (detect.Input.Hashes)
	feats     []linear.Feature
	spamFeats []linear.Feature
	scores    [4]float32
	feated    bool
	spam      float32 // the spam model's score, once spammed
	spammed   bool
	abuse     [4]float32 // the abuse model's scores, once abused
	abused    bool
	sentQ     []int8 // per sentence: 0 unknown, 1 question, 2 not
	links     []link
	linked    bool
}

func (sc *scan) reset(d *textnorm.Doc) {
	sc.d = d
	sc.n = len(d.Words)
	sc.wids = nil
	sc.buf = sc.buf[:0]
	sc.ks, sc.ke = sc.ks[:0], sc.ke[:0]
	sc.ent = sc.ent[:0]
	sc.kinds = sc.kinds[:0]
	sc.hits = sc.hits[:0]
	sc.present = 0
	sc.all, sc.flags = 0, 0
	sc.feated, sc.spammed, sc.abused = false, false, false
	sc.sentQ = sc.sentQ[:0]
	sc.sent = nil
	sc.links = sc.links[:0]
	sc.linked = false
}

// word returns the key of word i: its normalised text with leet undone.
// Only a word with symbols has its key in ks and ke (see symbolWord); any
// other word's key is its normalised text.
func (sc *scan) word(i int) string {
	w := sc.d.Words[i]
	s, e := w.Start, w.End
	if w.Flags&textnorm.Symbol != 0 {
		s, e = sc.ks[i], sc.ke[i]
	}
	b := sc.buf[s:e]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func (sc *scan) sentStart(i int) bool { return sc.d.Words[i].Has(textnorm.SentStart) }

func (sc *scan) isNegation(i int) bool { return sc.kinds[i]&kNeg != 0 }

// pass computes every word's lexicon entry and matches the phrase patterns
// that start at each word. It reads the words' ids that start looked up;
// only other spellings (leet undone, letters squeezed) are looked up here,
// for the few words that can have them (a word with symbols, or with a
// letter repeated three times). With abuseOnly it matches only the obscene
// and harassment patterns.
func (f *Family) pass(sc *scan, abuseOnly bool) {
	d := sc.d
	if sc.wids == nil { // a scan not started from an Input
		sc.own.Doc = d
		sc.wids, sc.sent = sc.own.WordIDs(f.words), sc.own.Sentences()
	}
	sc.buf = append(sc.buf, d.Norm...) // keys of plain words alias this copy
	var post uint64                    // signature of the post's words (pattern.need)
	n := len(d.Words)
	sc.ks, sc.ke = slices.Grow(sc.ks[:0], n)[:n], slices.Grow(sc.ke[:0], n)[:n]
	sc.ent = slices.Grow(sc.ent[:0], n)[:n]
	sc.kinds = slices.Grow(sc.kinds[:0], n)[:n]
	ents, kinds, wids, words, norm := sc.ent, sc.kinds[:n], sc.wids[:n], d.Words[:n], d.Norm
	at := sc.at[:0] // the words a phrase pattern may start at
	var all uint32
	var flags uint64
	for i := range words {
		w := &words[i]
		ent := f.ent.Of(wids[i])
		if w.Flags&textnorm.Symbol != 0 {
			ent = f.symbolWord(sc, i, ent)
		} else if (ent == nil || ent.kinds == 0) && hasRun(norm[w.Start:w.End]) {
			ent = f.lookup(sc, i, ent)
		}
		ents[i] = ent
		if ent == nil {
			kinds[i] = 0
			if w.Flags&(textnorm.Alpha|textnorm.Digit) == textnorm.Digit && !abuseOnly {
				at = append(at, int32(i)) // a number: f.numPatterns
			}
			continue
		}
		k := ent.kinds
		kinds[i] = k
		all |= k
		flags |= ent.flags
		post |= sig(ent.id)
		if abuseOnly && ent.nAbuse > 0 || !abuseOnly && len(ent.patterns) > 0 {
			at = append(at, int32(i))
		}
	}
	sc.all, sc.flags, sc.at = all, flags, at
	if n > 0 {
		m := int(sc.sent[n-1]) + 1
		sc.sentQ = slices.Grow(sc.sentQ[:0], m)[:m]
		clear(sc.sentQ)
	}
	for _, i := range at {
		ent := ents[i]
		var pats []int32
		switch {
		case ent == nil:
			pats = f.numPatterns
		case abuseOnly:
			pats = ent.patterns[:ent.nAbuse]
		default:
			pats = ent.patterns
		}
		for _, p := range pats {
			pt := f.patterns[p]
			if !pt.possible(post) {
				continue
			}
			r := f.patRule[p]
			if end, ok := pt.matchAt(sc, int(i)); ok {
				k := f.rules[r].kindIdx
				if len(sc.hits) >= maxHits {
					return
				}
				sc.present |= 1 << k
				sc.hits = append(sc.hits, hit{kind: k, rule: r, from: int(i), to: end})
			}
		}
	}
}

// symbolWord returns the entry of word i, a word with symbols whose
// normalised form has entry exact: it notes the word's key (its text with
// leet undone when the lexicon does not know it as written) in ks and ke,
// and tries the key's other spellings.
func (f *Family) symbolWord(sc *scan, i int, exact *entry) *entry {
	w := sc.d.Words[i]
	s, e := w.Start, w.End
	if exact == nil {
		s = int32(len(sc.buf))
		sc.buf = textnorm.Deleet(sc.buf, sc.d.Norm[w.Start:w.End])
		e = int32(len(sc.buf))
		exact = f.get(sc.buf[s:e])
	}
	sc.ks[i], sc.ke[i] = s, e
	if exact == nil || exact.kinds == 0 {
		return f.lookup(sc, i, exact)
	}
	return exact
}

// lookup finds word i's entry: as written (exact, the entry of its key),
// then with repeated letters squeezed (fuuuck), then with asterisks as
// wildcards (f*ck, c*nts).
func (f *Family) lookup(sc *scan, i int, exact *entry) *entry {
	key := sc.word(i)
	b := unsafe.Slice(unsafe.StringData(key), len(key))
	e := exact
	if e != nil && e.kinds != 0 {
		return e
	}
	if hasRun(b) {
		sc.sq = textnorm.Squeeze(sc.sq[:0], b, 2)
		if e := f.get(sc.sq); e != nil && e.kinds&(kSwear|kInsult|kSlur|kSexual) != 0 {
			return e
		}
		sc.sq = textnorm.Squeeze(sc.sq[:0], b, 1)
		if e := f.get(sc.sq); e != nil && e.kinds&(kSwear|kInsult|kSlur|kSexual) != 0 {
			return e
		}
	}
	if sc.d.Words[i].Has(textnorm.Symbol) && wildKey(key) {
		for _, cand := range f.wild {
			if wildMatch(key, cand.canon) {
				return cand
			}
		}
	}
	return e
}

// maxHits bounds the phrase matches kept for one post.
const maxHits = 256

// hasRun reports whether s has a letter repeated three or more times in a row.
func hasRun(s []byte) bool {
	for i := 2; i < len(s); i++ {
		if s[i] == s[i-1] && s[i] == s[i-2] {
			return true
		}
	}
	return false
}

// wildKey reports whether key can match any word under wildMatch: it shows
// both an asterisk and a letter. Checking it once spares trying every
// vulgar word against a key without asterisks (sh1t, b4).
func wildKey(key string) bool {
	stars := 0
	for i := 0; i < len(key); i++ {
		if key[i] == '*' {
			stars++
		}
	}
	return stars > 0 && stars < len(key)
}

// wildMatch reports whether key, in which '*' stands for one hidden letter
// (a trailing run of '*' for one or more), spells word. The key must show at
// least one letter.
func wildMatch(key, word string) bool {
	letters := 0
	for i := 0; i < len(key); i++ {
		if key[i] != '*' {
			letters++
		}
	}
	if letters == 0 || letters == len(key) {
		return false
	}
	j := 0
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == '*' && i > 0 && allStars(key[i:]) {
			// trailing stars: at least as many letters remain as stars
			return len(word)-j >= len(key)-i
		}
		if j >= len(word) || (c != '*' && c != word[j]) {
			return false
		}
		j++
	}
	return j == len(word)
}

func allStars(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '*' {
			return false
		}
	}
	return true
}

// sentence returns the sentence index of word i.
func (sc *scan) sentence(i int) int { return int(sc.sent[i]) }

// question reports whether the sentence holding word i ends with a question mark.
func (sc *scan) question(i int) bool {
	s := sc.sentence(i)
	if q := sc.sentQ[s]; q != 0 {
		return q == 1
	}
	last := i
	for last+1 < sc.n && sc.sentence(last+1) == s {
		last++
	}
	end := len(sc.d.Norm)
	if last+1 < sc.n {
		end = int(sc.d.Words[last+1].Start)
	}
	q := int8(2)
	for _, c := range sc.d.Norm[sc.d.Words[last].End:end] {
		if c == '?' {
			q = 1
			break
		}
	}
	sc.sentQ[s] = q
	return q == 1
}

// sentenceHas reports whether any word of word i's sentence in [lo, hi)
// carries kind k.
func (sc *scan) sentenceHas(i int, k uint32, lo, hi int) bool {
	s := sc.sentence(i)
	for j := max(lo, 0); j < min(hi, sc.n); j++ {
		if sc.sentence(j) == s && sc.kinds[j]&k != 0 {
			return true
		}
	}
	return false
}

// anyKind reports whether any word of the post carries kind k.
func (sc *scan) anyKind(k uint32) bool { return sc.all&k != 0 }

// any reports whether any word of the post carries feature flag fl.
func (sc *scan) any(fl uint64) bool { return sc.flags&fl != 0 }

// numeric reports whether word i is a number.
func (sc *scan) numeric(i int) bool {
	w := sc.d.Words[i]
	return w.Flags&textnorm.Alpha == 0 && w.Flags&textnorm.Digit != 0
}

// hitInSentence reports whether a hit of kind k lies in the sentence of word i.
func (sc *scan) hitInSentence(k, i int) bool {
	s := sc.sentence(i)
	for _, h := range sc.hits {
		if h.kind == k && sc.sentence(h.from) == s {
			return true
		}
	}
	return false
}
