// Command gen writes a deterministic stream of realistic, varied posts for a
// GP practice's pages, as JSON Lines in import-posts' format, for replay
// benchmarks:
//
//	go run ./bench/replay/gen -n 1000000 -seed 1 > /tmp/posts.jsonl
//
// Posts come from our own templates, not from any evaluation set: most are
// innocent (questions, thanks, notices, chat), the rest spread over the
// eleven categories of LABELS.md. Staff names are those of the demo practice
// (examples/demo.yaml) so the staff detector has people to find; every other
// person, number and address is invented (phone numbers in Ofcom's drama
// ranges, NHS numbers in the 999 test range). The same -n and -seed give the
// same bytes.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	n := fs.Int("n", 1000, "how many posts to write")
	seed := fs.Uint64("seed", 1, "the random seed: the same seed and -n give the same output")
	format := fs.String("format", "jsonl", "jsonl or csv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 0 {
		return errors.New("-n must not be negative")
	}
	w := bufio.NewWriterSize(stdout, 1<<20)
	g := newGenerator(*seed)
	var write func(p post) error
	switch *format {
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		write = func(p post) error { return enc.Encode(p) }
	case "csv":
		if _, err := io.WriteString(w, "id,text,channel,author,created_at\n"); err != nil {
			return err
		}
		write = func(p post) error {
			_, err := fmt.Fprintf(w, "%s,%s,%s,%s,%s\n", p.ID, csvQuote(p.Text), p.Channel, csvQuote(p.Author), p.CreatedAt)
			return err
		}
	default:
		return fmt.Errorf("unknown -format %q (want jsonl or csv)", *format)
	}
	for i := range *n {
		if err := write(g.post(i)); err != nil {
			return fmt.Errorf("writing post %d: %w", i, err)
		}
	}
	return w.Flush()
}

func csvQuote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// post is one line of output, in import-posts' JSON Lines form.
type post struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Channel   string `json:"channel"`
	Author    string `json:"author"`
	CreatedAt string `json:"created_at"`
	// Kind is the template family the post was written from: a hint for
	// reading the output, not a label (detectors may judge otherwise).
	Kind string `json:"kind"`
}

// generator draws posts from the templates with its own random source.
type generator struct {
	r     *rand.Rand
	start time.Time
	kinds []weighted
	total int
}

type weighted struct {
	kind      string
	weight    int
	templates []string
}

func newGenerator(seed uint64) *generator {
	g := &generator{
		r:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		start: time.Date(2026, 1, 1, 7, 0, 0, 0, time.UTC),
	}
	for _, k := range families {
		g.kinds = append(g.kinds, k)
		g.total += k.weight
	}
	return g
}

// post returns the i'th post.
func (g *generator) post(i int) post {
	k := g.pick()
	text := g.fill(k.templates[g.r.IntN(len(k.templates))])
	text = g.dress(text)
	return post{
		ID:        fmt.Sprintf("gen-%d", i+1),
		Text:      text,
		Channel:   g.channel(),
		Author:    g.one(firstNames) + " " + g.one(surnames)[:1] + ".",
		CreatedAt: g.start.Add(time.Duration(i) * 37 * time.Second).Format(time.RFC3339),
		Kind:      k.kind,
	}
}

func (g *generator) pick() weighted {
	n := g.r.IntN(g.total)
	for _, k := range g.kinds {
		if n < k.weight {
			return k
		}
		n -= k.weight
	}
	return g.kinds[len(g.kinds)-1]
}

func (g *generator) channel() string {
	switch n := g.r.IntN(100); {
	case n < 50:
		return "facebook"
	case n < 70:
		return "instagram"
	case n < 85:
		return "x"
	default:
		return "website"
	}
}

func (g *generator) one(list []string) string { return list[g.r.IntN(len(list))] }

// fill replaces every {slot} in t with a value drawn for it.
func (g *generator) fill(t string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			panic("unclosed slot in template " + t)
		}
		b.WriteString(t[:i])
		b.WriteString(g.slot(t[i+1 : i+j]))
		t = t[i+j+1:]
	}
}

