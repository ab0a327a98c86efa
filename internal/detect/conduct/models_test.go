package conduct

import (
	"io/fs"
	"testing"
)

// The embedded models load, share one feature layout, and stay small.
func TestEmbeddedModels(t *testing.T) {
	abuse, err := loadModel("models/abuse.bin")
	if err != nil {
		t.Fatal(err)
	}
	spam, err := loadModel("models/spam.bin")
	if err != nil {
		t.Fatal(err)
	}
	if abuse.Bits != spam.Bits || abuse.Bigrams != spam.Bigrams {
		t.Errorf("models have different layouts: %d/%v and %d/%v", abuse.Bits, abuse.Bigrams, spam.Bits, spam.Bigrams)
	}
	var total int64
	fs.WalkDir(modelFiles, "models", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	if total > 2<<20 {
		t.Errorf("embedded models total %d bytes, want under 2 MiB", total)
	}
	if _, err := loadModel("models/missing.bin"); err == nil {
		t.Error("loading a missing model succeeded")
	}
}
