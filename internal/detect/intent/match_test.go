package intent

import (
	"os"
	"slices"
	"strings"
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

// naiveEnd is a pattern's slots matched at word i by plain backtracking:
// the reference find's indexes and quick rejects must agree with.
func naiveEnd(slots []slot, ids []int32, nums []bool, i int) int {
	if len(slots) == 0 {
		return i
	}
	s := &slots[0]
	if s.gap > 0 {
		for g := 0; g <= s.gap && i+g <= len(ids); g++ {
			if e := naiveEnd(slots[1:], ids, nums, i+g); e >= 0 {
				return e
			}
		}
		return -1
	}
	if i < len(ids) && (s.any || (s.num && nums[i]) || slices.Contains(s.ids, ids[i])) {
		if e := naiveEnd(slots[1:], ids, nums, i+1); e >= 0 {
			return e
		}
	}
	if s.opt {
		return naiveEnd(slots[1:], ids, nums, i)
	}
	return -1
}

// TestFindMatchesNaive checks that find, with its first- and second-word
// indexes, signatures and gap shortcuts, finds exactly the matches of every
// pattern tried at every word, for the package's posts and the lexicon's
// own phrases (with a word before and a number after each).
func TestFindMatchesNaive(t *testing.T) {
	f, err := New(testPractice)
	if err != nil {
		t.Fatal(err)
	}
	m := f.m
	data, err := os.ReadFile("testdata/posts.txt")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, line := range strings.Split(string(data), "\n") {
		if _, text, ok := strings.Cut(line, "\t"); ok {
			texts = append(texts, text)
		}
	}
	for _, tc := range cases {
		texts = append(texts, tc.text)
	}
	for _, e := range lexicon {
		for _, p := range e.pats {
			var words []string
			for _, f := range strings.Fields(p) {
				switch {
				case strings.HasPrefix(f, "~"):
					words = append(words, "so")
				case f == "#num":
					words = append(words, "12")
				default:
					words = append(words, strings.Split(strings.TrimSuffix(f, "?"), "|")[0])
				}
			}
			texts = append(texts, "well "+strings.Join(words, " ")+" 5 stars")
		}
	}
	type match struct {
		pat      int32
		from, to int
	}
	n := 0
	for _, text := range texts {
		sc := &scratch{}
		m.lookup(&detect.Input{Doc: textnorm.New(text)}, sc)
		m.find(sc)
		var got, want []match
		for _, h := range sc.hits {
			got = append(got, match{h.pat, h.from, h.to})
		}
		for i := range sc.ids {
			for p := range m.pats {
				pt := &m.pats[p]
				s0 := &pt.slots[0]
				times := 0 // a first word listed twice is indexed, and matched, twice
				for _, id := range s0.ids {
					if id == sc.ids[i] {
						times++
					}
				}
				if s0.num && sc.nums[i] {
					times = 1
				}
				for range times {
					if e := naiveEnd(pt.slots[1:], sc.ids, sc.nums, i+1); e >= 0 {
						want = append(want, match{int32(p), i, e})
					}
				}
			}
		}
		cmp := func(a, b match) int {
			if a.from != b.from {
				return a.from - b.from
			}
			return int(a.pat - b.pat)
		}
		slices.SortStableFunc(got, cmp)
		slices.SortStableFunc(want, cmp)
		if !slices.Equal(got, want) {
			t.Errorf("%q: find = %v, want %v", text, got, want)
		}
		n += len(got)
	}
	if n < len(texts) {
		t.Errorf("only %d matches in %d texts: the test is not exercising find", n, len(texts))
	}
}
