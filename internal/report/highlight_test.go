package report

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSegments(t *testing.T) {
	// "Dr Łukasz" — Ł is two bytes; "née" — é is two bytes; 🙂 is four.
	text := "Dr Łukasz is a liar 🙂 née Smith"
	at := func(sub string) (int, int) {
		i := strings.Index(text, sub)
		return i, i + len(sub)
	}
	span := func(sub string, f int) Span { a, b := at(sub); return Span{a, b, f} }
	emoji, _ := at("🙂")
	tests := []struct {
		name  string
		spans []Span
		want  []Segment
	}{
		{"no spans", nil, []Segment{{Text: text}}},
		{"whole text", []Span{{0, len(text), 1}}, []Segment{{Text: text, Findings: []int{1}}}},
		{"multi-byte name", []Span{span("Łukasz", 1)}, []Segment{
			{Text: "Dr "}, {Text: "Łukasz", Findings: []int{1}}, {Text: " is a liar 🙂 née Smith"}}},
		{"span starting inside Ł widens back", []Span{{4, 10, 1}}, []Segment{
			{Text: "Dr "}, {Text: "Łukasz", Findings: []int{1}}, {Text: " is a liar 🙂 née Smith"}}},
		{"span ending inside the emoji widens forward", []Span{{span("is a liar", 2).Start, emoji + 2, 2}}, []Segment{
			{Text: "Dr Łukasz "}, {Text: "is a liar 🙂", Findings: []int{2}}, {Text: " née Smith"}}},
		{"overlapping spans", []Span{span("Łukasz is", 1), span("is a liar", 2)}, []Segment{
			{Text: "Dr "}, {Text: "Łukasz ", Findings: []int{1}}, {Text: "is", Findings: []int{1, 2}},
			{Text: " a liar", Findings: []int{2}}, {Text: " 🙂 née Smith"}}},
		{"out of range and empty spans are ignored or clamped", []Span{{-5, 2, 1}, {30, 10, 2}, {len(text) - 5, len(text) + 40, 3}}, []Segment{
			{Text: "Dr", Findings: []int{1}}, {Text: " Łukasz is a liar 🙂 née "}, {Text: "Smith", Findings: []int{3}}}},
		{"the same finding twice", []Span{{0, 2, 1}, {0, 2, 1}}, []Segment{{Text: "Dr", Findings: []int{1}}, {Text: text[2:]}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Segments(text, tt.spans)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Segments (-want +got):\n%s", diff)
			}
			var joined strings.Builder
			for _, s := range got {
				joined.WriteString(s.Text)
			}
			if joined.String() != text {
				t.Errorf("segments join to %q", joined.String())
			}
		})
	}
}
