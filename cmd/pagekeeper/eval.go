package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// evalResult is eval's --json output.
type evalResult struct {
	Data           string        `json:"data"`
	Posts          int           `json:"posts"`
	Categories     []groupResult `json:"categories"`
	MacroF1        float64       `json:"macro_f1"`
	PostsPerSecond float64       `json:"posts_per_second"`
}

type groupResult struct {
	Category  string  `json:"category"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	TN        int     `json:"tn"`
}

func runEval(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "eval", "--practice FILE --data FILE.jsonl [--categories a,b+c] [--json] [--errors]", `
Measure the detectors against a labelled data set (JSON Lines of
{"id","text","labels"}): precision, recall and F1 per category and their macro
average, the confusion counts, and posts_per_second (judgement only, reading
and writing excluded). A set annotates only some categories: score it on those
with --categories; "a+b" scores the union of a and b as one label.`)
	path := fs.String("practice", "", "the practice profile (YAML)")
	data := fs.String("data", "", "the labelled data set (JSON Lines)")
	cats := fs.String("categories", "", "categories to score, comma-separated (default: all)")
	asJSON := fs.Bool("json", false, "write the results as JSON")
	showErrors := fs.Bool("errors", false, "list the posts judged wrongly")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" || *data == "" {
		fs.Usage()
		return errUsage
	}
	groups, err := evaldata.ParseGroups(*cats)
	if err != nil {
		return err
	}
	_, eng, err := loadPractice(*path)
	if err != nil {
		return err
	}
	items, err := evaldata.ReadFile(*data)
	if err != nil {
		return err
	}
	preds, elapsed := judgeAll(ctx, env, eng, items)
	score := evaldata.NewScore(groups)
	for i, it := range items {
		score.Add(it.Set(), preds[i])
	}
	res := evalResult{Data: *data, Posts: len(items), MacroF1: score.MacroF1()}
	if elapsed > 0 {
		res.PostsPerSecond = float64(len(items)) / elapsed.Seconds()
	}
	for i, g := range score.Groups {
		c := score.Counts[i]
		res.Categories = append(res.Categories, groupResult{Category: g.Name, Precision: c.Precision(), Recall: c.Recall(),
			F1: c.F1(), TP: c.TP, FP: c.FP, FN: c.FN, TN: c.TN})
	}
	if *showErrors {
		printErrors(env.Stderr, items, preds, groups)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "category\tprecision\trecall\tF1\tTP\tFP\tFN\tTN\t")
	for _, r := range res.Categories {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t\n", r.Category, r.Precision, r.Recall, r.F1, r.TP, r.FP, r.FN, r.TN)
	}
	fmt.Fprintf(tw, "macro average\t\t\t%.3f\t\t\t\t\t\n", res.MacroF1)
	tw.Flush()
	fmt.Fprintf(env.Stdout, "\n%d posts, %.0f posts/second (judgement only, one goroutine)\n", res.Posts, res.PostsPerSecond)
	return nil
}

// judgeAll judges every item on one goroutine and returns the predicted
// labels and the time spent judging alone. A progress bar is drawn on a terminal.
func judgeAll(ctx context.Context, env *Env, eng *detect.Engine, items []evaldata.Item) ([]moderation.Set, time.Duration) {
	preds := make([]moderation.Set, len(items))
	doc := &textnorm.Doc{}
	var buf []moderation.Finding
	var elapsed time.Duration
	const chunk = 256
	for lo := 0; lo < len(items); lo += chunk {
		if ctx.Err() != nil {
			break
		}
		hi := min(lo+chunk, len(items))
		start := time.Now()
		for i := lo; i < hi; i++ {
			doc.Reset(items[i].Text)
			buf = eng.JudgeDoc(&detect.Input{Doc: doc, Channel: moderation.Channel(items[i].Channel)}, buf[:0])
			preds[i] = moderation.Labels(buf)
		}
		elapsed += time.Since(start)
		if env.IsTerminal {
			progress(env.Stderr, hi, len(items))
		}
	}
	if env.IsTerminal {
		fmt.Fprint(env.Stderr, "\r\x1b[K")
	}
	return preds, elapsed
}

// progress draws a one-line progress bar.
func progress(w io.Writer, done, total int) {
	const width = 30
	n := width * done / max(total, 1)
	fmt.Fprintf(w, "\r[%s%s] %3d%% %d/%d", strings.Repeat("=", n), strings.Repeat(" ", width-n), 100*done/max(total, 1), done, total)
}

func printErrors(w io.Writer, items []evaldata.Item, preds []moderation.Set, groups []evaldata.Group) {
	for i, it := range items {
		gold := it.Set()
		for _, g := range groups {
			gp, pp := gold&g.Members != 0, preds[i]&g.Members != 0
			if gp == pp {
				continue
			}
			kind := "missed"
			if pp {
				kind = "false alarm"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", it.ID, g.Name, kind, it.Text)
		}
	}
}
