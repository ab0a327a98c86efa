package conduct

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// slot is one position of a phrase pattern: a word from a set of
// alternatives (exact words, prefixes ending in "*", or named groups), which
// may be optional, and how many other words may come before it.
type slot struct {
	words    map[string]bool // until compiled into bits
	bits     []uint64        // word ids (entry.id) the slot accepts
	prefixes []string
	groups   []*wordSet
	any      bool // "_": any one word
	num      bool // "@num": a number
	end      bool // "$": the end of the sentence (matches no word)
	optional bool // "?": the slot may be absent
	gap      int  // "~N": up to N other words may precede this slot
}

// wordSet is a named group of words ("@med"), shared by patterns.
type wordSet struct {
	words    map[string]bool
	prefixes []string
}

func newWordSet(list string) *wordSet {
	s := &wordSet{words: map[string]bool{}}
	for _, w := range strings.Fields(list) {
		if p, ok := strings.CutSuffix(w, "*"); ok {
			s.prefixes = append(s.prefixes, p)
		} else {
			s.words[w] = true
		}
	}
	return s
}

// match reports whether word i of the scan fits the slot: one bit test for
// listed words, a string test only for the few slots with prefixes.
func (s *slot) match(sc *scan, i int) bool {
	if s.any {
		return true
	}
	if e := sc.ent[i]; e != nil && e.id > 0 && int(e.id>>6) < len(s.bits) && s.bits[e.id>>6]&(1<<(e.id&63)) != 0 {
		return true
	}
	if s.num && sc.numeric(i) {
		return true
	}
	if len(s.prefixes) > 0 {
		w := sc.word(i)
		for _, p := range s.prefixes {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

// vocabulary returns every word the slot lists, directly or through groups.
func (s *slot) vocabulary(fn func(string)) {
	for w := range s.words {
		fn(w)
	}
	for _, g := range s.groups {
		for w := range g.words {
			fn(w)
		}
	}
}

// compile turns the slot's word lists into a bit set over word ids.
func (s *slot) compile(id func(string) uint32) {
	s.vocabulary(func(w string) {
		n := id(w)
		for int(n>>6) >= len(s.bits) {
			s.bits = append(s.bits, 0)
		}
		s.bits[n>>6] |= 1 << (n & 63)
	})
	for _, g := range s.groups {
		s.prefixes = append(s.prefixes, g.prefixes...)
	}
	s.words, s.groups = nil, nil
}

// pattern is a compiled phrase: a sequence of slots matched against
// consecutive words of one sentence. Gaps never skip a negation ("not",
// "never", "doesn't"), so "the jab can't give you flu" does not match
// "jab ~2 give you flu".
type pattern struct {
	slots []slot
	src   string
	// need holds, for each slot after the first that must match a listed
	// word (not optional, no prefixes, numbers or wildcards), a signature of
	// the words it accepts: bit id%64 for each. A post whose words'
	// signature misses any of them cannot match, so it is not tried.
	need []uint64
}

// sig is the signature bit of word id.
func sig(id uint32) uint64 { return 1 << (id & 63) }

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

// seal computes the pattern's need from its compiled slots.
func (p *pattern) seal() {
	for _, s := range p.slots[1:] {
		if s.any || s.num || s.end || s.optional || len(s.prefixes) > 0 || len(s.bits) == 0 {
			continue
		}
		var n uint64
		for k, b := range s.bits {
			for ; b != 0; b &= b - 1 {
				n |= sig(uint32(k*64 + bits.TrailingZeros64(b)))
			}
		}
		if n != ^uint64(0) {
			p.need = append(p.need, n)
		}
	}
}

// compilePattern parses a pattern: space-separated slots, each "a|b|c*|@group"
// with an optional "?" prefix (optional slot), or "_" (any word), or "~N"
// (allow up to N words before the next slot). "[a b|c]" groups multi-word
// alternatives; a pattern with groups expands into several patterns.
func compilePattern(src string, groups map[string]*wordSet) ([]*pattern, error) {
	var out []*pattern
	for _, flat := range expand(src) {
		p := &pattern{src: src}
		gap := 0
		for _, tok := range strings.Fields(flat) {
			if n, ok := strings.CutPrefix(tok, "~"); ok {
				g, err := strconv.Atoi(n)
				if err != nil {
					return nil, fmt.Errorf("pattern %q: bad gap %q", src, tok)
				}
				gap = g
				continue
			}
			s := slot{gap: gap}
			gap = 0
			if t, ok := strings.CutPrefix(tok, "?"); ok {
				s.optional, tok = true, t
			}
			switch tok {
			case "_":
				s.any = true
			case "$":
				s.end = true
			default:
				for _, alt := range strings.Split(tok, "|") {
					switch {
					case alt == "@num":
						s.num = true
					case strings.HasPrefix(alt, "@"):
						g := groups[alt[1:]]
						if g == nil {
							return nil, fmt.Errorf("pattern %q: unknown group %q", src, alt)
						}
						s.groups = append(s.groups, g)
					case strings.HasSuffix(alt, "*"):
						s.prefixes = append(s.prefixes, strings.TrimSuffix(alt, "*"))
					case alt != "":
						if s.words == nil {
							s.words = map[string]bool{}
						}
						s.words[alt] = true
					}
				}
			}
			p.slots = append(p.slots, s)
		}
		if len(p.slots) == 0 || p.slots[0].optional || p.slots[0].any || p.slots[0].end || len(p.slots[0].prefixes) > 0 {
			return nil, fmt.Errorf("pattern %q: must start with a required word", src)
		}
		out = append(out, p)
	}
	return out, nil
}

// expand turns "a [b c|d] e" into "a b c e" and "a d e".
func expand(src string) []string {
	i := strings.IndexByte(src, '[')
	if i < 0 {
		return []string{src}
	}
	j := strings.IndexByte(src[i:], ']')
	if j < 0 {
		return []string{src}
	}
	j += i
	var out []string
	for _, alt := range strings.Split(src[i+1:j], "|") {
		alt = strings.TrimSpace(alt)
		if strings.HasPrefix(alt, "?") { // "[?a b]" is an optional group
			alt = strings.TrimPrefix(alt, "?")
			out = append(out, expand(src[:i]+" "+src[j+1:])...)
		}
		out = append(out, expand(src[:i]+" "+alt+" "+src[j+1:])...)
	}
	return out
}

// matchAt reports whether the pattern matches starting at word i, and the
// index of the last word it matched. The pattern must be listed at word i
// (entry.patterns of the word's entry, or Family.numPatterns at a number),
// so its first slot accepts the word: it is indexed by that slot's words.
func (p *pattern) matchAt(sc *scan, i int) (int, bool) {
	return p.rest(sc, 1, i+1, i)
}

// rest matches slots[k:] from word i; last is the last matched word so far.
func (p *pattern) rest(sc *scan, k, i, last int) (int, bool) {
	if k == len(p.slots) {
		return last, true
	}
	s := &p.slots[k]
	if s.end {
		if i >= sc.n || sc.sentStart(i) {
			return p.rest(sc, k+1, i, last)
		}
		return 0, false
	}
	for skip := 0; skip <= s.gap; skip++ {
		j := i + skip
		if j >= sc.n || sc.sentStart(j) {
			break
		}
		if skip > 0 && sc.isNegation(j-1) {
			break
		}
		if s.match(sc, j) {
			if end, ok := p.rest(sc, k+1, j+1, j); ok {
				return end, true
			}
		}
	}
	if s.optional {
		return p.rest(sc, k+1, i, last)
	}
	return 0, false
}
