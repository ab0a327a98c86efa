package intent

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/pagekeeper/pagekeeper/internal/linear"
)

// modelFile is the linear model trained by ./train from traindata/*.jsonl
// (the package's own written examples). An empty file means rules only.
//
//go:embed model.bin.gz
var modelFile []byte

// loadModel reads the embedded model, or returns nil when none is embedded.
func loadModel() (*linear.Model, error) {
	if len(modelFile) == 0 {
		return nil, nil
	}
	m, err := linear.Read(bytes.NewReader(modelFile))
	if err != nil {
		return nil, fmt.Errorf("loading intent model: %w", err)
	}
	return m, nil
}
