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
	hasNum := false
	for i := range d.Words {
		if numeric(d, i) {
			hasNum = true
			break
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
	shape := func(s string) {
		dst = append(dst, linear.Feature{Hash: uint32(splitmix(hashString(0x5eed, s)) & mask), From: -1, To: -1})
	}
	caps := 0
	run, runStart := 0, -1
	flush := func() {
		if run == 0 {
			return
		}
		lead := d.Norm[d.Words[runStart].Start:]
		switch {
		case run >= 10 && (hasPrefix(lead, "09") || hasPrefix(lead, "087") || hasPrefix(lead, "084") || hasPrefix(lead, "4409") || hasPrefix(lead, "4487")):
			shape("<premium>")
		case run == 5 || run == 4:
			shape("<shortcode>")
		}
		run = 0
	}
	for i, w := range d.Words {
		if numeric(d, i) {
			if run > 0 && int(w.Start)-int(d.Words[i-1].End) <= 2 {
				run += w.Len()
			} else {
				flush()
				run, runStart = w.Len(), i
			}
			continue
		}
		flush()
		if w.Has(textnorm.AllCaps) && w.Len() >= 3 {
			caps++
		}
	}
	flush()
	if caps >= 2 {
		shape("<caps2>")
	}
	if caps >= 4 {
		shape("<caps4>")
	}
	// a "<price>" for every £ followed by a digit
	for k, n := 0, d.Norm; ; k++ {
		j := bytes.IndexByte(n[k:], 0xC2)
		if j < 0 {
			break
		}
		k += j
		if k+2 < len(n) && n[k+1] == 0xA3 && isDigitByte(n[k+2]) {
			shape("<price>")
		}
	}
	if bangs := bytes.Count(d.Norm, bang); bangs >= 2 {
		shape("<bangs>")
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
