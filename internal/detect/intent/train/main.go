// Command train fits the intent family's linear model from the package's own
// written examples (internal/detect/intent/traindata/*.jsonl) and writes
// internal/detect/intent/model.bin.gz. Training is reproducible: the same
// examples and seed give a byte-identical model.
//
//	go run ./internal/detect/intent/train            # write the model
//	go run ./internal/detect/intent/train -cv 5      # also report 5-fold cross-validation
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/linear"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// labels are the model's outputs, in the order the detector reads them.
var labels = []string{
	string(moderation.Safeguarding), string(moderation.ClinicalRequest),
	string(moderation.Complaint), string(moderation.Review),
}

func main() {
	dir := flag.String("data", "internal/detect/intent/traindata", "directory of training examples (*.jsonl)")
	out := flag.String("o", "internal/detect/intent/model.bin.gz", "model file to write")
	cv := flag.Int("cv", 0, "report k-fold cross-validation on the examples (0: off)")
	flag.Parse()
	if err := run(os.Stdout, *dir, *out, *cv); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// Options returns the training options; they are part of the model's recipe.
func Options() linear.Options {
	o := linear.DefaultOptions()
	o.Bits = 16
	o.Epochs = 12
	o.Seed = 2026
	o.Prune = 0.02
	o.PosWeight = []float64{2, 1, 1, 1} // safeguarding: recall first
	return o
}

func run(w io.Writer, dir, out string, cv int) error {
	ex, err := load(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d examples from %s\n", len(ex), dir)
	if cv > 1 {
		crossValidate(w, ex, cv)
	}
	m := linear.Train(labels, ex, Options())
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	fmt.Fprintf(w, "wrote %s (%d bytes)\n", out, buf.Len())
	return nil
}

// load reads every *.jsonl file in dir, in name order.
func load(dir string) ([]linear.Example, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.jsonl files in %s", dir)
	}
	var ex []linear.Example
	for _, f := range files {
		items, err := evaldata.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			e := linear.Example{Text: it.Text, Labels: make([]bool, len(labels))}
			for j, l := range labels {
				e.Labels[j] = slices.Contains(it.Labels, l)
			}
			ex = append(ex, e)
		}
	}
	return ex, nil
}

// crossValidate reports per-label precision and recall at 0.5 over k folds.
func crossValidate(w io.Writer, ex []linear.Example, k int) {
	type pr struct{ tp, fp, fn int }
	res := make([]pr, len(labels))
	for f := range k {
		var tr, te []linear.Example
		for i, e := range ex {
			if i%k == f {
				te = append(te, e)
			} else {
				tr = append(tr, e)
			}
		}
		m := linear.Train(labels, tr, Options())
		for _, e := range te {
			p := m.ScoreText(e.Text)
			for j := range labels {
				switch pred := p[j] >= 0.5; {
				case pred && e.Labels[j]:
					res[j].tp++
				case pred:
					res[j].fp++
				case e.Labels[j]:
					res[j].fn++
				}
			}
		}
	}
	for j, l := range labels {
		r := res[j]
		fmt.Fprintf(w, "cv %-16s P=%.2f R=%.2f\n", l, ratio(r.tp, r.tp+r.fp), ratio(r.tp, r.tp+r.fn))
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
