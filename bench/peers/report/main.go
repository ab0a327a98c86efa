// Command report reads the JSON lines that peers.mjs and bench/peers/pagekeeper
// print (several rounds of each) and writes the peers comparison: a markdown
// table of precision, recall, F1 and the median posts/s per set and tool, and
// an SVG bar chart of F1 and posts/s. Usage:
//
//	go run ./bench/peers/report -svg docs/peers.svg < results.jsonl > table.md
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// result is one line of input.
type result struct {
	Round          int          `json:"round"`
	Tool           string       `json:"tool"`
	Set            string       `json:"set"`
	Kind           string       `json:"kind"`
	Posts          int          `json:"posts"`
	PostsPerSecond float64      `json:"posts_per_second"`
	Groups         []groupCount `json:"groups"`
	Error          string       `json:"error"` // the tool could not be run
}

type groupCount struct {
	Name string `json:"name"`
	TP   int    `json:"tp"`
	FP   int    `json:"fp"`
	FN   int    `json:"fn"`
	TN   int    `json:"tn"`
}

func (c groupCount) precision() float64 { return ratio(c.TP, c.TP+c.FP) }
func (c groupCount) recall() float64    { return ratio(c.TP, c.TP+c.FN) }
func (c groupCount) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// row is one tool on one set, its rounds folded together.
type row struct {
	Set, Kind, Tool string
	Posts           int
	Groups          []groupCount // from the first round; every round must agree
	Rates           []float64    // posts/s, one per round
}

// median returns the middle of the rates (the mean of the middle two for an
// even count).
func (r *row) median() float64 {
	s := slices.Clone(r.Rates)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func main() {
	svgPath := flag.String("svg", "", "write the bar chart here")
	flag.Parse()
	rows, err := readRows(os.Stdin)
	if err == nil {
		err = writeTables(os.Stdout, rows)
	}
	if err == nil && *svgPath != "" {
		var f *os.File
		if f, err = os.Create(*svgPath); err == nil {
			err = writeSVG(f, rows)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// readRows folds the input lines into rows, in the order each (set, kind,
// tool) first appears, Pagekeeper's rows first within a set.
func readRows(r io.Reader) ([]*row, error) {
	var rows []*row
	idx := map[string]*row{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || !strings.HasPrefix(line, "{") {
			continue
		}
		var res result
		if err := json.Unmarshal([]byte(line), &res); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if res.Error != "" {
			continue
		}
		key := res.Set + "\x00" + res.Kind + "\x00" + res.Tool
		rw := idx[key]
		if rw == nil {
			rw = &row{Set: res.Set, Kind: res.Kind, Tool: res.Tool, Posts: res.Posts, Groups: res.Groups}
			idx[key] = rw
			rows = append(rows, rw)
		} else if !slices.Equal(rw.Groups, res.Groups) {
			return nil, fmt.Errorf("line %d: %s on %s judged differently in round %d", n, res.Tool, res.Set, res.Round)
		}
		rw.Rates = append(rw.Rates, res.PostsPerSecond)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	order := map[string]int{}
	for _, rw := range rows {
		if _, ok := order[rw.Kind+rw.Set]; !ok {
			order[rw.Kind+rw.Set] = len(order)
		}
	}
	slices.SortStableFunc(rows, func(a, b *row) int {
		if d := order[a.Kind+a.Set] - order[b.Kind+b.Set]; d != 0 {
			return d
		}
		return pkFirst(a.Tool) - pkFirst(b.Tool)
	})
	return rows, nil
}

func pkFirst(tool string) int {
	if strings.HasPrefix(tool, "pagekeeper") {
		return 0
	}
	return 1
}

// writeTables writes one markdown table per list of scored groups.
func writeTables(w io.Writer, rows []*row) error {
	var sigs []string
	for _, r := range rows {
		if s := signature(r); !slices.Contains(sigs, s) {
			sigs = append(sigs, s)
		}
	}
	for _, sig := range sigs {
		groups := strings.Split(sig, ",")
		fmt.Fprintf(w, "| set | tool | P %[1]s | R %[1]s | F1 %[1]s |", groups[0])
		for _, g := range groups[1:] {
			fmt.Fprintf(w, " F1 %s |", g)
		}
		fmt.Fprintln(w, " posts/s (median of rounds) | range |")
		fmt.Fprint(w, "|---|---|---:|---:|---:|")
		fmt.Fprint(w, strings.Repeat("---:|", len(groups)-1))
		fmt.Fprintln(w, "---:|---|")
		for _, r := range rows {
			if signature(r) != sig {
				continue
			}
			fmt.Fprintf(w, "| %s (%d) | %s |", r.Set, r.Posts, r.Tool)
			for i, c := range r.Groups {
				if i == 0 {
					fmt.Fprintf(w, " %.2f | %.2f | **%.2f** |", c.precision(), c.recall(), c.f1())
				} else {
					fmt.Fprintf(w, " %.2f |", c.f1())
				}
			}
			lo, hi := slices.Min(r.Rates), slices.Max(r.Rates)
			fmt.Fprintf(w, " %s | %s–%s |\n", rate(r.median()), rate(lo), rate(hi))
		}
		fmt.Fprintln(w)
	}
	return nil
}

// signature names the groups a row was scored on, in order.
func signature(r *row) string {
	names := make([]string, len(r.Groups))
	for i, g := range r.Groups {
		names[i] = g.Name
	}
	return strings.Join(names, ",")
}

// rate formats posts/s to two or three significant figures with thousands
// separators.
func rate(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2f M", v/1e6)
	case v >= 1e4:
		return thousands(int64(v/1e3+0.5) * 1000)
	case v >= 1e3:
		return thousands(int64(v/1e2+0.5) * 100)
	default:
		return fmt.Sprintf("%.0f", v)
	}
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
