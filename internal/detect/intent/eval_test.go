package intent

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// mine are the categories this family judges.
var mine = []moderation.Category{moderation.Complaint, moderation.Review, moderation.ClinicalRequest, moderation.Safeguarding}

// devTargets are the gp-dev targets: minimum F1, or for safeguarding minimum
// recall and precision.
var devTargets = map[moderation.Category][2]float64{
	moderation.Complaint:       {0.90, 0},
	moderation.Review:          {0.90, 0},
	moderation.ClinicalRequest: {0.90, 0},
	moderation.Safeguarding:    {0.98, 0.80}, // recall, precision
}

// devFamily builds the family for gp-dev's practice, or skips.
func devFamily(t testing.TB) (*Family, []evaldata.Item) {
	t.Helper()
	path := evaldata.SetPath("gp-dev.jsonl")
	if path == "" {
		t.Skip("gp-dev.jsonl not found: set PAGEKEEPER_DATA to the shared data directory to run the dev evaluation")
	}
	items, err := evaldata.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p moderation.Practice
	if prof, err := profile.LoadFile(filepath.Join(filepath.Dir(path), "gp-dev.practice.yaml")); err == nil {
		p = prof.Practice()
	} else {
		t.Logf("gp-dev practice profile not loaded (%v): judging without staff names", err)
	}
	f, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	return f, items
}

func judgeText(f *Family, text string) []moderation.Finding {
	return f.Detect(&detect.Input{Doc: textnorm.New(text)}, nil)
}

func groupsOf(cs []moderation.Category) []evaldata.Group {
	var gs []evaldata.Group
	for _, c := range cs {
		gs = append(gs, evaldata.Group{Name: string(c), Members: moderation.Set(0).Add(c)})
	}
	return gs
}

// mask keeps only the categories in cs.
func mask(s moderation.Set, cs []moderation.Category) moderation.Set {
	var out moderation.Set
	for _, c := range cs {
		if s.Has(c) {
			out = out.Add(c)
		}
	}
	return out
}

func TestGPDev(t *testing.T) {
	f, items := devFamily(t)
	sc := evaldata.NewScore(groupsOf(mine))
	for _, it := range items {
		fs := judgeText(f, it.Text)
		gold, pred := mask(it.Set(), mine), mask(moderation.Labels(fs), mine)
		sc.Add(gold, pred)
		if gold != pred {
			var why []string
			for _, x := range fs {
				why = append(why, fmt.Sprintf("%s %.2f %q (%s)", x.Category, x.Score, it.Text[x.Start:x.End], x.Reason))
			}
			t.Logf("%s gold=%v pred=%v | %s | %s", it.ID, gold.Categories(), pred.Categories(), it.Text, strings.Join(why, "; "))
		}
	}
	for i, g := range sc.Groups {
		c := sc.Counts[i]
		t.Logf("%-16s P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", g.Name, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
		tg := devTargets[moderation.Category(g.Name)]
		if g.Name == string(moderation.Safeguarding) {
			if c.Recall() < tg[0] || c.Precision() < tg[1] {
				t.Errorf("safeguarding recall %.3f precision %.3f, want recall ≥ %.2f and precision ≥ %.2f", c.Recall(), c.Precision(), tg[0], tg[1])
			}
		} else if c.F1() < tg[0] {
			t.Errorf("%s F1 %.3f, want ≥ %.2f", g.Name, c.F1(), tg[0])
		}
	}
}

// TestReportTestSets prints figures on the test-only sets (complaints-twitter,
// nhs-feedback, reddit-cssrs) and druglib's honest patient text. It only
// reports: nothing in this package is fitted to these sets, and it never
// fails on their figures. Run with -v to see them.
func TestReportTestSets(t *testing.T) {
	sets := []struct {
		file string
		cats []moderation.Category
	}{
		{"complaints-twitter.test.jsonl", []moderation.Category{moderation.Complaint}},
		{"nhs-feedback.test.jsonl", []moderation.Category{moderation.Complaint, moderation.Review}},
		{"reddit-cssrs.test.jsonl", []moderation.Category{moderation.Safeguarding}},
		{"druglib.test.jsonl", []moderation.Category{moderation.Safeguarding}},
	}
	f, err := New(moderation.Practice{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range sets {
		path := evaldata.SetPath(s.file)
		if path == "" {
			continue
		}
		found = true
		items, err := evaldata.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := evaldata.NewScore(groupsOf(s.cats))
		for _, it := range items {
			sc.Add(mask(it.Set(), s.cats), mask(moderation.Labels(judgeText(f, it.Text)), s.cats))
		}
		for i, g := range sc.Groups {
			c := sc.Counts[i]
			t.Logf("%-30s %-13s n=%d P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d tn=%d)", s.file, g.Name, len(items),
				c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN, c.TN)
		}
	}
	if !found {
		t.Skip("no test sets found: set PAGEKEEPER_DATA to the shared data directory to report on them")
	}
}
