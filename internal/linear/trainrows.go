package linear

import (
	"math"
	"math/rand/v2"
)

// TrainRows fits a model, as Train does, to features a caller has already
// extracted (hashes below 2^o.Bits), for models whose features go beyond
// Extractor's word n-grams. rows[i] holds example i's feature hashes and
// y[i] its labels. The model's Bits and Bigrams record o's, so a caller can
// check that it extracts features the same way when scoring.
func TrainRows(labels []string, rows [][]uint32, y [][]bool, o Options) *Model {
	k := len(labels)
	m := &Model{Labels: labels, Bits: o.Bits, Bigrams: o.Bigrams, Bias: make([]float32, k), W: make([]float32, (1<<o.Bits)*k)}
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
			feats := rows[idx]
			scale := 1.0
			if len(feats) > 0 {
				scale = 1 / math.Sqrt(float64(len(feats)))
			}
			for j := range k {
				z := bias[j]
				for _, h := range feats {
					z += w[int(h)*k+j] * scale
				}
				p := 1 / (1 + math.Exp(-z))
				t, pw := 0.0, 1.0
				if y[idx][j] {
					t = 1
					if j < len(o.PosWeight) && o.PosWeight[j] > 0 {
						pw = o.PosWeight[j]
					}
				}
				grad := (p - t) * pw
				bg2[j] += grad * grad
				bias[j] -= o.Rate * grad / (math.Sqrt(bg2[j]) + 1e-8)
				for _, h := range feats {
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
