package platformtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// WPComment is a comment FakeWordPress holds. Status is approved, hold,
// spam or trash.
type WPComment struct {
	ID, Post, Parent int64
	AuthorName       string
	AuthorEmail      string
	Content          string // the raw content; rendered is <p>Content</p>
	Date             time.Time
	Status           string
}

// FakeWordPress serves /wp-json/wp/v2/comments as WordPress does for a user
// with moderate_comments: listing with status, context, after, orderby,
// order, per_page (≤ 100) and page, with X-WP-Total and X-WP-TotalPages;
// status changes through handle_status_param's values; DELETE to the trash
// (410 rest_already_trashed the second time) or for good with force=true;
// replies by POST. Every request must carry Basic auth for User and Password.
type FakeWordPress struct {
	URL, User, Password string
	// NoRaw leaves content.raw out, as for a user without edit context.
	NoRaw bool
	calls
	faults
	srv      *httptest.Server
	now      func() time.Time
	mu       sync.Mutex
	comments map[int64]*WPComment
	seq      int64
}

// NewFakeWordPress starts a FakeWordPress; Close stops it.
func NewFakeWordPress(user, password string, now func() time.Time) *FakeWordPress {
	f := &FakeWordPress{User: user, Password: password, now: clock(now), comments: map[int64]*WPComment{}, seq: 5000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close stops the server.
func (f *FakeWordPress) Close() { f.srv.Close() }

// Put adds or replaces a comment.
func (f *FakeWordPress) Put(c WPComment) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.comments[c.ID] = &c
}

// Comment returns the comment with id as it stands now.
func (f *FakeWordPress) Comment(id int64) (WPComment, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.comments[id]
	if !ok {
		return WPComment{}, false
	}
	return *c, true
}

// WPError is a WordPress error answer with code at status.
func WPError(status int, code, message string) Fault {
	b, _ := json.Marshal(map[string]any{"code": code, "message": message, "data": map[string]any{"status": status}})
	return Fault{Status: status, Body: string(b)}
}

func (f *FakeWordPress) render(c *WPComment) map[string]any {
	content := map[string]any{"rendered": "<p>" + strings.ReplaceAll(htmlEscape(c.Content), "\n", "<br />\n") + "</p>\n"}
	if !f.NoRaw {
		content["raw"] = c.Content
	}
	date := c.Date.UTC().Format("2006-01-02T15:04:05")
	return map[string]any{"id": c.ID, "post": c.Post, "parent": c.Parent, "author": 0, "author_name": c.AuthorName,
		"author_email": c.AuthorEmail, "author_url": "", "author_ip": "203.0.113.7", "author_user_agent": "Mozilla/5.0",
		"date": date, "date_gmt": date, "content": content,
		"link":   fmt.Sprintf("https://example-surgery.nhs.uk/?p=%d#comment-%d", c.Post, c.ID),
		"status": c.Status, "type": "comment", "meta": []any{}, "_links": map[string]any{}}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#039;").Replace(s)
}

// statusParam maps a requested status as WP_REST_Comments_Controller's
// handle_status_param does; ok is false for values it ignores.
func statusParam(s, current string) (string, bool) {
	switch s {
	case "approved", "approve", "1":
		return "approved", true
	case "hold", "0":
		return "hold", true
	case "spam":
		return "spam", true
	case "unspam", "untrash":
		if current == "spam" || current == "trash" {
			return "hold", true
		}
		return current, true
	case "trash":
		return "trash", true
	}
	return "", false
}

func (f *FakeWordPress) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	now := f.now()
	n := f.add(Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Body: body, Header: r.Header.Clone(), Time: now})
	sw := &statusWriter{ResponseWriter: w}
	w = sw
	var injected Fault
	var applied *httptest.ResponseRecorder
	defer func() {
		answer(sw, r, injected, applied)
		f.done(n, sw.status, f.now(), injected, applied)
	}()
	if u, p, ok := r.BasicAuth(); !ok || u != f.User || p != f.Password {
		WPError(401, "incorrect_password", "The provided password is an invalid application password.").write(w)
		return
	}
	if fault, ok := f.take(now); ok {
		injected = fault
		if !fault.Apply {
			fault.inject(w, r)
			return
		}
		applied = httptest.NewRecorder()
		w = applied
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	rest, ok := strings.CutPrefix(r.URL.Path, "/wp-json/wp/v2/comments")
	if !ok {
		WPError(404, "rest_no_route", "No route was found matching the URL and request method.").write(w)
		return
	}
	if rest == "" || rest == "/" {
		switch r.Method {
		case http.MethodGet:
			f.list(w, r)
		case http.MethodPost:
			var req struct {
				Post, Parent int64
				Content      string
				Status       string
			}
			if json.Unmarshal(body, &req) != nil || req.Post == 0 || req.Content == "" {
				WPError(400, "rest_invalid_param", "Invalid parameter(s): post").write(w)
				return
			}
			f.seq++
			status, ok := statusParam(req.Status, "hold")
			if !ok {
				status = "hold"
			}
			c := &WPComment{ID: f.seq, Post: req.Post, Parent: req.Parent, AuthorName: f.User, Content: req.Content, Date: f.now(), Status: status}
			f.comments[c.ID] = c
			writeJSON(w, 201, f.render(c))
		default:
			WPError(404, "rest_no_route", "No route was found matching the URL and request method.").write(w)
		}
		return
	}
	id, err := strconv.ParseInt(strings.Trim(rest, "/"), 10, 64)
	c := f.comments[id]
	if err != nil || c == nil {
		WPError(404, "rest_comment_invalid_id", "Invalid comment ID.").write(w)
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, 200, f.render(c))
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		var req struct {
			Status string `json:"status"`
		}
		_ = json.Unmarshal(body, &req)
		if s, ok := statusParam(req.Status, c.Status); ok {
			c.Status = s
		}
		writeJSON(w, 200, f.render(c))
	case http.MethodDelete:
		if r.URL.Query().Get("force") == "true" {
			prev := f.render(c)
			delete(f.comments, id)
			writeJSON(w, 200, map[string]any{"deleted": true, "previous": prev})
			return
		}
		if c.Status == "trash" {
			WPError(410, "rest_already_trashed", "The comment has already been trashed.").write(w)
			return
		}
		c.Status = "trash"
		writeJSON(w, 200, f.render(c))
	}
}

