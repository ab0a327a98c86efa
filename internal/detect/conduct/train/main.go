// Command train fits the conduct family's embedded models from the shared
// labelled data and writes them to the models directory:
//
//	go run ./internal/detect/conduct/train -data ../shared/data -out internal/detect/conduct/models
//
// abuse.bin (labels obscene, harassment) is trained on the Davidson et al.
// (2017) tweets, train split only (MIT). spam.bin (label fraud) is trained on
// the train splits of the UCI SMS Spam Collection, the Mishra & Soni
// smishing set and the UCI YouTube spam comments (all CC BY 4.0), with the
// UCI drug-review train split (CC BY 4.0) as extra honest negatives. Test
// splits and test-only sets are never read. Training is deterministic: the
// same data gives byte-identical files.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/linear"
)

func main() {
	data := flag.String("data", "../shared/data", "the shared data directory (with sets/)")
	out := flag.String("out", "internal/detect/conduct/models", "where to write the models")
	flag.Parse()
	if err := run(*data, *out); err != nil {
		log.Fatal(err)
	}
}

// options are the training settings both models share: the detector extracts
// features once and scores both models with them.
func options() linear.Options {
	o := linear.DefaultOptions()
	o.Bits = 18
	o.Epochs = 6
	o.Prune = 0.02
	return o
}

func run(data, out string) error {
	read := func(name string) ([]evaldata.Item, error) {
		items, err := evaldata.ReadFile(filepath.Join(data, "sets", name))
		if err != nil {
			return nil, fmt.Errorf("reading training data: %w", err)
		}
		return items, nil
	}
	// abuse model
	dav, err := read("davidson.train.jsonl")
	if err != nil {
		return err
	}
	var ex []linear.Example
	for _, it := range dav {
		s := it.Set()
		ex = append(ex, linear.Example{Text: it.Text, Labels: []bool{s.Has("obscene"), s.Has("harassment")}})
	}
	o := options()
	o.PosWeight = []float64{1, 3}
	if err := write(filepath.Join(out, "abuse.bin"), linear.Train([]string{"obscene", "harassment"}, ex, o)); err != nil {
		return err
	}
	// spam model. The smishing set's labels are noisy (many everyday texts are
	// marked as smishing), so its examples are admitted only where a first
	// model, trained on the cleaner sets, does not contradict the label.
	clean, err := examples(read, "sms-spam.train.jsonl", "youtube-spam.train.jsonl", "druglib.train.jsonl")
	if err != nil {
		return err
	}
	first := linear.Train([]string{"fraud"}, clean, options())
	noisy, err := examples(read, "smishing.train.jsonl")
	if err != nil {
		return err
	}
	all := clean
	dropped := 0
	for _, e := range noisy {
		p := first.ScoreText(e.Text)[0]
		if e.Labels[0] && p < 0.2 || !e.Labels[0] && p > 0.8 {
			dropped++
			continue
		}
		all = append(all, e)
	}
	log.Printf("smishing: kept %d of %d examples", len(noisy)-dropped, len(noisy))
	if err := write(filepath.Join(out, "spam.bin"), linear.Train([]string{"fraud"}, all, options())); err != nil {
		return err
	}
	return nil
}

// examples reads sets as single-label fraud examples.
func examples(read func(string) ([]evaldata.Item, error), names ...string) ([]linear.Example, error) {
	var ex []linear.Example
	for _, name := range names {
		items, err := read(name)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			ex = append(ex, linear.Example{Text: it.Text, Labels: []bool{it.Set().Has("fraud")}})
		}
	}
	return ex, nil
}

func write(path string, m *linear.Model) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	if err := m.Write(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	st, _ := os.Stat(path)
	log.Printf("wrote %s (%d bytes)", path, st.Size())
	return nil
}
