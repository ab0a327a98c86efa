package evaldata

import (
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

func TestScore(t *testing.T) {
	gs, err := ParseGroups("obscene+harassment,fraud")
	if err != nil {
		t.Fatal(err)
	}
	s := NewScore(gs)
	set := func(cs ...moderation.Category) moderation.Set {
		var s moderation.Set
		for _, c := range cs {
			s = s.Add(c)
		}
		return s
	}
	s.Add(set(moderation.Obscene), set(moderation.Harassment)) // union: TP
	s.Add(set(), set(moderation.Obscene))                      // FP
	s.Add(set(moderation.Fraud), set())                        // fraud FN
	s.Add(set(moderation.Fraud), set(moderation.Fraud))        // fraud TP
	if got := s.Counts[0]; got != (Counts{TP: 1, FP: 1, FN: 0, TN: 2}) {
		t.Errorf("union counts = %+v", got)
	}
	if got := s.Counts[1]; got != (Counts{TP: 1, FP: 0, FN: 1, TN: 2}) {
		t.Errorf("fraud counts = %+v", got)
	}
	if f := s.Counts[1].F1(); f < 0.666 || f > 0.667 {
		t.Errorf("fraud F1 = %v, want 2/3", f)
	}
}

func TestParseGroupsRejectsUnknown(t *testing.T) {
	if _, err := ParseGroups("obscene,rude"); err == nil || !strings.Contains(err.Error(), "rude") {
		t.Errorf("ParseGroups(unknown) error = %v", err)
	}
	gs, err := ParseGroups("")
	if err != nil || len(gs) != moderation.NumCategories {
		t.Errorf("ParseGroups(\"\") = %d groups, %v", len(gs), err)
	}
}

func TestReadReportsLine(t *testing.T) {
	_, err := Read("x.jsonl", strings.NewReader("{\"id\":\"a\",\"text\":\"t\",\"labels\":[]}\n{bad\n"))
	if err == nil || !strings.Contains(err.Error(), "x.jsonl:2") {
		t.Errorf("error = %v, want x.jsonl:2", err)
	}
	_, err = Read("x.jsonl", strings.NewReader(`{"id":"a","text":"t","labels":["nope"]}`))
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("error = %v, want unknown label", err)
	}
}
