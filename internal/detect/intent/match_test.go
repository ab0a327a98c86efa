package intent

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

func TestPatternSyntax(t *testing.T) {
	tests := []struct {
		name string
		pat  string
		text string
		want string // the matched words, "" for no match
	}{
		{"plain", "on hold", "been on hold all day", "on hold"},
		{"alternatives", "cant|cannot breathe", "I cannot breathe", "cannot breathe"},
		{"apostrophe dropped", "cant breathe", "I can't breathe", "can't breathe"},
		{"optional present", "taken all my? pills", "taken all my pills", "taken all my pills"},
		{"optional absent", "taken all my? pills", "taken all pills", "taken all pills"},
		{"gap", "pain ~3 arm", "pain going down my arm", "pain going down my arm"},
		{"gap too long", "pain ~1 arm", "pain going down my arm", ""},
		{"any word", "rang * times", "rang 63 times", "rang 63 times"},
		{"number", "#num star|stars", "5 stars from me", "5 stars"},
		{"number not a word", "#num stars", "five stars", ""},
		{"leet", "shite service", "sh1te service", "sh1te service"},
		{"no match", "on hold", "hold on", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newMatcher()
			if err := m.add(coAccess, tc.pat); err != nil {
				t.Fatal(err)
			}
			m.seal()
			d := textnorm.New(tc.text)
			sc := &scratch{}
			m.lookup(&detect.Input{Doc: d}, sc)
			m.find(sc)
			got := ""
			if len(sc.hits) > 0 {
				s, e := d.WordSpan(sc.hits[0].from, sc.hits[0].to-1)
				got = tc.text[s:e]
			}
			if got != tc.want {
				t.Errorf("%q in %q matched %q, want %q", tc.pat, tc.text, got, tc.want)
			}
		})
	}
}

func TestPatternErrors(t *testing.T) {
	for _, pat := range []string{"", "~2 start", "x? first optional", "* any first", "a ~x b", "a || b"} {
		if err := newMatcher().add(coAccess, pat); err == nil {
			t.Errorf("add(%q) = nil, want an error", pat)
		}
	}
}
