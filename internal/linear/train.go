package linear

import (
	"math"
	"math/rand/v2"

	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Example is one training text and which of the model's labels it carries.
type Example struct {
	Text   string
	Labels []bool // one per label
}

// Options control training. The zero value is not useful: start from DefaultOptions.
type Options struct {
	Bits    uint8
	Bigrams bool
	Epochs  int
	Rate    float64 // AdaGrad base learning rate
	L2      float64 // L2 penalty per update
	Seed    uint64  // shuffling seed: the same data and seed give the same model
	// PosWeight multiplies the loss of positive examples per label (1 when empty),
	// for labels whose positives are rare.
	PosWeight []float64
	// Prune zeroes weights smaller than this in magnitude, keeping the file small.
	Prune float64
}

// DefaultOptions are sensible for a few thousand short posts.
func DefaultOptions() Options {
	return Options{Bits: 18, Bigrams: true, Epochs: 8, Rate: 0.5, L2: 1e-6, Seed: 1, Prune: 1e-3}
}

// Train fits a model to the examples with AdaGrad on the logistic loss.
func Train(labels []string, examples []Example, o Options) *Model {
	k := len(labels)
	m := &Model{Labels: labels, Bits: o.Bits, Bigrams: o.Bigrams, Bias: make([]float32, k), W: make([]float32, (1<<o.Bits)*k)}
	x := m.Extractor()
	doc := &textnorm.Doc{}
	type row struct {
		feats []uint32
		y     []bool
	}
	rows := make([]row, len(examples))
	for i, ex := range examples {
		doc.Reset(ex.Text)
		fs := x.Extract(doc)
		r := row{y: ex.Labels, feats: make([]uint32, len(fs))}
		for j, f := range fs {
			r.feats[j] = f.Hash
		}
		rows[i] = r
	}
	w := make([]float64, len(m.W))
	g2 := make([]float64, len(m.W))
	bias := make([]float64, k)
	bg2 := make([]float64, k)
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed))
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	for range o.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, idx := range order {
			r := rows[idx]
			scale := 1.0
			if len(r.feats) > 0 {
				scale = 1 / math.Sqrt(float64(len(r.feats)))
			}
			for j := range k {
				z := bias[j]
				for _, h := range r.feats {
					z += w[int(h)*k+j] * scale
				}
				p := 1 / (1 + math.Exp(-z))
				y := 0.0
				pw := 1.0
				if r.y[j] {
					y = 1
					if j < len(o.PosWeight) && o.PosWeight[j] > 0 {
						pw = o.PosWeight[j]
					}
				}
				grad := (p - y) * pw
				bg2[j] += grad * grad
				bias[j] -= o.Rate * grad / (math.Sqrt(bg2[j]) + 1e-8)
				for _, h := range r.feats {
					i := int(h)*k + j
					gi := grad*scale + o.L2*w[i]
					g2[i] += gi * gi
					w[i] -= o.Rate * gi / (math.Sqrt(g2[i]) + 1e-8)
				}
			}
		}
	}
	for i, v := range w {
		if math.Abs(v) >= o.Prune {
			m.W[i] = float32(v)
		}
	}
	for j := range k {
		m.Bias[j] = float32(bias[j])
	}
	return m
}
