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
// split and gp-dev, with the practices `scripts/eval-all` uses: the posts are
// normalised beforehand (the engine normalises once for every family) and
// each family runs without earlier families' findings. "normalise" is that
// shared step alone. Whole judgement on the same sets is internal/detect's
// BenchmarkJudgeSets. It skips when the shared data is absent.
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
			ins := make([]detect.Input, len(items))
			for i, it := range items {
				ins[i] = detect.Input{Doc: textnorm.New(it.Text), Channel: moderation.Channel(it.Channel)}
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
					var out []moderation.Finding
					i := 0
					b.ReportAllocs()
					for b.Loop() {
						out = f.detect(&ins[i%len(ins)], out[:0])
						i++
					}
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
				})
			}
		})
	}
}
