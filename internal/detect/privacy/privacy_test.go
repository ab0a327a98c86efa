package privacy

import (
	"os"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// judge runs the family over one text.
func judge(f *Family, text string) []moderation.Finding {
	return f.Detect(&detect.Input{Doc: textnorm.New(text)}, nil)
}

// TestGPDev scores the family on the shared development set and fails below
// F1 0.90 for either category. Run with -v to list the misclassified posts.
func TestGPDev(t *testing.T) {
	set := evaldata.SetPath("gp-dev.jsonl")
	prof := evaldata.SetPath("gp-dev.practice.yaml")
	if set == "" || prof == "" {
		t.Skip("shared data not found (set PAGEKEEPER_DATA or put ../shared/data beside the module) - skipping the gp-dev evaluation")
	}
	items, err := evaldata.ReadFile(set)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.LoadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	f := New(p.Practice())
	groups, err := evaldata.ParseGroups("patient_info,staff_identified")
	if err != nil {
		t.Fatal(err)
	}
	sc := evaldata.NewScore(groups)
	for _, it := range items {
		fs := judge(f, it.Text)
		pred := moderation.Labels(fs) & (moderation.Set(0).Add(moderation.PatientInfo).Add(moderation.StaffIdentified))
		gold := it.Set()
		sc.Add(gold, pred)
		for _, g := range groups {
			gp, pp := gold&g.Members != 0, pred&g.Members != 0
			if gp != pp {
				t.Logf("%s %s gold=%v pred=%v: %s", it.ID, g.Name, gp, pp, it.Text)
				for _, fd := range fs {
					t.Logf("    %s [%d:%d] %q %s", fd.Category, fd.Start, fd.End, it.Text[fd.Start:fd.End], fd.Reason)
				}
			}
		}
	}
	for k, g := range groups {
		c := sc.Counts[k]
		t.Logf("%-17s P=%.3f R=%.3f F1=%.3f (TP=%d FP=%d FN=%d)", g.Name, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
		if c.F1() < 0.90 {
			t.Errorf("%s F1 = %.3f, want >= 0.90", g.Name, c.F1())
		}
	}
	if os.Getenv("PRIVACY_DUMP") != "" {
		for _, it := range items {
			for _, fd := range judge(f, it.Text) {
				t.Logf("%s %s %q %s", it.ID, fd.Category, it.Text[fd.Start:fd.End], fd.Reason)
			}
		}
	}
}
