// Package linear is a small multi-label logistic-regression text classifier
// over hashed word n-grams of the normalised text: fast to score (no
// allocations), explainable (each feature knows the words it came from, so a
// finding can point at its evidence), trained reproducibly from a fixed seed,
// and stored as a small sparse file shipped in the repository.
package linear

import (
	"slices"

	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Feature is one hashed feature and the words (inclusive indices into
// Doc.Words) it came from.
type Feature struct {
	Hash     uint32
	From, To int
}

// Extractor turns a Doc into hashed features. Its buffers are reused, so an
// Extractor is not safe for concurrent use: keep one per goroutine.
type Extractor struct {
	Bits    uint8 // features hash into 2^Bits buckets
	Bigrams bool  // add word bigrams to unigrams
	feats   []Feature
	own     Hashes // Extract's
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// tokenHash hashes word i in the form features use: leet undone, letters
// repeated more than twice squeezed, digit runs reduced to their length. A
// plain word is already in that form, so its hash is the one the Doc holds.
func (x *Hashes) tokenHash(d *textnorm.Doc, i int) uint64 {
	w := d.Words[i]
	t := d.Text(w)
	switch {
	case w.Has(textnorm.Handle):
		return userHash
	case w.Flags&textnorm.Alpha == 0 && w.Flags&textnorm.Digit != 0:
		return numberHash[min(len(t), 12)]
	case !w.Has(textnorm.Symbol) && !hasRun3(t):
		return d.Hash(i) // the FNV-1a hash of t, as fnv(fnvOffset, t)
	}
	x.buf = x.buf[:0]
	if w.Has(textnorm.Symbol) {
		x.buf = textnorm.Deleet(x.buf, t)
		t = x.buf
	}
	// squeeze in place into a second region of buf
	start := len(x.buf)
	x.buf = textnorm.Squeeze(x.buf, t, 2)
	return fnv(fnvOffset, x.buf[start:])
}

// userHash is the token hash of every handle; numberHash[n] that of a
// number of n digits (12 or more count as 12).
var (
	userHash   = fnv(fnvOffset, []byte("@user"))
	numberHash = func() (h [13]uint64) {
		for n := range h {
			h[n] = fnv(fnvOffset, []byte{'#', byte('a' + n)})
		}
		return h
	}()
)

// hasRun3 reports whether t has a byte repeated three or more times in a
// row: whether squeezing to two changes it.
func hasRun3(t []byte) bool {
	for k := 2; k < len(t); k++ {
		if t[k] == t[k-1] && t[k] == t[k-2] {
			return true
		}
	}
	return false
}

// Extract returns the features of d. The slice is reused by the next call.
func (x *Extractor) Extract(d *textnorm.Doc) []Feature {
	x.own.doc = nil // computed afresh: the caller may have changed d
	return x.ExtractShared(&x.own, d)
}

// Hashes holds a post's features before they are folded into a model's
// buckets. Models with different bucket counts read the same hashes, so
// filling it once per post lets every model that reads the post share one
// extraction. The zero value is ready to use; it is not safe for concurrent
// use.
type Hashes struct {
	doc *textnorm.Doc // the post the hashes are of (kept alive, so the pointer cannot be reused)
	gen uint64        // and its generation
	uni []uint64      // uni[i]: word i's feature hash
	bi  []uint64      // bi[i]: the bigram of words i-1 and i (bi[0] unused)
	buf []byte
}

// fill computes the hashes of d unless they are already d's.
func (h *Hashes) fill(d *textnorm.Doc) {
	if h.doc == d && h.gen == d.Gen() {
		return
	}
	h.doc, h.gen = d, d.Gen()
	n := len(d.Words)
	h.uni = slices.Grow(h.uni[:0], n)[:n]
	h.bi = slices.Grow(h.bi[:0], n)[:n]
	if n == 0 {
		return
	}
	uni, bi := h.uni, h.bi[:n]
	// tokenHash of every word, its common cases in a loop that calls
	// nothing (so that it runs in registers); a word it leaves is marked
	// in bi and hashed after
	words, norm := d.Words[:n], d.Norm
	slow := false
	for i, w := range words {
		bi[i] = 0
		switch {
		case w.Flags&textnorm.Handle != 0:
			uni[i] = userHash
		case w.Flags&(textnorm.Alpha|textnorm.Digit) == textnorm.Digit:
			uni[i] = numberHash[min(w.Len(), 12)]
		case w.Flags&textnorm.Symbol == 0 && !hasRun3(norm[w.Start:w.End]):
			uni[i] = d.Hash(i) // the FNV-1a hash of the word, as tokenHash gives a plain word
		default:
			bi[i], slow = 1, true
		}
	}
	if slow {
		for i := range words {
			if bi[i] != 0 {
				uni[i] = h.tokenHash(d, i)
			}
		}
	}
	// the features' hashes, spread
	prev := uni[0]
	uni[0] = mix(prev)
	for i := 1; i < n; i++ {
		t := uni[i]
		uni[i] = mix(t)
		bi[i] = mix(prev*31 + t + 0x9e3779b97f4a7c15)
		prev = t
	}
}

// Of returns d's feature hashes, filling h first unless they are d's
// already: uni[i] is word i's, bi[i] (i ≥ 1) that of words i-1 and i. A
// model of b bits folds a hash into bucket hash & (1<<b - 1), as
// ExtractShared does. The slices are h's, valid until it is filled again.
func (h *Hashes) Of(d *textnorm.Doc) (uni, bi []uint64) {
	h.fill(d)
	return h.uni, h.bi
}

// ExtractShared is Extract reading, or first filling, the post's shared
// hashes h.
func (x *Extractor) ExtractShared(h *Hashes, d *textnorm.Doc) []Feature {
	h.fill(d)
	n := len(d.Words)
	mask := uint64(1)<<x.Bits - 1
	// one feature for "empty or emoji-only" so the bias is not the only signal
	if n == 0 {
		x.feats = append(x.feats[:0], Feature{Hash: uint32(emptyHash & mask), From: -1, To: -1})
		return x.feats
	}
	uni, bi := h.uni[:n], h.bi[:n]
	if !x.Bigrams {
		feats := slices.Grow(x.feats[:0], n)[:n]
		for i, u := range uni {
			feats[i] = Feature{Hash: uint32(u & mask), From: i, To: i}
		}
		x.feats = feats
		return feats
	}
	// word 0's unigram, then each word's unigram and its bigram with the one before
	feats := slices.Grow(x.feats[:0], 2*n-1)[:2*n-1]
	feats[0] = Feature{Hash: uint32(uni[0] & mask), From: 0, To: 0}
	for i := 1; i < n; i++ {
		f := feats[2*i-1 : 2*i+1]
		f[0] = Feature{Hash: uint32(uni[i] & mask), From: i, To: i}
		f[1] = Feature{Hash: uint32(bi[i] & mask), From: i - 1, To: i}
	}
	x.feats = feats
	return feats
}

// emptyHash is the feature hash of a post without words.
var emptyHash = mix(fnv(fnvOffset, []byte("<empty>")))

// mix spreads a 64-bit hash's bits (SplitMix64 finaliser).
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
