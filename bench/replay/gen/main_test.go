package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestTemplatesValid(t *testing.T) {
	if err := validTemplates(); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, k := range families {
		sum += k.weight
	}
	if sum != 1000 {
		t.Errorf("weights sum to %d, want 1000 (the shares the doc comment states)", sum)
	}
}

func gen(t *testing.T, args ...string) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := run(args, &out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestDeterministic(t *testing.T) {
	a := gen(t, "-n", "500", "-seed", "7")
	b := gen(t, "-n", "500", "-seed", "7")
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different output")
	}
	if c := gen(t, "-n", "500", "-seed", "8"); bytes.Equal(a, c) {
		t.Error("different seeds gave the same output")
	}
	if short := gen(t, "-n", "100", "-seed", "7"); !bytes.HasPrefix(a, short) {
		t.Error("-n 100 is not a prefix of -n 500 with the same seed")
	}
}

func TestPostsVariedAndMostlyInnocent(t *testing.T) {
	out := gen(t, "-n", "20000", "-seed", "1")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 20000 {
		t.Fatalf("%d lines, want 20000", len(lines))
	}
	kinds := map[string]int{}
	texts := map[string]bool{}
	ids := map[string]bool{}
	for i, l := range lines {
		var p post
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if p.ID == "" || p.Text == "" || p.CreatedAt == "" || strings.Contains(p.Text, "{") {
			t.Fatalf("line %d is incomplete or has an unfilled slot: %s", i+1, l)
		}
		switch p.Channel {
		case "facebook", "instagram", "x", "website":
		default:
			t.Fatalf("line %d: channel %q", i+1, p.Channel)
		}
		if ids[p.ID] {
			t.Fatalf("line %d repeats id %s", i+1, p.ID)
		}
		ids[p.ID] = true
		kinds[p.Kind]++
		texts[p.Text] = true
	}
	for _, k := range families {
		if kinds[k.kind] == 0 {
			t.Errorf("no %s posts in 20000", k.kind)
		}
	}
	if share := float64(kinds["innocent"]) / 20000; share < 0.55 || share > 0.70 {
		t.Errorf("innocent share %.2f, want about 0.62", share)
	}
	if len(texts) < 10000 {
		t.Errorf("only %d distinct texts in 20000 posts: not varied enough", len(texts))
	}
}

func TestCSV(t *testing.T) {
	out := string(gen(t, "-n", "3", "-format", "csv"))
	if !strings.HasPrefix(out, "id,text,channel,author,created_at\n") || strings.Count(out, "\n") != 4 {
		t.Errorf("csv output:\n%s", out)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-n", "-1"}, {"-format", "xml"}} {
		if err := run(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
