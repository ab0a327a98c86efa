package conduct

import (
	"bytes"

	"github.com/pagekeeper/pagekeeper/internal/linear"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// SpamFeatures appends to dst the spam model's features of d, given the
// word n-gram features base that an Extractor with the model's layout gave:
// the word features that hold no number (patients quote their own phone
// numbers and dates), and shapes of the text: a premium-rate number, an
// SMS short code, a price, and shouting. The trainer and the detector both call it, so they agree.
func SpamFeatures(dst []linear.Feature, d *textnorm.Doc, base []linear.Feature, bits uint8) []linear.Feature {
	mask := uint64(1)<<bits - 1
	hasNum, caps := false, 0
	for i, w := range d.Words {
		if numeric(d, i) {
			hasNum = true
		} else if w.Has(textnorm.AllCaps) && w.Len() >= 3 {
			caps++
		}
	}
	if !hasNum {
		dst = append(dst, base...) // most posts: no feature to leave out
	} else {
		for _, f := range base {
			if f.From >= 0 && (numeric(d, f.From) || numeric(d, f.To)) {
				continue
			}
			dst = append(dst, f)
		}
	}
	var buf [8]uint64
	for _, h := range spamShapes(buf[:0], d, hasNum, caps) {
		dst = append(dst, linear.Feature{Hash: uint32(h & mask), From: -1, To: -1})
	}
	return dst
}

// spamShapes appends to dst the hashes of the shape features SpamFeatures
// gives d, in its order (before they are folded into buckets): each run of
// numbers' shape, two and four words in capitals (of three letters or
// more, caps of them), a "<price>" for every £ followed by a digit, and two
// exclamation marks. hasNum tells whether d has a number at all.
func spamShapes(dst []uint64, d *textnorm.Doc, hasNum bool, caps int) []uint64 {
	if hasNum {
		words := d.Words
		run, runStart := 0, 0
		for i, w := range words {
			if !numeric(d, i) {
				if run > 0 {
					dst = appendRunShape(dst, d, run, runStart)
				}
				run = 0
				continue
			}
			if run > 0 && int(w.Start)-int(words[i-1].End) <= 2 {
				run += w.Len()
				continue
			}
			if run > 0 {
				dst = appendRunShape(dst, d, run, runStart)
			}
			run, runStart = w.Len(), i
		}
		if run > 0 {
			dst = appendRunShape(dst, d, run, runStart)
		}
	}
	if caps >= 2 {
		dst = append(dst, caps2Hash)
	}
	if caps >= 4 {
		dst = append(dst, caps4Hash)
	}
	for k, n := 0, d.Norm; ; k++ {
		j := bytes.IndexByte(n[k:], 0xC2)
		if j < 0 {
			break
		}
		k += j
		if k+2 < len(n) && n[k+1] == 0xA3 && isDigitByte(n[k+2]) {
			dst = append(dst, priceHash)
		}
	}
	if bytes.Count(d.Norm, bang) >= 2 {
		dst = append(dst, bangsHash)
	}
	return dst
}

// appendRunShape appends the shape of a run of numbers of run digits that
// starts at word i, if it has one: a premium-rate number or a short code.
func appendRunShape(dst []uint64, d *textnorm.Doc, run, i int) []uint64 {
	lead := d.Norm[d.Words[i].Start:]
	switch {
	case run >= 10 && (hasPrefix(lead, "09") || hasPrefix(lead, "087") || hasPrefix(lead, "084") || hasPrefix(lead, "4409") || hasPrefix(lead, "4487")):
		return append(dst, premiumHash)
	case run == 5 || run == 4:
		return append(dst, shortcodeHash)
	}
	return dst
}

var bang = []byte{'!'}

func numeric(d *textnorm.Doc, i int) bool {
	w := d.Words[i]
	return w.Flags&textnorm.Alpha == 0 && w.Flags&textnorm.Digit != 0
}

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }

