package intent

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

func TestLexiconCompiles(t *testing.T) {
	m := newMatcher()
	for _, e := range lexicon {
		for _, p := range e.pats {
			if err := m.add(e.cue, p); err != nil {
				t.Errorf("cue %d: %v", e.cue, err)
			}
		}
	}
}

func TestEverySignHasAReason(t *testing.T) {
	for c := cue(1); c < numCues; c++ {
		if c.category() != "" && reasons[c] == "" {
			t.Errorf("cue %d (%s) has no reason for staff", c, c.category())
		}
	}
	if got := sgSuicide.category(); got != moderation.Safeguarding {
		t.Errorf("sgSuicide.category() = %q", got)
	}
	if got := auxNow.category(); got != "" {
		t.Errorf("context cue has category %q", got)
	}
}
