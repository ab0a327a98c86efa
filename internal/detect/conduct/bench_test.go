package conduct

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// benchPosts are realistic practice-page posts, mostly innocent as real
// traffic is, with a few of each kind of breach.
var benchPosts = []string{
	"Is the Saturday flu clinic walk-in or do we need to book? My mum's 79 and doesn't do the NHS App",
	"Had my jab today, in and out in five minutes, thank you all 😊",
	"On hold for 45 minutes again this morning, this is getting ridiculous",
	"Can someone call me back about my blood results please, 07700 900412",
	"Honestly the nurses here are angels 😇 the whole team got my mum through her treatment",
	"What the f*ck is the point of a contact form nobody reads",
	"Dean on reception is a complete wanker, I'll be waiting for him after work",
	"Dr Haddad was drunk at my appointment, everyone knows it",
	"URGENT NOTICE FROM ASHGROVE SURGERY: confirm your NHS number and bank details at ashgrove-update.com",
	"The flu jab gives you flu, don't bother",
	"Moving from Scunthorpe next month, how do I register? Do I need proof of address?",
	"Does the pharmacy next door still do blister packs for my dad's tablets?",
	"Great turnout at the PPG coffee morning, thanks to everyone who came ☕",
	"I'd kill for an appointment this week 😩 been trying since Monday",
	"Selling diazepam and tramadol, no prescription needed, DM me",
	"Reminder that Monday's a bank holiday so get your repeat orders in today folks 👍",
}

func benchDocs() []*textnorm.Doc {
	docs := make([]*textnorm.Doc, len(benchPosts))
	for i, s := range benchPosts {
		docs[i] = textnorm.New(s)
	}
	return docs
}

// BenchmarkDetect is the whole family on already-normalised posts (the
// engine normalises once for every family).
func BenchmarkDetect(b *testing.B) {
	f := newTestFamily(b)
	docs := benchDocs()
	out := make([]moderation.Finding, 0, 16)
	in := &detect.Input{}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		in.Doc = docs[i%len(docs)]
		out = f.Detect(in, out[:0])
		i++
	}
}

// BenchmarkAbuse is the obscene and harassment path alone.
func BenchmarkAbuse(b *testing.B) {
	f := newTestFamily(b)
	docs := benchDocs()
	out := make([]moderation.Finding, 0, 16)
	in := &detect.Input{}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		in.Doc = docs[i%len(docs)]
		out = f.DetectAbuse(in, out[:0])
		i++
	}
}

// BenchmarkNormaliseAndAbuse is the abuse path alone as a caller would run
// it on raw text: normalising included.
func BenchmarkNormaliseAndAbuse(b *testing.B) {
	f := newTestFamily(b)
	d := &textnorm.Doc{}
	out := make([]moderation.Finding, 0, 16)
	in := &detect.Input{Doc: d}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		d.Reset(benchPosts[i%len(benchPosts)])
		out = f.DetectAbuse(in, out[:0])
		i++
	}
}
