// Package evaldata reads labelled data sets (JSON Lines of {"id","text","labels"})
// and scores predictions against them: precision, recall and F1 per category,
// their macro average, and confusion counts. A category group such as
// "obscene+harassment" scores the union of its members as one label.
package evaldata

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// Item is one labelled post.
type Item struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Channel string   `json:"channel,omitempty"`
	Labels  []string `json:"labels"`
	Why     string   `json:"why,omitempty"`
}

// Set returns the item's labels as a category set. Unknown labels are ignored.
func (it Item) Set() moderation.Set {
	var s moderation.Set
	for _, l := range it.Labels {
		s = s.Add(moderation.Category(l))
	}
	return s
}

// ReadFile reads a JSON Lines data set.
func ReadFile(path string) ([]Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening data set: %w", err)
	}
	defer f.Close()
	return Read(path, f)
}

// Read reads a JSON Lines data set; name is used in errors.
func Read(name string, r io.Reader) ([]Item, error) {
	var items []Item
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var it Item
		if err := json.Unmarshal(b, &it); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		for _, l := range it.Labels {
			if !moderation.Category(l).Valid() {
				return nil, fmt.Errorf("%s:%d: unknown label %q", name, line, l)
			}
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return items, nil
}

// Group is one scored label: a single category or the union of several.
type Group struct {
	Name    string
	Members moderation.Set
}

// ParseGroups parses "a,b,c+d": comma-separated categories, where "+" joins
// categories scored as one union label. Empty means every category.
func ParseGroups(spec string) ([]Group, error) {
	if strings.TrimSpace(spec) == "" {
		var gs []Group
		for _, c := range moderation.AllCategories() {
			gs = append(gs, Group{Name: string(c), Members: moderation.Set(0).Add(c)})
		}
		return gs, nil
	}
	var gs []Group
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		var g Group
		g.Name = part
		for _, name := range strings.Split(part, "+") {
			c, err := moderation.ParseCategory(strings.TrimSpace(name))
			if err != nil {
				return nil, err
			}
			g.Members = g.Members.Add(c)
		}
		gs = append(gs, g)
	}
	return gs, nil
}

// Counts is a confusion matrix for one label.
type Counts struct {
	TP, FP, FN, TN int
}

// Precision is TP/(TP+FP), or 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), or 0 when there are no positives.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
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

// Score holds confusion counts per group.
type Score struct {
	Groups []Group
	Counts []Counts
}

// NewScore prepares to score the given groups.
func NewScore(groups []Group) *Score {
	return &Score{Groups: groups, Counts: make([]Counts, len(groups))}
}

// Add scores one prediction against its gold labels.
func (s *Score) Add(gold, pred moderation.Set) {
	for i, g := range s.Groups {
		gp, pp := gold&g.Members != 0, pred&g.Members != 0
		c := &s.Counts[i]
		switch {
		case gp && pp:
			c.TP++
		case pp:
			c.FP++
		case gp:
			c.FN++
		default:
			c.TN++
		}
	}
}

// MacroF1 is the mean F1 over groups.
func (s *Score) MacroF1() float64 {
	if len(s.Counts) == 0 {
		return 0
	}
	var sum float64
	for _, c := range s.Counts {
		sum += c.F1()
	}
	return sum / float64(len(s.Counts))
}
