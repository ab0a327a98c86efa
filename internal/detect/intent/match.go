package intent

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// A phrase pattern is a sequence of slots over the words of a post, written
// as space-separated slots:
//
//	word        one word (apostrophes removed: "can't" is written cant)
//	a|b|c       any one of the alternatives
//	slot?       the slot may be absent
//	*           any one word
//	~N          up to N words of any kind (0..N)
//	#num        a word of digits
//
// Patterns are compiled once into word ids, so matching a post is a map
// lookup per word and a few integer comparisons per candidate pattern.

// slot is one compiled position of a pattern.
type slot struct {
	ids []int32  // acceptable word ids; empty with any or num set
	set []uint64 // the same ids as a bit set, for long alternations
	any bool     // any word
	num bool     // a word of digits
	opt bool     // may be absent
	gap int      // 0..gap words of any kind (a gap slot has no ids)
}

// plain reports whether the slot must match exactly one word.
func (s *slot) plain() bool { return !s.opt && s.gap == 0 && !s.any }

func (s *slot) ok(id int32, isNum bool) bool {
	if s.any || (s.num && isNum) {
		return true
	}
	if s.set != nil {
		return id >= 0 && int(id>>6) < len(s.set) && s.set[id>>6]&(1<<(id&63)) != 0
	}
	for _, x := range s.ids {
		if x == id {
			return true
		}
	}
	return false
}

type pattern struct {
	cue    cue
	slots  []slot
	src    string
	second *slot // the second slot when it must match exactly one word, for a quick reject
	// need holds, for each slot after the first that must match a listed
	// word, the signature of the words it accepts (bit id%64 of each): a
	// post whose words' signature misses one of them cannot match.
	need []uint64
}

// sig is the signature bit of word id.
func sig(id int32) uint64 { return 1 << (uint32(id) & 63) }

// possible reports whether a post whose words have signature post can
// match the pattern.
func (p *pattern) possible(post uint64) bool {
	for _, n := range p.need {
		if n&post == 0 {
			return false
		}
	}
	return true
}

// matcher finds every cue's phrases in a post.
type matcher struct {
	vocab map[string]int32 // pattern word -> id
	// words is the vocabulary the post's words are looked up in (the
	// matcher's own, or an Engine's shared one) and lex maps its ids to
	// pattern word ids (-1 for a word no pattern lists).
	words    *detect.Vocab
	lex      detect.Lex[int32]
	pats     []pattern
	byFirst  [][]int32 // first word id -> pattern indices
	numFirst []int32   // patterns whose first slot is #num
	// For each first word id: the patterns whose second slot is not one
	// plain word (always tried).
	other2 [][]int32
	// The patterns whose second slot is one plain word, by their first and
	// second words (tried only when the next word is one of them), and for
	// each first word id the bit set of word ids such a second slot accepts
	// and whether one accepts a number, for a quick reject.
	pairs     pairIndex
	second    [][]uint64
	secondNum []bool
}

func newMatcher() *matcher {
	return &matcher{vocab: map[string]int32{}}
}

func (m *matcher) id(w string) int32 {
	if id, ok := m.vocab[w]; ok {
		return id
	}
	id := int32(len(m.vocab))
	m.vocab[w] = id
	return id
}

