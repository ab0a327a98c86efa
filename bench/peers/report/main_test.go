package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

const input = `{"round":1,"tool":"leo-profanity","set":"d","kind":"abuse","posts":10,"posts_per_second":100,"groups":[{"name":"obscene","tp":4,"fp":0,"fn":4,"tn":2}]}
{"round":1,"tool":"pagekeeper","set":"d","kind":"abuse","posts":10,"posts_per_second":5000,"groups":[{"name":"obscene","tp":8,"fp":0,"fn":0,"tn":2}]}
{"round":1,"tool":"bad-words","error":"Cannot find package 'bad-words'"}
{"round":2,"tool":"pagekeeper","set":"d","kind":"abuse","posts":10,"posts_per_second":1000,"groups":[{"name":"obscene","tp":8,"fp":0,"fn":0,"tn":2}]}
{"round":3,"tool":"pagekeeper","set":"d","kind":"abuse","posts":10,"posts_per_second":3000,"groups":[{"name":"obscene","tp":8,"fp":0,"fn":0,"tn":2}]}
`

func TestReport(t *testing.T) {
	rows, err := readRows(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Tool != "pagekeeper" || rows[1].Tool != "leo-profanity" {
		t.Fatalf("rows = %+v, want pagekeeper then leo-profanity", rows)
	}
	if got := rows[0].median(); got != 3000 {
		t.Errorf("median = %v, want 3000", got)
	}
	var md bytes.Buffer
	if err := writeTables(&md, rows); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| d (10) | pagekeeper | 1.00 | 1.00 | **1.00** | 3,000 | 1,000–5,000 |",
		"| d (10) | leo-profanity | 1.00 | 0.50 | **0.67** | 100 | 100–100 |",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, md.String())
		}
	}
	var svg bytes.Buffer
	if err := writeSVG(&svg, rows); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(&svg)
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed: %v", err)
		}
	}
}

func TestReportRoundsDisagree(t *testing.T) {
	in := `{"round":1,"tool":"x","set":"d","kind":"abuse","posts":1,"posts_per_second":1,"groups":[{"name":"obscene","tp":1}]}
{"round":2,"tool":"x","set":"d","kind":"abuse","posts":1,"posts_per_second":1,"groups":[{"name":"obscene","fn":1}]}
`
	if _, err := readRows(strings.NewReader(in)); err == nil {
		t.Error("readRows accepted two rounds that judged differently")
	}
}

func TestRate(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{{861.2, "861"}, {7640, "7,600"}, {445123, "445,000"}, {3563752, "3.56 M"}} {
		if got := rate(tt.in); got != tt.want {
			t.Errorf("rate(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
