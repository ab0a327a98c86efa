package linear

import (
	"math"
	"slices"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// slowTokenHash is tokenHash without the Doc's precomputed hash: every word
// deleeted, squeezed and hashed afresh.
func slowTokenHash(d *textnorm.Doc, w textnorm.Word) uint64 {
	t := d.Text(w)
	switch {
	case w.Has(textnorm.Handle):
		return fnv(fnvOffset, []byte("@user"))
	case w.Flags&textnorm.Alpha == 0 && w.Flags&textnorm.Digit != 0:
		return fnv(fnvOffset, []byte{'#', byte('a' + min(len(t), 12))})
	}
	var b []byte
	if w.Has(textnorm.Symbol) {
		t = textnorm.Deleet(nil, t)
	}
	b = textnorm.Squeeze(b, t, 2)
	return fnv(fnvOffset, b)
}

func TestTokenHashUsesDocHash(t *testing.T) {
	x := &Hashes{}
	for _, s := range []string{
		"Thanks Dr Hill, sooo helpful", "sh1t f*ck w@nker fuuuuck", "call 07700 900412 @AshgroveGP #nhs",
		"ＦＲＥＥ prize 😇 naïve café", "aaa bbbb c", "", "😇",
		// runs of three at each place of words of three to nine bytes, in
		// ASCII text and in text that is not (whose Norm has no padding)
		"aaab baaa abbb abcc abccc abcdefgg abcdeggg aaabcdef abcdefggg aabbccdd 1111 a111", "zzz", "ab cdd ddd hmmm",
		"naïve zzz", "😇 abcdefgg abcdeggg", "😇 brrr", "ééé",
	} {
		d := textnorm.New(s)
		uni, _ := (&Hashes{}).Of(d)
		for i, w := range d.Words {
			if got, want := x.tokenHash(d, i), slowTokenHash(d, w); got != want {
				t.Errorf("%q word %d (%q): tokenHash = %x, want %x", s, i, d.WordString(i), got, want)
			}
			if got, want := uni[i], mix(slowTokenHash(d, w)); got != want {
				t.Errorf("%q word %d (%q): unigram hash = %x, want %x", s, i, d.WordString(i), got, want)
			}
		}
	}
}

// Scores sums every label's weights in feature order, as the plain
// label-by-label loop does, so the two agree to the bit, whatever the
// number of labels.
func TestScoresMatchesLabelByLabel(t *testing.T) {
	const bits = 10
	for _, k := range []int{1, 2, 3, 4, 8, 9} {
		m := &Model{Labels: make([]string, k), Bits: bits, Bias: make([]float32, k), W: make([]float32, k<<bits)}
		for j := range k {
			m.Bias[j] = float32(j)*0.1 - 0.2
		}
		for i := range m.W {
			m.W[i] = float32(math.Sin(float64(i)*0.37)) / 3
		}
		feats := m.Extractor().Extract(textnorm.New("the quick brown fox jumps over the lazy dog again and again"))
		got := make([]float32, k)
		m.Scores(feats, got)
		scale := float32(1 / math.Sqrt(float64(len(feats))))
		for j := range k {
			var s float32
			for _, f := range feats {
				s += m.W[int(f.Hash)*k+j]
			}
			if want := sigmoid(m.Bias[j] + s*scale); got[j] != want {
				t.Errorf("%d labels, label %d: Scores = %v, want %v", k, j, got[j], want)
			}
		}
	}
}

// Extractors of different layouts reading one post's shared hashes give the
// features each would extract alone, and a Reset of the Doc is noticed.
func TestExtractSharedMatchesExtract(t *testing.T) {
	var h Hashes
	d := &textnorm.Doc{}
	for _, s := range []string{"Thanks Dr Hill, sooo helpful", "sh1t f*ck w@nker fuuuuck", "", "😇", "call 07700 900412 @AshgroveGP"} {
		d.Reset(s)
		for _, x := range []*Extractor{{Bits: 18, Bigrams: true}, {Bits: 16, Bigrams: true}, {Bits: 12}} {
			got := slices.Clone(x.ExtractShared(&h, d))
			want := (&Extractor{Bits: x.Bits, Bigrams: x.Bigrams}).Extract(textnorm.New(s))
			if !slices.Equal(got, want) {
				t.Errorf("%q bits %d: ExtractShared = %v, want %v", s, x.Bits, got, want)
			}
		}
	}
}

// Of gives the hashes ExtractShared folds: word i's unigram and the bigram
// ending at word i, in bucket hash & mask.
func TestHashesOfAreExtractSharedsHashes(t *testing.T) {
	var h Hashes
	d := &textnorm.Doc{}
	x := &Extractor{Bits: 12, Bigrams: true}
	for _, s := range []string{"Thanks Dr Hill, sooo helpful", "sh1t f*ck w@nker fuuuuck", "call 07700 900412 @AshgroveGP", "😇"} {
		d.Reset(s)
		uni, bi := h.Of(d)
		var want []Feature
		for i := range d.Words {
			want = append(want, Feature{Hash: uint32(uni[i] & (1<<12 - 1)), From: i, To: i})
			if i > 0 {
				want = append(want, Feature{Hash: uint32(bi[i] & (1<<12 - 1)), From: i - 1, To: i})
			}
		}
		if got := x.ExtractShared(&h, d); len(d.Words) > 0 && !slices.Equal(got, want) {
			t.Errorf("%q: ExtractShared = %v, from Of %v", s, got, want)
		}
	}
}