// add compiles one pattern for cue c.
func (m *matcher) add(c cue, src string) error {
	fields := strings.Fields(src)
	if len(fields) == 0 {
		return fmt.Errorf("empty pattern for cue %d", c)
	}
	var slots []slot
	for _, f := range fields {
		var s slot
		if strings.HasPrefix(f, "~") {
			n := 0
			if _, err := fmt.Sscanf(f[1:], "%d", &n); err != nil || n <= 0 {
				return fmt.Errorf("pattern %q: bad gap %q", src, f)
			}
			s.gap = n
			slots = append(slots, s)
			continue
		}
		if strings.HasSuffix(f, "?") && len(f) > 1 {
			s.opt = true
			f = f[:len(f)-1]
		}
		switch f {
		case "*":
			s.any = true
		case "#num":
			s.num = true
		default:
			for _, alt := range strings.Split(f, "|") {
				alt = strings.ReplaceAll(alt, "'", "")
				if alt == "" {
					return fmt.Errorf("pattern %q: empty alternative", src)
				}
				s.ids = append(s.ids, m.id(alt))
			}
		}
		slots = append(slots, s)
	}
	first := slots[0]
	if first.opt || first.gap > 0 || first.any {
		return fmt.Errorf("pattern %q: the first slot must be a plain word or #num", src)
	}
	idx := int32(len(m.pats))
	m.pats = append(m.pats, pattern{cue: c, slots: slots, src: src})
	if len(slots) > 1 && slots[1].plain() {
		m.pats[idx].second = &m.pats[idx].slots[1]
	}
	if first.num {
		m.numFirst = append(m.numFirst, idx)
	}
	for _, id := range first.ids {
		for int(id) >= len(m.byFirst) {
			m.byFirst = append(m.byFirst, nil)
		}
		m.byFirst[id] = append(m.byFirst[id], idx)
	}
	return nil
}

// seal builds bit sets for long alternations and the second-word index once
// every word has its id.
func (m *matcher) seal() {
	m.bind(detect.NewVocab(m.wordList()))
	n := (len(m.vocab) + 63) / 64
	k := len(m.byFirst)
	m.other2 = make([][]int32, k)
	m.second, m.secondNum = make([][]uint64, k), make([]bool, k)
	pairs := map[uint64][]int32{}
	for id, ps := range m.byFirst {
		for _, p := range ps {
			s2 := m.pats[p].second
			if s2 == nil {
				m.other2[id] = append(m.other2[id], p)
				continue
			}
			if m.second[id] == nil {
				m.second[id] = make([]uint64, n)
			}
			for k, x := range s2.ids {
				if slices.Contains(s2.ids[:k], x) {
					continue // an alternative listed twice is tried once
				}
				m.second[id][x>>6] |= 1 << (x & 63)
				pairs[pairKey(int32(id), x)] = append(pairs[pairKey(int32(id), x)], p)
			}
			if s2.num {
				m.secondNum[id] = true
				pairs[pairKey(int32(id), numWord)] = append(pairs[pairKey(int32(id), numWord)], p)
			}
		}
	}
	m.pairs = newPairIndex(pairs)
	for p := range m.pats {
		pt := &m.pats[p]
		for _, s := range pt.slots[1:] {
			if s.any || s.num || s.opt || s.gap > 0 || len(s.ids) == 0 {
				continue
			}
			var n uint64
			for _, id := range s.ids {
				n |= sig(id)
			}
			if n != ^uint64(0) {
				pt.need = append(pt.need, n)
			}
		}
		for i := range m.pats[p].slots {
			s := &m.pats[p].slots[i]
			if len(s.ids) > 2 {
				s.set = make([]uint64, n)
				for _, id := range s.ids {
					s.set[id>>6] |= 1 << (id & 63)
				}
			}
		}
	}
}

// wordList returns the pattern words, sorted.
func (m *matcher) wordList() []string { return slices.Sorted(maps.Keys(m.vocab)) }

// bind makes the matcher look words up in v, which holds every pattern word.
func (m *matcher) bind(v *detect.Vocab) {
	m.words, m.lex = v, detect.NewLex(v, m.vocab, -1)
}

// numWord stands for "a number" as the second word of a pair.
const numWord = -2

func pairKey(first, second int32) uint64 { return uint64(uint32(first))<<32 | uint64(uint32(second)) }

// pairIndex maps a pair of word ids (pairKey) to the patterns, in the order
// they were added, whose first slot accepts the first word and whose second
// slot is one plain word accepting the second: an open-addressed table,
// cheaper per lookup than a map.
type pairIndex struct {
	keys  []uint64 // emptyPair where no pair is
	spans [][2]int32
	pats  []int32
	shift uint8
}

