package main

import (
	"bytes"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// FuzzReadPosts feeds arbitrary bytes to the JSON Lines and CSV readers of
// import-posts and replay. Whatever the input, they must not panic, must
// account for every non-blank JSON line (ingested or reported, never
// dropped silently), must report lines in increasing order from 1, and
// every post they hand on must make an event (or say why not) without
// panicking. Seeds: testdata/fuzz/FuzzReadPosts and those below.
func FuzzReadPosts(f *testing.F) {
	f.Add([]byte(`{"id":"1","text":"Dr Heath was rude","channel":"facebook","created_at":"2026-01-02T10:00:00Z"}`+"\n"), false)
	f.Add([]byte("{\"id\":\"2\",\"text\":\"caf\xe9\"}\n\n{not json}\n"), false)
	f.Add([]byte("id,text,channel\n1,\"Dr Heath, again\",x\n2,\"unterminated\n"), true)
	f.Add([]byte("\ufeffID,Text\n3,hello\n"), true)
	prof, err := profile.LoadFile("../../examples/demo.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, isCSV bool) {
		var ingested, reported int
		last := 0
		report := func(line int, msg string) {
			if line < 1 || msg == "" {
				t.Fatalf("report(%d, %q): want a line from 1 and a message", line, msg)
			}
			reported++
		}
		ingest := func(line int, h historical) error {
			if line <= last {
				t.Fatalf("post on line %d after line %d: lines must increase", line, last)
			}
			last = line
			ingested++
			ev, why := h.event(prof)
			if why == "" && ev.DedupeKey == "" {
				t.Fatalf("line %d made an event without a dedupe key", line)
			}
			return nil
		}
		if isCSV {
			_ = readCSVPosts(bytes.NewReader(data), report, ingest) // a missing header is an error, not a panic
			return
		}
		if err := readJSONLPosts(bytes.NewReader(data), report, ingest); err != nil {
			t.Fatalf("reading from memory failed: %v", err)
		}
		nonBlank := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				nonBlank++
			}
		}
		if ingested+reported != nonBlank {
			t.Fatalf("%d non-blank lines, %d ingested and %d reported: a line was lost", nonBlank, ingested, reported)
		}
	})
}
