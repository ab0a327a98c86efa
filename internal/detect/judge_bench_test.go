package detect_test

import (
	"runtime"
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

// judgePosts are posts of the kind a practice page gets, written for this
// benchmark (not taken from any evaluation set): mostly ordinary questions,
// thanks and grumbles, with some of every breach the families look for.
var judgePosts = []string{
	"Is the Saturday flu clinic walk-in or do we need to book? My mum's 79 and doesn't do the NHS App",
	"Had my jab today, in and out in five minutes, thank you all 😊",
	"On hold for 45 minutes again this morning, this is getting ridiculous. Third day running.",
	"Can someone call me back about my blood results please, 07700 900412",
	"Honestly the nurses here are angels 😇 the whole team got my mum through her treatment",
	"What the f*ck is the point of a contact form nobody reads",
	"Dean on reception is a complete wanker, I'll be waiting for him after work",
	"Dr Haddad was drunk at my appointment, everyone knows it",
	"URGENT NOTICE FROM ASHGROVE SURGERY: confirm your NHS number and bank details at ashgrove-update.com",
	"The flu jab gives you flu, don't bother. Vitamin C does the same job",
	"Moving to the area next month, how do I register? Do I need proof of address?",
	"Does the pharmacy next door still do blister packs for my dad's tablets?",
	"Great turnout at the PPG coffee morning, thanks to everyone who came ☕",
	"I'd kill for an appointment this week 😩 been trying since Monday",
	"Selling diazepam and tramadol, no prescription needed, DM me",
	"Reminder that Monday's a bank holiday so get your repeat orders in today folks 👍",
	"My neighbour Mrs Jenkins at 14 Oak Road was in for her smear yesterday, she's got cancer apparently",
	"Could Dr Tom please ring me about upping my sertraline dose? Still not sleeping",
	"I don't see the point in going on any more, nobody would notice if I was gone",
	"Worst surgery in the county. Receptionists are rude and the doctors don't listen. Making a formal complaint.",
	"Ｆｕｃｋ this place honestly, useless the lot of you",
	"Win a £500 Tesco voucher!!! Click here bit.ly/fr33-v0uch3r and claim before midnight",
	"Thanks Nurse Faith for being so gentle with my little one's injections yesterday 💉❤️",
	"Does anyone know if the surgery car park is open during the roadworks?",
	"@AshgroveGP what time do you open on Christmas Eve?",
	"Absolutely disgusting service. Waited 3 weeks for a call back that never came. I want to speak to the practice manager.",
	"Need a sick note extended for work, who do I ask? My NHS number is 943 476 5919",
	"s h i t service as always",
	"5G masts are what's making everyone ill, the vaccines just hide it",
	"My husband collapsed and the ambulance took 2 hours, can the GP check on him when he's home?",
	"Lovely new waiting room, the kids loved the fish tank",
	"Stupid cow on the phone hung up on me AGAIN",
}

// demoEngine builds every family for the practice at path, as the command
// does.
func demoEngine(tb testing.TB, path string) *detect.Engine {
	tb.Helper()
	return detect.NewEngine(practiceFamilies(tb, path)...)
}

// practiceFamilies builds the practice's privacy, conduct and intent
// families, in the Engine's order.
func practiceFamilies(tb testing.TB, path string) []detect.Family {
	tb.Helper()
	p, err := profile.LoadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	mp := p.Practice()
	c, err := conduct.New(mp)
	if err != nil {
		tb.Fatal(err)
	}
	in, err := intent.New(mp)
	if err != nil {
		tb.Fatal(err)
	}
	return []detect.Family{privacy.New(mp), c, in}
}

// benchJudge normalises and judges one post per iteration, cycling through
// items, as `pagekeeper eval` times it; it reports posts/s and CPU time per
// post besides ns/op.
func benchJudge(b *testing.B, eng *detect.Engine, items []evaldata.Item) {
	doc := &textnorm.Doc{}
	in := &detect.Input{Doc: doc}
	var out []moderation.Finding
	i := 0
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, ok := threadCPU()
	for b.Loop() {
		it := &items[i%len(items)]
		doc.Reset(it.Text)
		in.Channel = moderation.Channel(it.Channel)
		out = eng.JudgeDoc(in, out[:0])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
	if c1, ok1 := threadCPU(); ok && ok1 && b.N > 0 {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkJudge is whole judgement (all eleven categories, normalising
// included) of the demo practice over judgePosts.
func BenchmarkJudge(b *testing.B) {
	items := make([]evaldata.Item, len(judgePosts))
	for i, s := range judgePosts {
		items[i] = evaldata.Item{Text: s, Channel: string(moderation.Facebook)}
	}
	benchJudge(b, demoEngine(b, "../../examples/demo.yaml"), items)
}

// BenchmarkJudgeSets is whole judgement over the shared evaluation sets, with
// the practices `scripts/eval-all` uses; it skips when the data is absent.
func BenchmarkJudgeSets(b *testing.B) {
	for _, set := range []struct{ name, file, practice string }{
		{"gp-dev", "gp-dev.jsonl", evaldata.SetPath("gp-dev.practice.yaml")},
		{"davidson", "davidson.test.jsonl", "../../examples/demo.yaml"},
	} {
		b.Run(set.name, func(b *testing.B) {
			path := evaldata.SetPath(set.file)
			if path == "" || set.practice == "" {
				b.Skipf("%s is absent: set PAGEKEEPER_DATA to the shared data directory", set.file)
			}
			items, err := evaldata.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			benchJudge(b, demoEngine(b, set.practice), items)
		})
	}
}
