package linear

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Model scores a Doc for each of its labels.
type Model struct {
	Labels  []string
	Bits    uint8
	Bigrams bool
	Bias    []float32 // one per label
	// W holds weights laid out bucket-major: W[bucket*len(Labels)+label].
	W []float32
}

// Extractor returns a feature extractor matching the model.
func (m *Model) Extractor() *Extractor {
	return &Extractor{Bits: m.Bits, Bigrams: m.Bigrams}
}

// Label returns the index of the named label, or -1.
func (m *Model) Label(name string) int { return slices.Index(m.Labels, name) }

// Scores writes the probability of each label into out (len(out) ≥ len(Labels))
// from features extracted with a matching Extractor.
func (m *Model) Scores(feats []Feature, out []float32) {
	k := len(m.Labels)
	copy(out, m.Bias)
	if len(feats) == 0 {
		for j := range k {
			out[j] = sigmoid(out[j])
		}
		return
	}
	scale := scaleOf(len(feats))
	if k > maxFastLabels {
		for j := range k {
			var s float32
			for _, f := range feats {
				s += m.W[int(f.Hash)*k+j]
			}
			out[j] = prob(out[j], s, scale)
		}
		return
	}
	// One pass over the features, reading each bucket's weights together
	// (they are adjacent); every label's sum still adds its weights in
	// feature order, so the scores are the same to the bit. One label and
	// four (the models Pagekeeper ships) keep their sums in registers.
	wts := m.W
	switch k {
	case 1:
		var s float32
		for _, f := range feats {
			s += wts[f.Hash]
		}
		out[0] = prob(out[0], s, scale)
		return
	case 4:
		var s0, s1, s2, s3 float32
		for _, f := range feats {
			b := int(f.Hash) * 4
			w := (*[4]float32)(wts[b : b+4])
			s0 += w[0]
			s1 += w[1]
			s2 += w[2]
			s3 += w[3]
		}
		out = out[:4]
		out[0], out[1], out[2], out[3] = prob(out[0], s0, scale), prob(out[1], s1, scale), prob(out[2], s2, scale), prob(out[3], s3, scale)
		return
	}
	var sums [maxFastLabels]float32
	for _, f := range feats {
		w := m.W[int(f.Hash)*k : int(f.Hash)*k+k]
		for j, v := range w {
			sums[j] += v
		}
	}
	for j := range k {
		out[j] = prob(out[j], sums[j], scale)
	}
}

// ScoresOf is Scores over the features ExtractShared builds from the
// post's shared hashes h for d, read straight from the hashes: the same
// probabilities to the bit (each label's weights added in feature order),
// without building the features. Callers that want Evidence build them only
// then.
func (m *Model) ScoresOf(h *Hashes, d *textnorm.Doc, out []float32) {
	n := len(d.Words)
	if n == 0 {
		m.Scores([]Feature{{Hash: uint32(emptyHash & (uint64(1)<<m.Bits - 1)), From: -1, To: -1}}, out)
		return
	}
	uni, bi := h.Of(d)
	k := len(m.Labels)
	nf := n
	if m.Bigrams {
		nf = 2*n - 1
	}
	scale := scaleOf(nf)
	if k == 4 && m.Bigrams {
		s := sums4(uni[:n], bi[:n], m.W, uint64(1)<<m.Bits-1)
		out = out[:4]
		for j := range 4 {
			out[j] = prob(m.Bias[j], s[j], scale)
		}
		return
	}
	mask := uint64(1)<<m.Bits - 1
	for j := range k {
		var s float32
		s += m.W[int(uni[0]&mask)*k+j]
		for i := 1; i < n; i++ {
			s += m.W[int(uni[i]&mask)*k+j]
			if m.Bigrams {
				s += m.W[int(bi[i]&mask)*k+j]
			}
		}
		out[j] = prob(m.Bias[j], s, scale)
	}
}

// sums4 adds a four-label model's weights over word 0's unigram, then each
// later word's unigram and its bigram with the word before (ExtractShared's
// order), in registers.
func sums4(uni, bi []uint64, wts []float32, mask uint64) [4]float32 {
	bi = bi[:len(uni)]
	b := int(uni[0]&mask) * 4
	w := (*[4]float32)(wts[b : b+4])
	var s0, s1, s2, s3 float32 // from zero, as Scores: the same sums to the bit, signed zeros included
	s0 += w[0]
	s1 += w[1]
	s2 += w[2]
	s3 += w[3]
	for i := 1; i < len(uni); i++ {
		b := int(uni[i]&mask) * 4
		w := (*[4]float32)(wts[b : b+4])
		s0 += w[0]
		s1 += w[1]
		s2 += w[2]
		s3 += w[3]
		b = int(bi[i]&mask) * 4
		w = (*[4]float32)(wts[b : b+4])
		s0 += w[0]
		s1 += w[1]
		s2 += w[2]
		s3 += w[3]
	}
	return [4]float32{s0, s1, s2, s3}
}

