package detect

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// wordFamily flags every occurrence of a word, for testing the engine.
type wordFamily struct {
	word string
	cat  moderation.Category
	seen *[]int // how many findings were already in out when it ran
	mu   *sync.Mutex
}

func (f wordFamily) Name() string { return "word:" + f.word }

func (f wordFamily) Detect(in *Input, out []moderation.Finding) []moderation.Finding {
	if f.seen != nil {
		f.mu.Lock()
		*f.seen = append(*f.seen, len(out))
		f.mu.Unlock()
	}
	for i := range in.Doc.Words {
		if in.Doc.Is(i, f.word) {
			s, e := in.Doc.WordSpan(i, i)
			out = append(out, moderation.Finding{Category: f.cat, Clause: f.cat.Clause(), Start: s, End: e, Score: 1, Reason: "says " + f.word})
		}
	}
	return out
}

func TestEngineOrdersAndChainsFamilies(t *testing.T) {
	var seen []int
	mu := &sync.Mutex{}
	e := NewEngine(
		wordFamily{word: "zebra", cat: moderation.Fraud, seen: &seen, mu: mu},
		wordFamily{word: "apple", cat: moderation.Review, seen: &seen, mu: mu},
	)
	text := "an Apple and a ＺＥＢＲＡ"
	fs := e.Judge(text, moderation.Facebook)
	if len(fs) != 2 {
		t.Fatalf("findings = %v", fs)
	}
	if fs[0].Category != moderation.Review || text[fs[0].Start:fs[0].End] != "Apple" {
		t.Errorf("first finding = %+v (%q), want the review at 'Apple'", fs[0], text[fs[0].Start:fs[0].End])
	}
	if got := text[fs[1].Start:fs[1].End]; got != "ＺＥＢＲＡ" {
		t.Errorf("second finding's span = %q, want the original fullwidth word", got)
	}
	if len(seen) != 2 || seen[0] != 0 || seen[1] != 1 {
		t.Errorf("families saw %v findings before them, want [0 1]: later families see earlier findings", seen)
	}
}

func TestEngineConcurrentUse(t *testing.T) {
	e := NewEngine(wordFamily{word: "scam", cat: moderation.Fraud})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				text := strings.Repeat("ok ", g+i%5) + "scam"
				fs := e.Judge(text, "")
				if len(fs) != 1 || text[fs[0].Start:fs[0].End] != "scam" {
					t.Errorf("concurrent judge of %q = %v", text, fs)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestSentences(t *testing.T) {
	in := &Input{Doc: textnorm.New("Dr. Hill is great! Really? yes... ok")}
	want := []int32{0, 1, 1, 1, 2, 3, 4}
	if got := in.Sentences(); !slices.Equal(got, want) {
		t.Errorf("Sentences = %v, want %v", got, want)
	}
	in.Doc.Reset("one. two")
	if got := in.Sentences(); !slices.Equal(got, []int32{0, 1}) {
		t.Errorf("after Reset, Sentences = %v, want [0 1]: they follow the Doc", got)
	}
}