const emptyPair = ^uint64(0) // no pair of real word ids has this key

func newPairIndex(pairs map[uint64][]int32) pairIndex {
	bits := uint8(4)
	for 1<<bits < 2*len(pairs) {
		bits++
	}
	x := pairIndex{keys: make([]uint64, 1<<bits), spans: make([][2]int32, 1<<bits), shift: 64 - bits}
	for i := range x.keys {
		x.keys[i] = emptyPair
	}
	for _, key := range slices.Sorted(maps.Keys(pairs)) {
		h := x.slot(key)
		for x.keys[h] != emptyPair {
			h = (h + 1) & (len(x.keys) - 1)
		}
		x.keys[h] = key
		x.spans[h] = [2]int32{int32(len(x.pats)), int32(len(x.pats) + len(pairs[key]))}
		x.pats = append(x.pats, pairs[key]...)
	}
	return x
}

func (x *pairIndex) slot(key uint64) int { return int((key * 0x9e3779b97f4a7c15) >> x.shift) }

// get returns the patterns of the pair first, second (none when it has none).
func (x *pairIndex) get(first, second int32) []int32 {
	key := pairKey(first, second)
	for h := x.slot(key); ; h = (h + 1) & (len(x.keys) - 1) {
		switch x.keys[h] {
		case key:
			sp := x.spans[h]
			return x.pats[sp[0]:sp[1]]
		case emptyPair:
			return nil
		}
	}
}

// matchAt returns the end (exclusive word index) of a match of slots at word
// i, or -1.
func matchAt(slots []slot, ids []int32, nums []bool, i int) int {
	// slots that match exactly one word need no backtracking
	for len(slots) > 0 && slots[0].gap == 0 && !slots[0].opt {
		if i >= len(ids) || !slots[0].ok(ids[i], nums[i]) {
			return -1
		}
		slots, i = slots[1:], i+1
	}
	if len(slots) == 0 {
		return i
	}
	s := &slots[0]
	if s.gap > 0 {
		if r := slots[1:]; len(r) > 0 && r[0].gap == 0 && !r[0].opt {
			// the slot after the gap matches one word: try only where it does
			for g := 0; g <= s.gap && i+g < len(ids); g++ {
				if r[0].ok(ids[i+g], nums[i+g]) {
					if e := matchAt(r, ids, nums, i+g); e >= 0 {
						return e
					}
				}
			}
			return -1
		}
		for g := 0; g <= s.gap && i+g <= len(ids); g++ {
			if e := matchAt(slots[1:], ids, nums, i+g); e >= 0 {
				return e
			}
		}
		return -1
	}
	if i < len(ids) && s.ok(ids[i], nums[i]) {
		if e := matchAt(slots[1:], ids, nums, i+1); e >= 0 {
			return e
		}
	}
	if s.opt {
		return matchAt(slots[1:], ids, nums, i)
	}
	return -1
}

// hit is one matched phrase: a cue and the words [from, to) it covers.
type hit struct {
	cue      cue
	pat      int32 // the pattern that matched
	from, to int
	dead     bool // removed by context (negation, an idiom, a process question)
}

