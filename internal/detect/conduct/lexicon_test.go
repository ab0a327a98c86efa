package conduct

import (
	"strings"
	"testing"
)

// Lexicon words are written in the normalised form they are looked up in.
func TestLexiconIsNormalised(t *testing.T) {
	for _, list := range []string{swearWords, insultWords, mildInsults, ambigWords, slurWords, sexualWords, negations,
		selfWords, aimerWords, groupWords, hedgeWords, counterWords, medWords} {
		for _, w := range fields(list) {
			if w != strings.ToLower(w) || strings.ContainsAny(w, "*@$!") {
				t.Errorf("lexicon word %q is not in normalised form", w)
			}
		}
	}
}

// Every ambiguous-word context belongs to an ambiguous word.
func TestAmbigContexts(t *testing.T) {
	ambig := map[string]bool{}
	for _, w := range fields(ambigWords) {
		ambig[w] = true
	}
	for w := range ambigContexts() {
		if !ambig[w] {
			t.Errorf("context given for %q, which is not an ambiguous word", w)
		}
	}
}

// Place names and innocent words with rude substrings are never in the lexicon.
func TestNoScunthorpe(t *testing.T) {
	f := newTestFamily(t)
	for _, w := range []string{"scunthorpe", "penistone", "clitheroe", "cockermouth", "cocktail", "assessment", "analysis",
		"dickens", "shiitake", "therapist", "grapes", "hancock", "arsenal", "sussex", "essex", "middlesex", "cumbria", "bumble"} {
		if e := f.lex[w]; e != nil && e.kinds&(kSwear|kInsult|kAmbig|kSlur|kSexual) != 0 {
			t.Errorf("%q is in the abuse lexicon", w)
		}
	}
}

// Every common-sense ambiguous word is an ambiguous word.
func TestCommonAmbig(t *testing.T) {
	ambig := map[string]bool{}
	for _, w := range fields(ambigWords) {
		ambig[w] = true
	}
	for _, w := range fields(commonAmbig) {
		if !ambig[w] {
			t.Errorf("%q is in commonAmbig but not ambigWords", w)
		}
	}
}
