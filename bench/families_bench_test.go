// Package bench holds benchmarks that span packages; its subfolders are the
// side-by-side comparisons (README.md).
package bench

import (
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

// BenchmarkFamilySets is each detector family alone on the Davidson test
// split and gp-dev, with the practices `scripts/eval-all` uses, without
// earlier families' findings. Every iteration normalises its post afresh
// (Doc.Reset) and runs the family on it, as the engine does, so that what an
// Input caches per Doc generation (word ids, sentences, feature hashes) is
// computed for every post and counted: a family alone pays for the ids and
// hashes it asks for, which within an Engine the first family to ask pays
// for all. "normalise" is the Reset alone: subtract it from a family's
// figure for the family's own cost. Whole judgement on the same sets is
// internal/detect's BenchmarkJudgeSets. It skips when the shared data is
// absent.
func BenchmarkFamilySets(b *testing.B) {
	for _, set := range []struct{ name, file, practice string }{
		{"davidson", "davidson.test.jsonl", "../examples/demo.yaml"},
		{"gp-dev", "gp-dev.jsonl", evaldata.SetPath("gp-dev.practice.yaml")},
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
			p, err := profile.LoadFile(set.practice)
			if err != nil {
				b.Fatal(err)
			}
			mp := p.Practice()
			cond, err := conduct.New(mp)
			if err != nil {
				b.Fatal(err)
			}
			in, err := intent.New(mp)
			if err != nil {
				b.Fatal(err)
			}
			b.Run("normalise", func(b *testing.B) {
				d := &textnorm.Doc{}
				i := 0
				b.ReportAllocs()
				for b.Loop() {
					d.Reset(items[i%len(items)].Text)
					i++
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
			})
			for _, f := range []struct {
				name   string
				detect func(*detect.Input, []moderation.Finding) []moderation.Finding
			}{
				{"privacy", privacy.New(mp).Detect},
				{"conduct", cond.Detect},
				{"conduct-abuse", cond.DetectAbuse},
				{"intent", in.Detect},
			} {
				b.Run(f.name, func(b *testing.B) {
					d := &textnorm.Doc{}
					in := &detect.Input{Doc: d}
					var out []moderation.Finding
					i := 0
					b.ReportAllocs()
					for b.Loop() {
						it := &items[i%len(items)]
						d.Reset(it.Text)
						in.Channel = moderation.Channel(it.Channel)
						out = f.detect(in, out[:0])
						i++
					}
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
				})
			}
		})
	}
}