func (g *generator) slot(name string) string {
	switch name {
	case "nhs":
		return nhsNumber(g.r)
	case "phone":
		return fmt.Sprintf("07700 900%03d", g.r.IntN(1000))
	case "dob":
		return fmt.Sprintf("%02d/%02d/%d", 1+g.r.IntN(28), 1+g.r.IntN(12), 1935+g.r.IntN(80))
	case "postcode":
		return fmt.Sprintf("S%d %d%c%c", 35+g.r.IntN(5), g.r.IntN(10), 'A'+rune(g.r.IntN(26)), 'A'+rune(g.r.IntN(26)))
	case "num":
		return fmt.Sprint(2 + g.r.IntN(40))
	case "time":
		return fmt.Sprintf("%d:%02d", 8+g.r.IntN(10), 5*g.r.IntN(12))
	case "person":
		return g.one(firstNames) + " " + g.one(surnames)
	}
	list, ok := slots[name]
	if !ok {
		panic("unknown slot {" + name + "}")
	}
	return g.fill(g.one(list))
}

// dress varies a post the way people write: greetings, sign-offs, emoji,
// shouting, all lower case, a slipped letter.
func (g *generator) dress(s string) string {
	if g.r.IntN(5) == 0 {
		s = g.one(openers) + " " + s
	}
	if g.r.IntN(4) == 0 {
		s += " " + g.fill(g.one(asides))
	}
	if g.r.IntN(6) == 0 {
		s += " " + g.one(closers)
	}
	switch n := g.r.IntN(100); {
	case n < 8:
		s = strings.ToLower(s)
	case n < 10:
		s = strings.ToUpper(s)
	case n < 14:
		s = typo(g.r, s)
	}
	if g.r.IntN(7) == 0 {
		s += " " + g.one(emoji)
	}
	return s
}

// typo swaps two neighbouring letters of one word.
func typo(r *rand.Rand, s string) string {
	b := []rune(s)
	for range 5 {
		i := r.IntN(max(len(b)-1, 1))
		if i+1 < len(b) && unicode.IsLetter(b[i]) && unicode.IsLetter(b[i+1]) {
			b[i], b[i+1] = b[i+1], b[i]
			return string(b)
		}
	}
	return s
}

// nhsNumber returns a number in the 999 test range with a valid modulus 11
// check digit.
func nhsNumber(r *rand.Rand) string {
	for {
		d := []int{9, 9, 9}
		for range 6 {
			d = append(d, r.IntN(10))
		}
		sum := 0
		for i, v := range d {
			sum += v * (10 - i)
		}
		check := 11 - sum%11
		if check == 11 {
			check = 0
		}
		if check == 10 {
			continue
		}
		d = append(d, check)
		var b strings.Builder
		for i, v := range d {
			if i == 3 || i == 6 {
				b.WriteByte(' ')
			}
			b.WriteByte(byte('0' + v))
		}
		return b.String()
	}
}

// validTemplates reports the first template or slot value that is not
// valid UTF-8 or names an unknown slot; tests call it.
func validTemplates() error {
	check := func(t string) error {
		if !utf8.ValidString(t) {
			return fmt.Errorf("template %q is not UTF-8", t)
		}
		for rest := t; ; {
			i := strings.IndexByte(rest, '{')
			if i < 0 {
				return nil
			}
			j := strings.IndexByte(rest[i:], '}')
			if j < 0 {
				return fmt.Errorf("template %q has an unclosed slot", t)
			}
			name := rest[i+1 : i+j]
			switch name {
			case "nhs", "phone", "dob", "postcode", "num", "time", "person":
			default:
				if _, ok := slots[name]; !ok {
					return fmt.Errorf("template %q uses unknown slot {%s}", t, name)
				}
			}
			rest = rest[i+j+1:]
		}
	}
	for _, k := range families {
		for _, t := range k.templates {
			if err := check(t); err != nil {
				return err
			}
		}
	}
	for _, a := range asides {
		if err := check(a); err != nil {
			return err
		}
	}
	for _, vs := range slots {
		for _, v := range vs {
			if err := check(v); err != nil {
				return err
			}
		}
	}
	return nil
}
