package linear

import (
	"bytes"
	"math"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

func toyExamples() []Example {
	pos := []string{"win a free prize now", "claim your free cash prize", "free entry win cash", "urgent prize claim now"}
	neg := []string{"see you at the surgery", "thanks for the flu jab", "is the clinic open today", "my appointment went well"}
	var ex []Example
	for range 5 {
		for _, s := range pos {
			ex = append(ex, Example{Text: s, Labels: []bool{true}})
		}
		for _, s := range neg {
			ex = append(ex, Example{Text: s, Labels: []bool{false}})
		}
	}
	return ex
}

func TestTrainSeparates(t *testing.T) {
	o := DefaultOptions()
	o.Bits = 12
	m := Train([]string{"spam"}, toyExamples(), o)
	if p := m.ScoreText("free prize, claim now"); p[0] < 0.7 {
		t.Errorf("spam-like text scored %v, want ≥ 0.7", p[0])
	}
	if p := m.ScoreText("is the surgery open"); p[0] > 0.3 {
		t.Errorf("ordinary text scored %v, want ≤ 0.3", p[0])
	}
}

func TestTrainIsReproducible(t *testing.T) {
	o := DefaultOptions()
	o.Bits = 12
	a, b := Train([]string{"spam"}, toyExamples(), o), Train([]string{"spam"}, toyExamples(), o)
	var ba, bb bytes.Buffer
	if err := a.Write(&ba); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(&bb); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ba.Bytes(), bb.Bytes()) {
		t.Error("two trainings with the same seed gave different models")
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	o := DefaultOptions()
	o.Bits = 12
	m := Train([]string{"spam"}, toyExamples(), o)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"free prize", "flu jab thanks", ""} {
		if a, b := m.ScoreText(s)[0], got.ScoreText(s)[0]; a != b {
			t.Errorf("score(%q) = %v after round trip, want %v", s, b, a)
		}
	}
	if _, err := Read(bytes.NewReader([]byte("not a model"))); err == nil {
		t.Error("Read accepted garbage")
	}
}

func TestEvidencePointsAtWords(t *testing.T) {
	o := DefaultOptions()
	o.Bits = 12
	m := Train([]string{"spam"}, toyExamples(), o)
	d := textnorm.New("hello there, claim your prize")
	x := m.Extractor()
	f, ok := m.Evidence(x.Extract(d), 0)
	if !ok {
		t.Fatal("no evidence")
	}
	s, e := d.WordSpan(f.From, f.To)
	if got := d.Orig[s:e]; got != "claim" && got != "prize" && got != "claim your" && got != "your prize" {
		t.Errorf("evidence = %q, want a spam word", got)
	}
}

func BenchmarkScore(b *testing.B) {
	o := DefaultOptions()
	o.Bits = 16
	m := Train([]string{"a", "b", "c", "d"}, nil, o)
	d := textnorm.New("Is the new registrar the tall one with the beard? He was really short with my husband on Tuesday")
	x := m.Extractor()
	out := make([]float32, 4)
	for b.Loop() {
		m.Scores(x.Extract(d), out)
	}
}

// Prob of a label's weights summed in feature order is Scores' probability
// to the bit, so a caller can sum the weights without building features.
func TestProbMatchesScores(t *testing.T) {
	const k, bits = 3, 10
	m := &Model{Labels: []string{"a", "b", "c"}, Bits: bits, Bias: []float32{0.1, -0.2, 0.3}, W: make([]float32, k<<bits)}
	for i := range m.W {
		m.W[i] = float32(math.Sin(float64(i)*0.37)) / 3
	}
	for _, s := range []string{"one", "the quick brown fox jumps over the lazy dog again and again", "a b c d e f g h i j k l m n o p"} {
		feats := m.Extractor().Extract(textnorm.New(s))
		want := make([]float32, k)
		m.Scores(feats, want)
		for j := range k {
			var sum float32
			for _, f := range feats {
				sum += m.W[int(f.Hash)*k+j]
			}
			if got := m.Prob(j, sum, len(feats)); math.Float32bits(got) != math.Float32bits(want[j]) {
				t.Errorf("%q label %d: Prob = %v, Scores %v", s, j, got, want[j])
			}
		}
	}
}

// ScoresOf, read from the shared hashes, gives Scores' probabilities over
// ExtractShared's features to the bit, for four labels (the fast path) and
// others, with and without bigrams, and for a post without words.
func TestScoresOfMatchesScores(t *testing.T) {
	for _, tc := range []struct {
		k       int
		bigrams bool
	}{{4, true}, {4, false}, {3, true}, {1, true}, {9, true}} {
		const bits = 10
		m := &Model{Bits: bits, Bigrams: tc.bigrams, Bias: make([]float32, tc.k), W: make([]float32, tc.k<<bits)}
		for j := range tc.k {
			m.Labels = append(m.Labels, string(rune('a'+j)))
			m.Bias[j] = float32(j)*0.1 - 0.2
		}
		for i := range m.W {
			m.W[i] = float32(math.Sin(float64(i)*0.37)) / 3
		}
		for _, s := range []string{"", "one", "the quick brown fox jumps over the lazy dog again and again", "a 12 b c!! d 0800 e @f g"} {
			d := textnorm.New(s)
			var h Hashes
			want, got := make([]float32, tc.k), make([]float32, tc.k)
			m.Scores(m.Extractor().ExtractShared(&h, d), want)
			m.ScoresOf(&h, d, got)
			for j := range tc.k {
				if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
					t.Errorf("k=%d bigrams=%v %q label %d: ScoresOf = %v, Scores %v", tc.k, tc.bigrams, s, j, got[j], want[j])
				}
			}
		}
	}
}
