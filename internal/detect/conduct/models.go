package conduct

import (
	"embed"
	"fmt"

	"github.com/pagekeeper/pagekeeper/internal/linear"
)

// modelFiles holds the trained models (see models/README.md for how they
// were made and from which data).
//
//go:embed models/*.bin
var modelFiles embed.FS

// loadModel reads an embedded model.
func loadModel(name string) (*linear.Model, error) {
	r, err := modelFiles.Open(name)
	if err != nil {
		return nil, fmt.Errorf("conduct: opening embedded model: %w", err)
	}
	defer r.Close()
	m, err := linear.Read(r)
	if err != nil {
		return nil, fmt.Errorf("conduct: loading %s: %w", name, err)
	}
	return m, nil
}

// abuseScore is the abuse model's probability for label j (0: abusive, that
// is offensive or hateful in the Davidson sense) of the post. The scores
// are computed once per post, however many ambiguous words ask.
func (f *Family) abuseScore(sc *scan, j int) float32 {
	if !sc.abused {
		f.abuseModel.Scores(sc.features(), sc.abuse[:])
		sc.abused = true
	}
	return sc.abuse[j]
}

// spamScore is the spam model's probability that the post is spam or a scam.
// It is computed once per post.
func (f *Family) spamScore(sc *scan) float32 {
	if !sc.spammed {
		sc.spamFeats = SpamFeatures(sc.spamFeats[:0], sc.d, sc.features(), f.spamModel.Bits)
		f.spamModel.Scores(sc.spamFeats, sc.scores[:])
		sc.spam, sc.spammed = sc.scores[0], true
	}
	return sc.spam
}
