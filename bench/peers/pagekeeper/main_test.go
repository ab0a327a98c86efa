package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("posts.jsonl", `{"id":"1","text":"What the f*ck is the point of a contact form","labels":["obscene"]}
{"id":"2","text":"Thank you all, lovely new waiting room","labels":[]}
`)
	write("nhs.csv", "text,source_label\n943 476 5919,valid\n401-023-2138,invalid\n")
	demo, err := filepath.Abs("../../../examples/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write("sets.json", `[
 {"name":"tiny","file":"posts.jsonl","practice":"`+demo+`","kind":"abuse","groups":["obscene+harassment","obscene"]},
 {"name":"nhs","file":"nhs.csv","practice":"`+demo+`","kind":"pii","groups":["patient_info"]}]`)
	var out bytes.Buffer
	if err := run([]string{"-data", dir, "-sets", filepath.Join(dir, "sets.json"), "-min-seconds", "0.001", "-round", "2"}, &out); err != nil {
		t.Fatal(err)
	}
	var got []result
	dec := json.NewDecoder(&out)
	for dec.More() {
		var r result
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	want := []struct{ tool, set string }{
		{"pagekeeper", "tiny"}, {"pagekeeper abuse path", "tiny"},
		{"pagekeeper", "nhs"}, {"pagekeeper privacy", "nhs"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		r := got[i]
		if r.Tool != w.tool || r.Set != w.set || r.Round != 2 || r.Passes < 1 || r.PostsPerSecond <= 0 {
			t.Errorf("result %d = %+v, want tool %q on %q, round 2, timed", i, r, w.tool, w.set)
		}
	}
	if g := got[0].Groups; len(g) != 2 || g[1].Name != "obscene" || g[1].TP != 1 || g[1].TN != 1 {
		t.Errorf("tiny obscene counts = %+v, want the f*ck post caught and the thanks left alone", g)
	}
	if g := got[2].Groups; len(g) != 1 || g[0].TP+g[0].FN != 1 || g[0].FP+g[0].TN != 1 {
		t.Errorf("nhs counts = %+v, want one valid and one invalid number", g)
	}
}
