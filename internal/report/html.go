package report

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

//go:embed report.html
var files embed.FS

var page = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"when": when,
	"refs": refs,
}).ParseFS(files, "report.html"))

// view is what the template reads: the report, with the post's text cut for
// marking and each finding numbered and quoted against the guidance.
type view struct {
	*Report
	Practice string
	Decision *store.Decision // the latest, whose findings are shown
	Segments []Segment
	Findings []finding
	Reported []reported
	Evidence []evidence
	Chain    chainView
}

type finding struct {
	N          int
	Decision   store.Decision
	Category   moderation.Category
	Describe   string
	Clause     string
	ClauseText string
	Reason     string
	Score      string
	Excerpt    string
}

type reported struct {
	Clause string
	Text   string
}

type evidence struct {
	store.Evidence
	Intact     bool
	Recomputed string
}

type chainView struct {
	OK      bool
	Entries int64
	Head    audit.Head
	BadSeq  int64
	Problem string
}

// WriteHTML writes the report as a complete, printable HTML page. Every
// piece of text, the post's above all, is escaped by html/template.
func (r *Report) WriteHTML(w io.Writer) error {
	v := view{Report: r, Practice: r.practiceName()}
	if d, ok := r.Latest(); ok {
		v.Decision = &d
		spans := make([]Span, 0, len(d.Findings))
		for i, f := range d.Findings {
			n := i + 1
			spans = append(spans, Span{Start: f.Start, End: f.End, Finding: n})
			v.Findings = append(v.Findings, r.finding(n, d, f))
		}
		v.Segments = Segments(r.Post.Text, spans)
	} else {
		v.Segments = []Segment{{Text: r.Post.Text}}
	}
	for _, c := range r.ReportedClauses() {
		v.Reported = append(v.Reported, reported{Clause: string(c), Text: r.clauseText(c)})
	}
	for _, e := range r.Evidence {
		ev := evidence{Evidence: e, Intact: e.Intact()}
		if !ev.Intact {
			ev.Recomputed = e.Hash()
		}
		v.Evidence = append(v.Evidence, ev)
	}
	v.Chain = chainView{OK: r.Chain.Err == nil, Entries: r.Chain.Entries, Head: r.Chain.Head, BadSeq: r.Chain.BadSeq()}
	if r.Chain.Err != nil {
		v.Chain.Problem = problem(r.Chain.Err)
	}
	if err := page.Execute(w, v); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}

func (r *Report) finding(n int, d store.Decision, f moderation.Finding) finding {
	c := f.Clause
	if c == "" {
		c = f.Category.Clause()
	}
	out := finding{
		N: n, Decision: d, Category: f.Category, Describe: f.Category.Describe(),
		Clause: clauseLabel(c), ClauseText: r.clauseText(c), Reason: f.Reason,
		Score: strconv.FormatFloat(f.Score, 'f', 2, 64),
	}
	for _, s := range Segments(r.Post.Text, []Span{{Start: f.Start, End: f.End, Finding: n}}) {
		if s.Marked() {
			out.Excerpt = s.Text
		}
	}
	return out
}

func (r *Report) practiceName() string {
	if r.Profile == nil || r.Profile.Name == "" {
		return r.PracticeID
	}
	return r.Profile.Name
}

func (r *Report) clauseText(c moderation.Clause) string {
	if r.Profile == nil {
		return ""
	}
	return profile.ClauseText(r.Profile, c)
}

// clauseLabel names a clause for a reader: "clause 4", "complaints section".
func clauseLabel(c moderation.Clause) string {
	switch c {
	case moderation.ClauseComplaints:
		return "complaints section"
	case moderation.ClauseSafeguarding:
		return "duty to safeguard"
	case moderation.ClauseChannels:
		return "the practice's channels"
	case "":
		return "none"
	}
	return "clause " + string(c)
}

// problem says in words what is wrong with a chain.
func problem(err error) string {
	var ve *audit.VerifyError
	if errors.As(err, &ve) {
		return ve.Err.Error()
	}
	return err.Error()
}

// when formats a time for the report: UTC, to the second, said so.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05") + " UTC"
}

// refs lists finding numbers: "1, 3".
func refs(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