// Prob returns label j's probability for a sum of its weights over n ≥ 1
// features, added in feature order: what Scores gives, to the bit, for
// those features.
func (m *Model) Prob(j int, sum float32, n int) float32 { return prob(m.Bias[j], sum, scaleOf(n)) }

func prob(bias, sum, scale float32) float32 { return sigmoid(bias + sum*scale) }

// scaleOf is the factor Scores applies to a sum over n ≥ 1 features.
func scaleOf(n int) float32 { return float32(1 / math.Sqrt(float64(n))) }

// maxFastLabels is the most labels Scores sums in one pass over the features.
const maxFastLabels = 8

// Evidence returns the feature contributing most to label j, for pointing at
// the words that made the model say so. ok is false when no feature
// contributes positively.
func (m *Model) Evidence(feats []Feature, j int) (best Feature, ok bool) {
	k := len(m.Labels)
	var bw float32
	for _, f := range feats {
		if f.From < 0 {
			continue
		}
		if w := m.W[int(f.Hash)*k+j]; w > bw {
			bw, best, ok = w, f, true
		}
	}
	return best, ok
}

func sigmoid(x float32) float32 {
	return float32(1 / (1 + math.Exp(-float64(x))))
}

// ScoreText is a convenience for tools and tests: normalise, extract, score.
func (m *Model) ScoreText(text string) []float32 {
	out := make([]float32, len(m.Labels))
	m.Scores(m.Extractor().Extract(textnorm.New(text)), out)
	return out
}

const magic = "PKLIN1\n"

// Write stores the model sparsely (only non-zero weights), gzip-compressed.
func (m *Model) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	fmt.Fprintf(bw, "%s\n", strings.Join(m.Labels, ","))
	var bigrams byte
	if m.Bigrams {
		bigrams = 1
	}
	bw.Write([]byte{m.Bits, bigrams})
	binary.Write(bw, binary.LittleEndian, m.Bias)
	var nz uint32
	for _, v := range m.W {
		if v != 0 {
			nz++
		}
	}
	binary.Write(bw, binary.LittleEndian, nz)
	for i, v := range m.W {
		if v != 0 {
			binary.Write(bw, binary.LittleEndian, uint32(i))
			binary.Write(bw, binary.LittleEndian, v)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	return zw.Close()
}

// Read loads a model written by Write.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("reading model: %w", err)
	}
	br := bufio.NewReader(zr)
	head, err := br.ReadString('\n')
	if err != nil || head != magic {
		return nil, errors.New("reading model: not a Pagekeeper linear model")
	}
	labels, err := br.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("reading model labels: %w", err)
	}
	m := &Model{Labels: strings.Split(strings.TrimSuffix(labels, "\n"), ",")}
	var hdr [2]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return nil, fmt.Errorf("reading model header: %w", err)
	}
	m.Bits, m.Bigrams = hdr[0], hdr[1] == 1
	if m.Bits < 4 || m.Bits > 24 {
		return nil, fmt.Errorf("reading model: %d hash bits out of range", m.Bits)
	}
	k := len(m.Labels)
	m.Bias = make([]float32, k)
	if err := binary.Read(br, binary.LittleEndian, m.Bias); err != nil {
		return nil, fmt.Errorf("reading model bias: %w", err)
	}
	m.W = make([]float32, (1<<m.Bits)*k)
	var nz uint32
	if err := binary.Read(br, binary.LittleEndian, &nz); err != nil {
		return nil, fmt.Errorf("reading model: %w", err)
	}
	for range nz {
		var i uint32
		var v float32
		if err := binary.Read(br, binary.LittleEndian, &i); err != nil {
			return nil, fmt.Errorf("reading model weights: %w", err)
		}
		if err := binary.Read(br, binary.LittleEndian, &v); err != nil {
			return nil, fmt.Errorf("reading model weights: %w", err)
		}
		if int(i) >= len(m.W) {
			return nil, fmt.Errorf("reading model: weight index %d out of range", i)
		}
		m.W[i] = v
	}
	return m, nil
}