// lookup fills sc.ids and sc.nums with each word's pattern word id (-1 when
// the word is in no pattern) and whether it is a number. The words as
// normalised come from in.WordIDs; only words with an apostrophe (dropped,
// as patterns are written) or leet are looked up again.
func (m *matcher) lookup(in *detect.Input, sc *scratch) {
	d := in.Doc
	n := len(d.Words)
	wids := in.WordIDs(m.words)[:n]
	sc.wids = wids
	sc.ids = slices.Grow(sc.ids[:0], n)[:n]
	sc.nums = slices.Grow(sc.nums[:0], n)[:n]
	ids, nums := sc.ids, sc.nums
	var post uint64
	anyNum := false
	for i, w := range d.Words {
		var id int32
		if w.Has(textnorm.Apostrophe) {
			sc.buf = sc.buf[:0]
			for _, c := range d.Norm[w.Start:w.End] {
				if c != '\'' {
					sc.buf = append(sc.buf, c)
				}
			}
			id = m.lex.Of(m.words.Get(sc.buf))
			if id < 0 && w.Has(textnorm.Symbol) && w.Flags&textnorm.Alpha != 0 {
				sc.leet = textnorm.Deleet(sc.leet[:0], sc.buf)
				id = m.lex.Of(m.words.Get(sc.leet))
			}
		} else {
			id = m.lex.Of(wids[i])
			if id < 0 && w.Has(textnorm.Symbol) && w.Flags&textnorm.Alpha != 0 {
				sc.leet = textnorm.Deleet(sc.leet[:0], d.Norm[w.Start:w.End])
				id = m.lex.Of(m.words.Get(sc.leet))
			}
		}
		if id >= 0 {
			post |= sig(id)
		}
		num := w.Flags&(textnorm.Alpha|textnorm.Digit) == textnorm.Digit
		anyNum = anyNum || num
		ids[i], nums[i] = id, num
	}
	sc.sig, sc.anyNum = post, anyNum
}

// find appends every match in the post to sc.hits. Matches of the same
// pattern may overlap; every start position is tried.
func (m *matcher) find(sc *scratch) {
	sc.hits = sc.hits[:0]
	for i, id := range sc.ids {
		// a pattern's first slot matches word i, as it is indexed by it
		if sc.nums[i] {
			for _, p := range m.numFirst {
				if !m.pats[p].possible(sc.sig) {
					continue
				}
				if e := matchAt(m.pats[p].slots[1:], sc.ids, sc.nums, i+1); e > i {
					sc.hits = append(sc.hits, hit{cue: m.pats[p].cue, pat: p, from: i, to: e})
				}
			}
		}
		if id < 0 || int(id) >= len(m.byFirst) {
			continue
		}
		for _, p := range m.other2[id] {
			pt := &m.pats[p]
			if len(pt.slots) == 1 {
				sc.hits = append(sc.hits, hit{cue: pt.cue, pat: p, from: i, to: i + 1})
				continue
			}
			if !pt.possible(sc.sig) {
				continue
			}
			if e := matchAt(pt.slots[1:], sc.ids, sc.nums, i+1); e > i {
				sc.hits = append(sc.hits, hit{cue: pt.cue, pat: p, from: i, to: e})
			}
		}
		if i+1 >= len(sc.ids) || m.second[id] == nil {
			continue
		}
		// one check rejects every pattern the next word cannot continue;
		// the pair index gives those it can
		next, nextNum := sc.ids[i+1], sc.nums[i+1]
		var byWord, byNum []int32
		if next >= 0 && m.second[id][next>>6]&(1<<(next&63)) != 0 {
			byWord = m.pairs.get(id, next)
		}
		if nextNum && m.secondNum[id] {
			byNum = m.pairs.get(id, numWord)
		}
		if len(byNum) > 0 && len(byWord) > 0 {
			sc.pairs = merge(sc.pairs[:0], byWord, byNum)
			byWord = sc.pairs
		} else if len(byNum) > 0 {
			byWord = byNum
		}
		for _, p := range byWord {
			pt := &m.pats[p]
			if !pt.possible(sc.sig) {
				continue
			}
			if e := matchAt(pt.slots[2:], sc.ids, sc.nums, i+2); e > i {
				sc.hits = append(sc.hits, hit{cue: pt.cue, pat: p, from: i, to: e})
			}
		}
	}
}

// merge appends to dst the elements of a and b, both in increasing order
// and with none in common (a slot lists words or accepts a number, never
// both), in increasing order.
func merge(dst, a, b []int32) []int32 {
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			dst, a = append(dst, a[0]), a[1:]
		} else {
			dst, b = append(dst, b[0]), b[1:]
		}
	}
	return append(append(dst, a...), b...)
}
