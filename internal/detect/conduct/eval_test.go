package conduct

import (
	"os"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// loadSet reads a shared data set, or skips the test when the data is absent.
func loadSet(t *testing.T, name string) []evaldata.Item {
	t.Helper()
	p := evaldata.SetPath(name)
	if p == "" {
		t.Skipf("data set %s not found: set PAGEKEEPER_DATA or put the shared data beside the module", name)
	}
	items, err := evaldata.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// devFamily builds the family for the gp-dev practice, with the staff the
// privacy family would identify approximated by the names in the profile.
func devFamily(t *testing.T) *Family {
	t.Helper()
	p := moderation.Practice{}
	if path := evaldata.SetPath("gp-dev.practice.yaml"); path != "" {
		prof, err := profile.LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p = prof.Practice()
	}
	f, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// score runs the family over items and scores the given groups, reporting
// per-item errors for the groups' categories with -v.
func score(t *testing.T, f *Family, items []evaldata.Item, spec string, showErrors bool) *evaldata.Score {
	t.Helper()
	groups, err := evaldata.ParseGroups(spec)
	if err != nil {
		t.Fatal(err)
	}
	var members moderation.Set
	for _, g := range groups {
		members |= g.Members
	}
	s := evaldata.NewScore(groups)
	doc := &textnorm.Doc{}
	for _, it := range items {
		doc.Reset(it.Text)
		out := f.Detect(&detect.Input{Doc: doc, Channel: moderation.Channel(it.Channel)}, nil)
		pred := moderation.Labels(out)
		gold := it.Set()
		s.Add(gold, pred)
		if showErrors && testing.Verbose() && (gold&members) != (pred&members) {
			var rs []string
			for _, fd := range out {
				rs = append(rs, string(fd.Category)+"="+fd.Reason)
			}
			t.Logf("%s gold=%v pred=%v %q %s", it.ID, (gold & members).Categories(), (pred & members).Categories(), it.Text, strings.Join(rs, "; "))
		}
	}
	for i, g := range s.Groups {
		c := s.Counts[i]
		t.Logf("%-22s P=%.3f R=%.3f F1=%.3f (tp %d fp %d fn %d)", g.Name, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
	}
	return s
}

func TestGPDev(t *testing.T) {
	items := loadSet(t, "gp-dev.jsonl")
	f := devFamily(t)
	s := score(t, f, items, "obscene,harassment,defamatory,fraud,misinformation", true)
	for i, g := range s.Groups {
		if f1 := s.Counts[i].F1(); f1 < 0.90 {
			t.Errorf("%s F1 = %.3f, want ≥ 0.90", g.Name, f1)
		}
	}
}

func TestDavidson(t *testing.T) {
	items := loadSet(t, "davidson.test.jsonl")
	s := score(t, devFamily(t), items, "obscene+harassment", os.Getenv("SHOW_ERRORS") != "")
	if f1 := s.Counts[0].F1(); f1 < 0.95 {
		t.Errorf("obscene+harassment F1 = %.3f, want ≥ 0.95", f1)
	}
}

func TestSMSSpam(t *testing.T) {
	items := loadSet(t, "sms-spam.test.jsonl")
	s := score(t, devFamily(t), items, "fraud", os.Getenv("SHOW_ERRORS") != "")
	if f1 := s.Counts[0].F1(); f1 < 0.95 {
		t.Errorf("fraud F1 = %.3f, want ≥ 0.95", f1)
	}
}

// TestGPDev, TestDavidson and TestSMSSpam score the family on the shared
// data (skipped when it is absent); -v prints P/R/F1, and for gp-dev every
// misclassified post (SHOW_ERRORS=1 does the same for the others).
//
// TestReportOnly logs figures on sets this family is measured on but never
// fitted to (smishing and YouTube test splits; the test-only covid sets).
func TestReportOnly(t *testing.T) {
	f := devFamily(t)
	for _, c := range []struct{ set, groups string }{
		{"smishing.test.jsonl", "fraud"},
		{"youtube-spam.test.jsonl", "fraud"},
		{"covid-constraint.test.jsonl", "misinformation"},
		{"coaid.test.jsonl", "misinformation"},
		{"druglib.test.jsonl", "misinformation"},
		{"jigsaw-sample.test.jsonl", "obscene+harassment"},
	} {
		t.Run(c.set, func(t *testing.T) {
			if evaldata.SetPath(c.set) == "" {
				t.Skipf("data set %s not found", c.set)
			}
			score(t, f, loadSet(t, c.set), c.groups, false)
		})
	}
}
