package privacy

import (
	"os"
	"slices"
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

// benchPosts are realistic posts of gp-dev's length and mix: mostly innocent,
// some naming staff, some giving other people's details.
var benchPosts = []string{
	"The online consultation thing is genuinely brilliant, sent it at 7pm, had a call from Dr Priya at 10 next morning and antibiotics sorted. Thank you",
	"Hill walking group meets Saturdays at 10 outside the surgery if anyone fancies it, all welcome",
	"Can someone chase my mum's blood results? Margaret Finch, NHS number 766 845 7771, DOB 14/02/1941. She had them done on the 3rd.",
	"Is the Saturday flu clinic walk-in or do we need to book? My mum's 79 and doesn't do the NHS App",
	"Receptionists at this place are so rude. Asked a simple question and got an eye roll. Sort your front desk out.",
	"Whoever the gobby receptionist was at 8.05 this morning, w@nker. I've screenshotted your name badge, see you soon",
	"Can you update my mobile to 07700 900277 please, I've changed numbers and keep missing your texts",
	"Mark my words, this is the best surgery in the area, the reception team are always so kind to my nan 💕",
	"Please pray for my friend Tasha Reid (Flat 3, 21 Hope Street, DN15 7QT), she's just been diagnosed with MS and she's only 29 💔",
	"I wish to make a formal complaint. My repeat prescription for levothyroxine was not issued for 9 days despite my request going in on time through the NHS App, and I ran out.",
	"Touch wood I won't need you over Christmas! Merry Christmas to all the team 🎄",
	"Asked Bob on reception and he just shrugged at me like I was something on his shoe.",
	"Bank holiday closure noted 👍 what do we do if we need a doctor urgently while you're shut? Is it 111?",
	"Thank you Mrs Olivia Grant for the forex signals, my portfolio is up 400% 🙏 contact her on WhatsApp +44 7700 900845",
	"Is there a bus from Penistone that stops near the surgery? Don't drive anymore since my cataracts",
	"Can the nurse call my son Jayden Oliver on +44 7700 900390? NHS 603.064.8748, his wound dressing needs changing",
}

func benchFamily(b *testing.B) *Family {
	b.Helper()
	prof := evaldata.SetPath("gp-dev.practice.yaml")
	if prof == "" {
		return New(testPractice())
	}
	p, err := profile.LoadFile(prof)
	if err != nil {
		b.Fatal(err)
	}
	return New(p.Practice())
}

// BenchmarkDetect measures both detectors on already-normalised posts (the
// engine normalises once for every family); ns/op is per post.
func BenchmarkDetect(b *testing.B) {
	f := benchFamily(b)
	docs := make([]*textnorm.Doc, len(benchPosts))
	for i, p := range benchPosts {
		docs[i] = textnorm.New(p)
	}
	ins := make([]detect.Input, len(docs))
	for i := range docs {
		ins[i] = detect.Input{Doc: docs[i]}
	}
	out := make([]moderation.Finding, 0, 16)
	k := 0
	for b.Loop() {
		out = f.Detect(&ins[k], out[:0])
		k++
		if k == len(ins) {
			k = 0
		}
	}
}

// BenchmarkDetectClean measures posts with no findings, which must not allocate.
func BenchmarkDetectClean(b *testing.B) {
	f := benchFamily(b)
	var ins []detect.Input
	for _, p := range benchPosts {
		in := detect.Input{Doc: textnorm.New(p)}
		if len(f.Detect(&in, nil)) == 0 {
			ins = append(ins, in)
		}
	}
	out := make([]moderation.Finding, 0, 16)
	k := 0
	for b.Loop() {
		out = f.Detect(&ins[k], out[:0])
		k++
		if k == len(ins) {
			k = 0
		}
	}
}

// BenchmarkNormaliseAndDetect includes the shared normalisation, for scale.
func BenchmarkNormaliseAndDetect(b *testing.B) {
	f := benchFamily(b)
	d := &textnorm.Doc{}
	out := make([]moderation.Finding, 0, 16)
	k := 0
	for b.Loop() {
		d.Reset(benchPosts[k])
		out = f.Detect(&detect.Input{Doc: d}, out[:0])
		k++
		if k == len(benchPosts) {
			k = 0
		}
	}
}

// FuzzDetect checks that Detect never panics and that every span lies within
// the original text, on character boundaries.
func FuzzDetect(f *testing.F) {
	for _, p := range benchPosts {
		f.Add(p)
	}
	f.Add("Dr. \u200bHill 😀 +44 7700 900019 s35 4re 14/02/1941 a at b dot uk @ x@y.z")
	f.Add("Nurse")
	f.Add("the the the receptionist with")
	fam := New(testPractice())
	f.Fuzz(func(t *testing.T, text string) {
		fs := judge(fam, text)
		for _, fd := range fs {
			if fd.Start < 0 || fd.End > len(text) || fd.Start >= fd.End {
				t.Fatalf("span [%d:%d] out of bounds for %q (len %d)", fd.Start, fd.End, text, len(text))
			}
			if fd.Score <= 0 || fd.Score > 1 {
				t.Fatalf("score %v out of (0,1]", fd.Score)
			}
			if fd.Reason == "" || fd.Clause != fd.Category.Clause() {
				t.Fatalf("finding without reason or clause: %+v", fd)
			}
		}
	})
}

// TestSpans checks that findings point at the evidence in the original text,
// including after emoji and other multi-byte characters.
func TestSpans(t *testing.T) {
	f := New(testPractice())
	tests := []struct {
		name string
		text string
		want []string // the evidence each finding's span must cover, in order found
	}{
		{"staff after emoji", "😡😡 Dr Haddad 😡", []string{"Dr Haddad"}},
		{"staff after accents", "Très bien, merci Dr Haddad!", []string{"Dr Haddad"}},
		{"phone after emoji", "💔 ring my nan on +44 7700 900019 please", []string{"+44 7700 900019"}},
		{"nhs number with curly quotes", "“My dad’s” NHS number is 943 476 5919", []string{"943 476 5919"}},
		{"date and postcode", "🙏 my mum Joan Pike, DOB 03/04/1950, m14 5rt", []string{"03/04/1950", "m14 5rt"}},
		{"fullwidth name", "Ｄｒ Ｈａｄｄａｄ was great", []string{"Ｄｒ Ｈａｄｄａｄ"}},
		{"email", "🌸 her email is jo.pike88@gmail.com", []string{"jo.pike88@gmail.com"}},
		{"spelled email", "for my nan: nanpike at yahoo dot co dot uk", []string{"nanpike at yahoo dot co dot uk"}},
		{"role description", "the receptionist 💇 with the purple hair", []string{"the receptionist 💇 with the purple hair"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := judge(f, tt.text)
			var got []string
			for _, fd := range fs {
				got = append(got, tt.text[fd.Start:fd.End])
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q: no finding spans %q; got %q", tt.text, w, got)
				}
			}
		})
	}
}
