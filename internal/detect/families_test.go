package detect_test

import (
	"cmp"
	"reflect"
	"slices"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/detect/conduct"
	"github.com/pagekeeper/pagekeeper/internal/detect/intent"
	"github.com/pagekeeper/pagekeeper/internal/detect/privacy"
	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// TestFamiliesJudgeAsAlone checks that the families judge the same in an
// Engine, where they share one vocabulary, as each does alone with its own:
// on the benchmark's posts and, when present, the Davidson test split and
// gp-dev.
func TestFamiliesJudgeAsAlone(t *testing.T) {
	texts := append([]string{}, judgePosts...)
	for _, name := range []string{"davidson.test.jsonl", "gp-dev.jsonl"} {
		if path := evaldata.SetPath(name); path != "" {
			items, err := evaldata.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				texts = append(texts, it.Text)
			}
		}
	}
	for _, practice := range []string{"../../examples/demo.yaml", evaldata.SetPath("gp-dev.practice.yaml")} {
		if practice == "" {
			continue
		}
		fams := practiceFamilies(t, practice)
		eng := detect.NewEngine(fams...)
		for _, text := range texts {
			got := eng.Judge(text, moderation.Facebook)
			var want []moderation.Finding
			for _, f := range fams {
				// a fresh Input for each family: nothing looked up by another
				want = f.Detect(&detect.Input{Doc: textnorm.New(text), Channel: moderation.Facebook}, want)
			}
			slices.SortStableFunc(want, func(a, b moderation.Finding) int {
				return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.Category, b.Category))
			})
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %q\nin an Engine: %+v\nalone: %+v", practice, text, got, want)
			}
		}
	}
}

// TestBoundFamiliesReadTheInputsIDs checks that a family bound to a shared
// vocabulary reads the word ids already in the Input rather than looking
// the words up again: with every id blanked out, it finds something else.
func TestBoundFamiliesReadTheInputsIDs(t *testing.T) {
	p, err := profile.LoadFile("../../examples/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	mp := p.Practice()
	c, err := conduct.New(mp)
	if err != nil {
		t.Fatal(err)
	}
	in, err := intent.New(mp)
	if err != nil {
		t.Fatal(err)
	}
	fams := []detect.Lexical{privacy.New(mp), c, in}
	var words []string
	for _, f := range fams {
		f.Words(func(w string) { words = append(words, w) })
	}
	v := detect.NewVocab(words)
	const text = "Dean on reception is a complete wanker and Dr Haddad never listens, worst surgery ever, I'll be waiting for him after work"
	for _, f := range fams {
		bound := f.WithVocab(v)
		want := bound.Detect(&detect.Input{Doc: textnorm.New(text)}, nil)
		if len(want) == 0 {
			t.Fatalf("%s finds nothing in %q", f.Name(), text)
		}
		blank := &detect.Input{Doc: textnorm.New(text)}
		ids := blank.WordIDs(v)
		for i := range ids {
			ids[i] = -1
		}
		if got := bound.Detect(blank, nil); reflect.DeepEqual(got, want) {
			t.Errorf("%s finds %+v with every word id blanked: it looked the words up itself", f.Name(), got)
		}
	}
}
