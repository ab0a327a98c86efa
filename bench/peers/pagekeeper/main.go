// Command pagekeeper judges the peers benchmark's sets (../sets.json) with
// Pagekeeper and prints one JSON line per set and variant, in the form
// peers.mjs prints for the npm filters: confusion counts per scored group and
// posts/s of the judging loop alone. Each set is loaded in memory first, then
// judged once to warm up, then in whole passes until -min-seconds have gone,
// on one goroutine locked to its thread (run it with GOMAXPROCS=1).
//
// Variants: "pagekeeper" is whole judgement, every family and all eleven
// categories, normalising included, exactly as `pagekeeper eval` times it
// (detect.Engine.JudgeDoc over a reused textnorm.Doc, the families of
// cmd/pagekeeper/families.go in their order). "pagekeeper abuse path" is
// normalising plus conduct's DetectAbuse alone (obscene and harassment), and
// "pagekeeper privacy" normalising plus the privacy family alone: the part of
// the work a single-purpose filter does.
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/detect/conduct"
	"github.com/pagekeeper/pagekeeper/internal/detect/intent"
	"github.com/pagekeeper/pagekeeper/internal/detect/privacy"
	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// setSpec is one entry of sets.json.
type setSpec struct {
	Name     string   `json:"name"`
	File     string   `json:"file"`
	Practice string   `json:"practice"`
	Kind     string   `json:"kind"`
	Groups   []string `json:"groups"`
}

// result is one output line; the report reads the same fields from peers.mjs.
type result struct {
	Round          int          `json:"round"`
	Tool           string       `json:"tool"`
	Set            string       `json:"set"`
	Kind           string       `json:"kind"`
	Posts          int          `json:"posts"`
	Passes         int          `json:"passes"`
	Seconds        float64      `json:"seconds"`
	PostsPerSecond float64      `json:"posts_per_second"`
	Groups         []groupCount `json:"groups"`
}

type groupCount struct {
	Name string `json:"name"`
	TP   int    `json:"tp"`
	FP   int    `json:"fp"`
	FN   int    `json:"fn"`
	TN   int    `json:"tn"`
}

// judgeFunc appends the findings for an already-normalised post.
type judgeFunc func(in *detect.Input, out []moderation.Finding) []moderation.Finding

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pagekeeper peers:", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("pagekeeper", flag.ContinueOnError)
	data := fs.String("data", "../shared/data", "the shared data directory (with sets/ and raw/)")
	setsPath := fs.String("sets", "bench/peers/sets.json", "the sets to judge")
	round := fs.Int("round", 1, "round number, copied to the output")
	minSec := fs.Float64("min-seconds", 1, "time each set for at least this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	b, err := os.ReadFile(*setsPath)
	if err != nil {
		return fmt.Errorf("reading sets: %w", err)
	}
	var specs []setSpec
	if err := json.Unmarshal(b, &specs); err != nil {
		return fmt.Errorf("reading %s: %w", *setsPath, err)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	enc := json.NewEncoder(w)
	for _, s := range specs {
		items, err := readSet(filepath.Join(*data, s.File))
		if err != nil {
			return err
		}
		groups, err := evaldata.ParseGroups(strings.Join(s.Groups, ","))
		if err != nil {
			return fmt.Errorf("set %s: %w", s.Name, err)
		}
		variants, err := buildVariants(strings.ReplaceAll(s.Practice, "$DATA", *data), s.Kind)
		if err != nil {
			return fmt.Errorf("set %s: %w", s.Name, err)
		}
		for _, v := range variants {
			preds, passes, elapsed := timeJudge(v.judge, items, time.Duration(*minSec*float64(time.Second)))
			r := result{Round: *round, Tool: v.name, Set: s.Name, Kind: s.Kind, Posts: len(items), Passes: passes,
				Seconds: elapsed.Seconds(), PostsPerSecond: float64(passes*len(items)) / elapsed.Seconds()}
			score := evaldata.NewScore(groups)
			for i, it := range items {
				score.Add(it.Set(), preds[i])
			}
			for i, g := range score.Groups {
				c := score.Counts[i]
				r.Groups = append(r.Groups, groupCount{Name: g.Name, TP: c.TP, FP: c.FP, FN: c.FN, TN: c.TN})
			}
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
	}
	return nil
}

type variant struct {
	name  string
	judge judgeFunc
}

// buildVariants builds whole judgement and the one family that serves kind.
func buildVariants(practice, kind string) ([]variant, error) {
	p, err := profile.LoadFile(practice)
	if err != nil {
		return nil, err
	}
	mp := p.Practice()
	priv := privacy.New(mp)
	cond, err := conduct.New(mp)
	if err != nil {
		return nil, err
	}
	in, err := intent.New(mp)
	if err != nil {
		return nil, err
	}
	vs := []variant{{"pagekeeper", detect.NewEngine(priv, cond, in).JudgeDoc}}
	switch kind {
	case "abuse":
		vs = append(vs, variant{"pagekeeper abuse path", cond.DetectAbuse})
	case "pii":
		vs = append(vs, variant{"pagekeeper privacy", priv.Detect})
	}
	return vs, nil
}

// timeJudge judges every item once to warm up, then in whole passes until
// min has gone, timing only the loop. It returns the labels of the last pass.
func timeJudge(judge judgeFunc, items []evaldata.Item, min time.Duration) ([]moderation.Set, int, time.Duration) {
	preds := make([]moderation.Set, len(items))
	doc := &textnorm.Doc{}
	in := &detect.Input{Doc: doc}
	var buf []moderation.Finding
	pass := func() {
		for i := range items {
			doc.Reset(items[i].Text)
			in.Channel = moderation.Channel(items[i].Channel)
			buf = judge(in, buf[:0])
			preds[i] = moderation.Labels(buf)
		}
	}
	pass()
	var passes int
	var elapsed time.Duration
	for passes == 0 || elapsed < min {
		start := time.Now()
		pass()
		elapsed += time.Since(start)
		passes++
	}
	return preds, passes, elapsed
}

// readSet reads a JSON Lines set with evaldata, as `pagekeeper eval` does, or
// the NHS-number CSV: its first column is the number, its second "valid" for
// a real NHS number (labelled patient_info here) or anything else.
func readSet(path string) ([]evaldata.Item, error) {
	if !strings.HasSuffix(path, ".csv") {
		return evaldata.ReadFile(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening data set: %w", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var items []evaldata.Item
	for i, row := range rows {
		if i == 0 || len(row) < 2 {
			continue
		}
		it := evaldata.Item{ID: fmt.Sprint(i), Text: row[0]}
		if row[1] == "valid" {
			it.Labels = []string{string(moderation.PatientInfo)}
		}
		items = append(items, it)
	}
	return items, nil
}
