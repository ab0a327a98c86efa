package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

//go:embed templates/staff/*.html
var staffTemplateFS embed.FS

// page is what the staff layout shows around a page's own content.
type page struct {
	Title  string // the page's <h1> and <title>
	CSS    string // the NHS.UK frontend stylesheet
	User   *userView
	Nav    []link
	Footer []link
	Back   *link
	Errors []fieldError // shown in the error summary, each linked to its field
	Notice string       // a confirmation of what was just done
	Data   any          // the page's own data
}

// userView is the signed-in user as the header shows them.
type userView struct {
	ID       int64
	Email    string
	RoleName string
}

type link struct {
	Href, Text string
	Current    bool
}

// fieldError is one problem with a form: Field is the id of the input it
// is about ("" for the form as a whole), Msg says how to put it right.
type fieldError struct {
	Field, Msg string
}

// errorData is the error page's data.
type errorData struct {
	Message string
	Next    *link
}

// london is where surgeries keep their hours and staff read times.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC // time/tzdata is linked by cmd; UTC keeps tests working without it
	}
	return loc
}()

var pageFuncs = template.FuncMap{
	// when is a time as staff read it: UK time, day first.
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(london).Format("2 Jan 2006 15:04")
	},
	"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"day":      func(t time.Time) string { return t.In(london).Format("2 January 2006") },
	"describe": func(c moderation.Category) string { return c.Describe() },
	"human":    humanCategory,
	"words":    func(v any) string { return strings.ReplaceAll(fmt.Sprint(v), "_", " ") },
	"hours":    humanHours,
	"fieldErr": func(errs []fieldError, field string) *fieldError {
		for _, e := range errs {
			if e.Field == field {
				return &e
			}
		}
		return nil
	},
	"has": func(xs []string, x string) bool {
		for _, v := range xs {
			if v == x {
				return true
			}
		}
		return false
	},
	"add": func(a, b int) int { return a + b },
	// dict builds a map for a sub-template from key, value pairs.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// humanCategory is a category's name for staff ("patient info").
func humanCategory(c moderation.Category) string {
	s := strings.ReplaceAll(string(c), "_", " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// humanHours is a duration in surgery hours and minutes ("3 h 05 min").
func humanHours(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	if h == 0 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", h, m)
}

// parsePages parses each staff page with the layout: the page defines
// "content", the layout the rest. Pages are keyed by file name without
// ".html".
func parsePages() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(pageFuncs).ParseFS(staffTemplateFS, "templates/staff/layout.html")
	if err != nil {
		return nil, fmt.Errorf("web: parsing the layout: %w", err)
	}
	names, err := fs.Glob(staffTemplateFS, "templates/staff/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: listing pages: %w", err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(staffTemplateFS, n)
		}
		if err != nil {
			return nil, fmt.Errorf("web: parsing page %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// writePage renders the named page in the layout into a buffer first, so
// a template error never leaves half a page, then sends it with code.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, code int, name string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.log.ErrorContext(r.Context(), "no such page template", "page", name)
		http.Error(w, "Pagekeeper could not show this page.", http.StatusInternalServerError)
		return
	}
	p.CSS = nhsukCSS
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.ErrorContext(r.Context(), "rendering page", "page", name, "err", err)
		http.Error(w, "Pagekeeper could not show this page.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}