func hashString(seed uint64, s string) uint64 {
	h := seed ^ 14695981039346656037
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// splitmix spreads a hash's bits (SplitMix64 finaliser).
func splitmix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// The hashes of SpamFeatures' shape features, before they are folded into
// buckets.
var (
	premiumHash   = shapeHash("<premium>")
	shortcodeHash = shapeHash("<shortcode>")
	caps2Hash     = shapeHash("<caps2>")
	caps4Hash     = shapeHash("<caps4>")
	priceHash     = shapeHash("<price>")
	bangsHash     = shapeHash("<bangs>")
)

func shapeHash(s string) uint64 { return splitmix(hashString(0x5eed, s)) }

// spamFast is spamScore computed straight from the post's shared hashes:
// the weights of SpamFeatures' features added in its order, as Scores adds
// them, so the score is equal to the bit, without building the features
// (every post the fraud rules leave open needs the score; only those it
// makes a finding of need the features, for Evidence). It leaves the
// post's spamScore uncomputed. ok is false for a post without words or
// without features, which spamScore handles.
func (f *Family) spamFast(sc *scan) (p float32, ok bool) {
	if sc.spammed {
		return sc.spam, true
	}
	d, m := sc.d, f.spamModel
	if len(d.Words) == 0 || sc.hashes == nil || len(m.Labels) != 1 || !m.Bigrams {
		return 0, false // an empty post has a feature of its own (ExtractShared)
	}
	uni, bi := sc.hashes.Of(d)
	mask := uint64(1)<<m.Bits - 1
	sum, n, caps, hasNum := wordWeights(d.Words, uni, bi, m.W, mask)
	var buf [8]uint64
	for _, h := range spamShapes(buf[:0], d, hasNum, caps) {
		sum += m.W[h&mask]
		n++
	}
	if n == 0 {
		return 0, false // only numbers
	}
	return m.Prob(0, sum, n), true
}

// spamEvidence is the spam model's Evidence among SpamFeatures' features
// of the post: the words of the n-gram that weighs most for spam. Unless
// spamScore built the features, it reads the post's shared hashes in their
// order, as spamFast does.
func (f *Family) spamEvidence(sc *scan) (from, to int, ok bool) {
	m := f.spamModel
	if sc.spammed {
		ft, ok := m.Evidence(sc.spamFeats, 0)
		return ft.From, ft.To, ok
	}
	d := sc.d
	uni, bi := sc.hashes.Of(d)
	mask := uint64(1)<<m.Bits - 1
	var best float32 // only a positive weight is evidence
	prevNum := false
	for i, w := range d.Words {
		if w.Flags&(textnorm.Alpha|textnorm.Digit) == textnorm.Digit {
			prevNum = true // a number: none of its n-grams
			continue
		}
		if v := m.W[uni[i]&mask]; v > best {
			best, from, to, ok = v, i, i, true
		}
		if i > 0 && !prevNum {
			if v := m.W[bi[i]&mask]; v > best {
				best, from, to, ok = v, i-1, i, true
			}
		}
		prevNum = false
	}
	return from, to, ok
}

// wordWeights sums the weights wt[hash&mask] of the word unigrams and
// bigrams SpamFeatures keeps (none with a number), in its order. It counts
// them and the words in capitals SpamFeatures counts, and reports whether
// there was a number. (A function of its own, with no call inside, so that
// its loop runs in registers.)
func wordWeights(words []textnorm.Word, uni, bi []uint64, wt []float32, mask uint64) (sum float32, n, caps int, hasNum bool) {
	uni, bi = uni[:len(words)], bi[:len(words)]
	prevNum := false
	for i, w := range words {
		if w.Flags&(textnorm.Alpha|textnorm.Digit) == textnorm.Digit {
			prevNum, hasNum = true, true
			continue
		}
		// the word's unigram, and its bigram with the word before unless
		// that is a number
		sum += wt[uni[i]&mask]
		n++
		if i > 0 && !prevNum {
			sum += wt[bi[i]&mask]
			n++
		}
		prevNum = false
		if w.Flags&textnorm.AllCaps != 0 && w.End-w.Start >= 3 {
			caps++
		}
	}
	return sum, n, caps, hasNum
}
