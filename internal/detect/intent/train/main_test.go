package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestEmbeddedModelIsUpToDate retrains from traindata and checks that the
// committed model is exactly what the recipe produces, so the shipped model
// can always be rebuilt from the repository.
func TestEmbeddedModelIsUpToDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "model.bin.gz")
	if err := run(io.Discard, "../traindata", out, 0); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../model.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("model.bin.gz is stale: run go run ./internal/detect/intent/train")
	}
}

func TestLoadRejectsEmptyDir(t *testing.T) {
	if _, err := load(t.TempDir()); err == nil {
		t.Error("load of an empty directory succeeded")
	}
}
