package web

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Reader is what the decisions page reads.
type Reader interface {
	ListPosts(ctx context.Context, practiceID string, f store.PostFilter) ([]store.Post, error)
	DecisionsForPost(ctx context.Context, practiceID string, postID int64) ([]store.Decision, error)
	ActionsForPost(ctx context.Context, practiceID string, postID int64) ([]store.Action, error)
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

func parseTemplates() (*template.Template, error) {
	t, err := template.New("").Funcs(template.FuncMap{
		"when": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2 Jan 2006 15:04:05 UTC")
		},
		"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parsing templates: %w", err)
	}
	return t, nil
}

func staticFiles() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}

// pageLimit is how many posts per practice the page shows.
const pageLimit = 50

// postView is one post as the decisions page shows it.
type postView struct {
	Practice string
	Channel  moderation.Channel
	Received time.Time
	Status   store.PostStatus
	// Before, Marked and After split the text around the first finding's
	// span, so the evidence is highlighted.
	Before, Marked, After string
	Decisions             []decisionView
	Actions               []store.Action
	Shadow                bool
}

type decisionView struct {
	Labels    []moderation.Category
	Findings  []findingView
	Shadow    bool
	DecidedBy string
	DecidedAt time.Time
}

type findingView struct {
	Category moderation.Category
	Describe string // the category in words
	Clause   moderation.Clause
	Reason   string
	Evidence string // the text the span covers
}

// decisionsList shows recent posts with their decisions and actions. It is
// read-only; it has no sign-in yet, so serve turns it on only when asked.
func (s *Server) decisionsList(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Reader == nil {
		http.NotFound(w, r)
		return
	}
	var posts []postView
	for _, p := range s.cfg.Practices {
		ps, err := s.cfg.Reader.ListPosts(r.Context(), p.ID, store.PostFilter{Limit: pageLimit})
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		for _, sp := range ps {
			v, err := s.postView(r.Context(), sp)
			if err != nil {
				s.pageError(w, r, err)
				return
			}
			posts = append(posts, v)
		}
	}
	slices.SortStableFunc(posts, func(a, b postView) int { return b.Received.Compare(a.Received) })
	data := struct {
		Posts   []postView
		Refresh int
		Now     time.Time
	}{posts, int(s.cfg.Refresh.Seconds()), s.cfg.Now()}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.pageTmpl.ExecuteTemplate(w, "decisions.html", data); err != nil {
		s.log.ErrorContext(r.Context(), "rendering decisions page", "err", err)
	}
}

func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "reading decisions", "err", err)
	http.Error(w, "Pagekeeper cannot read its records just now. Try again in a minute.", http.StatusServiceUnavailable)
}

func (s *Server) postView(ctx context.Context, sp store.Post) (postView, error) {
	ds, err := s.cfg.Reader.DecisionsForPost(ctx, sp.PracticeID, sp.ID)
	if err != nil {
		return postView{}, err
	}
	as, err := s.cfg.Reader.ActionsForPost(ctx, sp.PracticeID, sp.ID)
	if err != nil {
		return postView{}, err
	}
	v := postView{Practice: sp.PracticeID, Channel: sp.Channel, Received: sp.ReceivedAt, Status: sp.Status, Before: sp.Text, Actions: as}
	for _, d := range ds {
		dv := decisionView{Labels: d.Labels, Shadow: d.Shadow, DecidedBy: d.DecidedBy, DecidedAt: d.DecidedAt}
		v.Shadow = v.Shadow || d.Shadow
		for _, f := range d.Findings {
			dv.Findings = append(dv.Findings, findingView{Category: f.Category, Describe: f.Category.Describe(), Clause: f.Clause, Reason: f.Reason, Evidence: span(sp.Text, f.Start, f.End)})
		}
		v.Decisions = append(v.Decisions, dv)
	}
	if len(ds) > 0 {
		last := ds[len(ds)-1]
		for _, f := range last.Findings {
			if span(sp.Text, f.Start, f.End) != "" {
				v.Before, v.Marked, v.After = sp.Text[:f.Start], sp.Text[f.Start:f.End], sp.Text[f.End:]
				break
			}
		}
	}
	for _, a := range as {
		v.Shadow = v.Shadow || a.State == store.ActionShadow
	}
	return v, nil
}

// span returns text[start:end] when that is a valid UTF-8 slice, else "".
func span(text string, start, end int) string {
	if start < 0 || end > len(text) || start >= end {
		return ""
	}
	s := text[start:end]
	if !utf8.ValidString(s) {
		return ""
	}
	return s
}
