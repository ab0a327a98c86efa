package intent

import (
	"runtime"
	"testing"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

func TestName(t *testing.T) {
	f, err := New(moderation.Practice{})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Name(); got != "intent" {
		t.Errorf("Name() = %q, want intent", got)
	}
}

func TestSpansPointAtEvidence(t *testing.T) {
	f, err := New(testPractice)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		text string
		cat  moderation.Category
		want string
	}{
		{"repeat request", "Morning! Can you send my repeat prescription to Boots please", cr, "repeat prescription"},
		{"phones", "On hold for 40 minutes again 😤", co, "On hold"},
		{"rating", "Overall 4/5 from me", rv, "4/5"},
		{"stroke after emoji", "😱😱 my dad's face has dropped on one side", sg, "face has dropped"},
		{"accents kept in span", "Café was shut but my mum's speech is slurred right now", sg, "speech is slurred"},
		{"hyperbole", "one more hour of this hold music and I'll top myself 😂", sg, "top myself"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, x := range judgeText(f, tc.text) {
				if x.Category != tc.cat {
					continue
				}
				if got := tc.text[x.Start:x.End]; got != tc.want {
					t.Errorf("span = %q, want %q", got, tc.want)
				}
				return
			}
			t.Errorf("no %s finding for %q", tc.cat, tc.text)
		})
	}
}

func TestReasons(t *testing.T) {
	f, err := New(testPractice)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		text string
		cat  moderation.Category
		want string
	}{
		{"repeat", "Can I order my repeat early please", cr, "asks for a repeat prescription through social media"},
		{"hyperbole", "I swear I'll kill myself if I hear that hold music again 😂", sg, "mentions suicide (possibly hyperbole: a person should decide)"},
		{"stroke", "my wife's face has dropped and her speech is slurred, started 10 minutes ago", sg, "describes stroke signs happening now"},
		{"verdict", "1 star. Avoid.", rv, "a review-style verdict or rating"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, x := range judgeText(f, tc.text) {
				if x.Category == tc.cat {
					if x.Reason != tc.want {
						t.Errorf("reason = %q, want %q", x.Reason, tc.want)
					}
					return
				}
			}
			t.Errorf("no %s finding for %q", tc.cat, tc.text)
		})
	}
}

// TestEarlierFindings checks that a fraud finding from an earlier family stops
// an offer from reading as a request, and that findings already in out are kept.
func TestEarlierFindings(t *testing.T) {
	f, err := New(testPractice)
	if err != nil {
		t.Fatal(err)
	}
	text := "Need my sick note? Genuine signed notes, just message"
	prior := []moderation.Finding{{Category: moderation.Fraud, Clause: moderation.Fraud.Clause(), Start: 0, End: 4, Score: 0.9, Reason: "sells fit notes"}}
	out := f.Detect(&detect.Input{Doc: textnorm.New(text)}, append([]moderation.Finding(nil), prior...))
	if len(out) == 0 || out[0] != prior[0] {
		t.Fatalf("earlier finding changed or dropped: %v", out)
	}
	for _, x := range out[1:] {
		if x.Category == cr {
			t.Errorf("fraud post judged a clinical request: %+v", x)
		}
	}
	if got := judgeText(f, text); !moderation.Labels(got).Has(cr) {
		t.Errorf("without the fraud finding the same words should read as a request, got %v", got)
	}
}

func TestConcurrent(t *testing.T) {
	f, err := New(testPractice)
	if err != nil {
		t.Fatal(err)
	}
	texts := benchPosts()
	want := make([]moderation.Set, len(texts))
	for i, s := range texts {
		want[i] = moderation.Labels(judgeText(f, s))
	}
	done := make(chan bool)
	for g := range 8 {
		go func() {
			ok := true
			for k := range 50 {
				i := (g + k) % len(texts)
				if moderation.Labels(judgeText(f, texts[i])) != want[i] {
					ok = false
				}
			}
			done <- ok
		}()
	}
	for range 8 {
		if !<-done {
			t.Error("concurrent judging gave different answers")
		}
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range benchPosts() {
		f.Add(s)
	}
	f.Add("")
	f.Add("😂😂😂")
	f.Add("\xff\xfe 5/5 ⭐⭐ taken 99999999999999999999 tablets")
	f.Add("I'M 13 AND HE'S 40 my boyfriend")
	fam, err := New(testPractice)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, x := range fam.Detect(&detect.Input{Doc: textnorm.New(s)}, nil) {
			if x.Start < 0 || x.End > len(s) || x.Start >= x.End {
				t.Fatalf("span [%d,%d) out of bounds for %q", x.Start, x.End, s)
			}
			if utf8.ValidString(s) && (!utf8.ValidString(s[x.Start:x.End])) {
				t.Fatalf("span [%d,%d) splits a character in %q", x.Start, x.End, s)
			}
			if x.Score <= 0 || x.Score > 1 {
				t.Fatalf("score %v out of (0,1]", x.Score)
			}
			if !x.Category.Valid() || x.Reason == "" {
				t.Fatalf("bad finding %+v", x)
			}
		}
	})
}

// benchPosts are realistic invented posts of the kinds a practice page gets.
func benchPosts() []string {
	return []string{
		"What time does the phlebotomy clinic start on Wednesdays?",
		"Can I get my sertraline repeat done early please, going on holiday on the 3rd",
		"45 minutes in the queue this morning and then it rang out. Every single day the same.",
		"Nurse Tom was so gentle with my little boy's jabs, he didn't even cry",
		"My dad's face has gone droopy on one side and he can't lift his arm, happened 5 minutes ago, phone just rings out",
		"Thanks for sharing, didn't know the pharmacy could do that",
		"If that hold music plays one more time I'm going to kill myself lol",
		"7/10, lovely doctors but the phones are a nightmare",
		"My husband won't let me leave the house on my own and he's taken my bank card",
		"Lovely weather for the flu clinic queue ☀️ see you all there",
		"I've had a rash on my legs for 3 days now, it's itchy but not spreading. Do I need to see someone?",
		"Dying to know when the new car park opens 😂",
		"I wish to raise a concern about the way my mother was spoken to at reception on Tuesday. She is 82 and was left in tears. I would like a written response from the practice manager.",
		"👍",
		"Anyone know if the Co-op pharmacy is open on Sundays?",
		"Reminder to order your repeats before the bank holiday folks",
	}
}

func BenchmarkDetect(b *testing.B) {
	f, err := New(testPractice)
	if err != nil {
		b.Fatal(err)
	}
	posts := benchPosts()
	ins := make([]*detect.Input, len(posts))
	for i, s := range posts {
		ins[i] = &detect.Input{Doc: textnorm.New(s)}
	}
	out := make([]moderation.Finding, 0, 16)
	i := 0
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, ok := threadCPU()
	for b.Loop() {
		out = f.Detect(ins[i], out[:0])
		i++
		if i == len(ins) {
			i = 0
		}
	}
	if c1, ok1 := threadCPU(); ok && ok1 && b.N > 0 {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
}