func (f *FakeWordPress) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status := q.Get("status")
	if status == "" {
		status = "approve"
	}
	perPage, page := 10, 1
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			WPError(400, "rest_invalid_param", "Invalid parameter(s): per_page").write(w)
			return
		}
		perPage = n
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			WPError(400, "rest_invalid_param", "Invalid parameter(s): page").write(w)
			return
		}
		page = n
	}
	var after time.Time
	if v := q.Get("after"); v != "" {
		t, err := time.Parse("2006-01-02T15:04:05", v)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, v); err != nil {
				WPError(400, "rest_invalid_param", "Invalid parameter(s): after").write(w)
				return
			}
		}
		after = t
	}
	var list []*WPComment
	for _, c := range f.comments {
		want := status == "all" || status == c.Status || status == "approve" && c.Status == "approved"
		if want && (after.IsZero() || c.Date.After(after)) {
			list = append(list, c)
		}
	}
	slices.SortFunc(list, func(a, b *WPComment) int {
		if d := a.Date.Compare(b.Date); d != 0 {
			return d
		}
		return int(a.ID - b.ID)
	})
	if q.Get("order") == "desc" {
		slices.Reverse(list)
	}
	pages := (len(list) + perPage - 1) / perPage
	if page > max(pages, 1) {
		WPError(400, "rest_comment_invalid_page_number", "The page number requested is larger than the number of pages available.").write(w)
		return
	}
	out := []any{}
	for _, c := range list[min((page-1)*perPage, len(list)):min(page*perPage, len(list))] {
		out = append(out, f.render(c))
	}
	w.Header().Set("X-WP-Total", strconv.Itoa(len(list)))
	w.Header().Set("X-WP-TotalPages", strconv.Itoa(pages))
	writeJSON(w, 200, out)
}

// SendWebsiteWebhook delivers body as our website webhook: the timestamp
// header set to ts and the signature over "ts.body". It returns each
// delivery's status.
func (f *FakeWordPress) SendWebsiteWebhook(ctx context.Context, url string, body []byte, ts time.Time, opt SendOptions) ([]int, error) {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	h := http.Header{}
	for k, v := range opt.Header {
		h[k] = v
	}
	h.Set("X-Pagekeeper-Timestamp", stamp)
	opt.Header = h
	sign := func(secret string, b []byte) string { return hexSign(secret, append([]byte(stamp+"."), b...)) }
	return send(ctx, http.DefaultClient, url, body, "X-Pagekeeper-Signature", sign, opt)
}
