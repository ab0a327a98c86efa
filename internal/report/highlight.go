package report

import (
	"slices"
	"unicode/utf8"
)

// Span is a finding's evidence in a post's text: bytes [Start, End), and
// the number the report gives the finding.
type Span struct {
	Start, End int
	Finding    int
}

// Segment is a run of a post's text and the findings whose spans cover it
// (none for plain text).
type Segment struct {
	Text     string
	Findings []int
}

// Marked reports whether the segment is part of some finding's evidence.
func (s Segment) Marked() bool { return len(s.Findings) > 0 }

// Segments cuts text at the edges of spans so each piece can be marked up
// on its own. Spans come from detectors as byte offsets and are not
// trusted: they are clamped to the text, widened to whole UTF-8 sequences
// so no character is split, and may overlap (a piece covered by two spans
// lists both findings). The segments' texts join to text.
func Segments(text string, spans []Span) []Segment {
	type edge struct{ start, end, finding int }
	var es []edge
	cuts := []int{0, len(text)}
	for _, s := range spans {
		a, b := max(s.Start, 0), min(s.End, len(text))
		if a >= b {
			continue
		}
		for a > 0 && !utf8.RuneStart(text[a]) {
			a--
		}
		for b < len(text) && !utf8.RuneStart(text[b]) {
			b++
		}
		es = append(es, edge{a, b, s.Finding})
		cuts = append(cuts, a, b)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []Segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		var fs []int
		for _, e := range es {
			if e.start <= a && b <= e.end && !slices.Contains(fs, e.finding) {
				fs = append(fs, e.finding)
			}
		}
		slices.Sort(fs)
		if n := len(out); n > 0 && slices.Equal(out[n-1].Findings, fs) {
			out[n-1].Text += text[a:b]
			continue
		}
		out = append(out, Segment{Text: text[a:b], Findings: fs})
	}
	return out
}
