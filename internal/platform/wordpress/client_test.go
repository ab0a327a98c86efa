package wordpress

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
)

type actor interface {
	Hide(context.Context, platform.Ref) error
	Unhide(context.Context, platform.Ref) error
	Delete(context.Context, platform.Ref) error
	Reply(context.Context, platform.Ref, string) (platform.Ref, error)
	PrivateReply(context.Context, platform.Ref, string) error
	Fetch(context.Context, platform.Ref) (platform.Snapshot, error)
}

var _ actor = (*Client)(nil)

func setup(t *testing.T) (*Client, *platformtest.FakeWordPress) {
	t.Helper()
	f := platformtest.NewFakeWordPress("moderator", "abcd efgh ijkl mnop", func() time.Time { return now })
	t.Cleanup(f.Close)
	return &Client{BaseURL: f.URL, User: "moderator", AppPassword: "abcd efgh ijkl mnop", SiteID: "site1", Now: func() time.Time { return now }}, f
}

func ref(id int64) platform.Ref {
	return platform.Ref{Channel: moderation.Website, PageID: "site1", ObjectID: fmt.Sprint(id)}
}

func TestComments(t *testing.T) {
	c, f := setup(t)
	base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := range 230 {
		status := "approved"
		switch i % 10 {
		case 1:
			status = "hold"
		case 2:
			status = "spam"
		case 3:
			status = "trash"
		}
		f.Put(platformtest.WPComment{ID: int64(4000 + i), Post: 312, Parent: int64(i % 2 * 4000), AuthorName: "J Smith", AuthorEmail: "j@example.com", Content: fmt.Sprintf("comment <%d> & more", i), Date: base.Add(time.Duration(i) * time.Minute), Status: status})
	}
	evs, newest, err := c.Comments(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 230-46 || !newest.Equal(base.Add(229*time.Minute)) {
		t.Fatalf("%d events, newest %v", len(evs), newest)
	}
	e := evs[0]
	if e.Ref.ObjectID != "4000" || e.Ref.ParentID != "" || evs[1].Ref.ParentID != "4000" || e.Post.Text != "comment <0> & more" || e.Post.Author.Name != "J Smith" ||
		!e.Post.CreatedAt.Equal(base) || e.DedupeKey != "website:site1:4000:added" || e.Post.Permalink == "" {
		t.Errorf("first event %+v", e)
	}
	calls := f.Calls()
	q := calls[0].Query
	if len(calls) != 3 || q.Get("status") != "all" || q.Get("context") != "edit" || q.Get("per_page") != "100" || q.Get("orderby") != "date_gmt" || q.Get("order") != "asc" || calls[2].Query.Get("page") != "3" {
		t.Errorf("%d calls, first %v", len(calls), q)
	}
	if u, p, ok := (&http.Request{Header: calls[0].Header}).BasicAuth(); !ok || u != "moderator" || p != "abcd efgh ijkl mnop" {
		t.Error("no basic auth")
	}
	f.Put(platformtest.WPComment{ID: 9000, Post: 312, Content: "late", Date: newest.Add(time.Minute), Status: "hold"})
	evs, newest2, err := c.Comments(t.Context(), newest)
	if err != nil || len(evs) != 2 || evs[1].Ref.ObjectID != "9000" || !newest2.Equal(newest.Add(time.Minute)) {
		t.Errorf("second poll: %d events (want the boundary comment again and the new one), %v, %v", len(evs), newest2, err)
	}
	if got := f.Calls()[len(f.Calls())-1].Query.Get("after"); got != newest.Add(-time.Second).Format("2006-01-02T15:04:05") {
		t.Errorf("after = %s", got)
	}
}

func TestRenderedFallback(t *testing.T) {
	c, f := setup(t)
	f.NoRaw = true
	f.Put(platformtest.WPComment{ID: 1, Post: 2, Content: "Fish & chips\nsecond line", Date: now, Status: "approved"})
	s, err := c.Fetch(t.Context(), ref(1))
	if err != nil || s.Text != "Fish & chips\nsecond line" {
		t.Errorf("text %q, %v", s.Text, err)
	}
}

func TestActions(t *testing.T) {
	c, f := setup(t)
	f.Put(platformtest.WPComment{ID: 4821, Post: 312, AuthorName: "J Smith", Content: "Can I get my prescription ...", Date: now, Status: "approved"})
	ctx := t.Context()
	r := ref(4821)
	if err := c.Hide(ctx, r); err != nil {
		t.Fatal(err)
	}
	if cm, _ := f.Comment(4821); cm.Status != "hold" {
		t.Errorf("status after hide %s", cm.Status)
	}
	if s, err := c.Fetch(ctx, r); err != nil || !s.Hidden || s.Text != "Can I get my prescription ..." || len(s.Raw) == 0 {
		t.Errorf("fetch %+v %v", s, err)
	}
	if err := c.Unhide(ctx, r); err != nil {
		t.Fatal(err)
	}
	if cm, _ := f.Comment(4821); cm.Status != "approved" {
		t.Errorf("status after unhide %s", cm.Status)
	}
	rep, err := c.Reply(ctx, r, "Please phone the surgery")
	if err != nil || rep.ParentID != "4821" {
		t.Fatalf("reply %+v %v", rep, err)
	}
	var id int64
	fmt.Sscan(rep.ObjectID, &id)
	if cm, _ := f.Comment(id); cm.Post != 312 || cm.Parent != 4821 || cm.Status != "approved" || cm.Content != "Please phone the surgery" {
		t.Errorf("reply comment %+v", cm)
	}
	if err := c.Delete(ctx, r); err != nil {
		t.Fatal(err)
	}
	if cm, _ := f.Comment(4821); cm.Status != "trash" {
		t.Errorf("status after delete %s", cm.Status)
	}
	if err := c.Delete(ctx, r); !errors.Is(err, platform.ErrGone) {
		t.Errorf("second delete %v", err)
	}
	if err := c.Restore(ctx, r); err != nil {
		t.Fatal(err)
	}
	if cm, _ := f.Comment(4821); cm.Status == "trash" {
		t.Error("still in trash after restore")
	}
	if err := c.PrivateReply(ctx, r, "x"); !errors.Is(err, platform.ErrNotSupported) {
		t.Errorf("private reply %v", err)
	}
	if _, err := c.Fetch(ctx, ref(1)); !errors.Is(err, platform.ErrGone) {
		t.Errorf("fetch missing %v", err)
	}
	if err := c.Hide(ctx, platform.Ref{ObjectID: "1/../2"}); err == nil {
		t.Error("hid a bad id")
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name      string
		fault     platformtest.Fault
		want      error
		retryable bool
		retryAt   time.Time
	}{
		{"bad password", platformtest.WPError(401, "incorrect_password", "bad"), platform.ErrAuth, false, time.Time{}},
		{"cannot edit", platformtest.WPError(403, "rest_cannot_edit", "Sorry"), platform.ErrPermission, false, time.Time{}},
		{"forbidden param", platformtest.WPError(401, "rest_forbidden_param", "Query parameter not permitted: status"), platform.ErrPermission, false, time.Time{}},
		{"trash off", platformtest.WPError(501, "rest_trash_not_supported", "no trash"), platform.ErrNotSupported, false, time.Time{}},
		{"server", platformtest.WPError(503, "", "down"), nil, true, time.Time{}},
		{"html 502", platformtest.Fault{Status: 502, Body: "<html>Bad Gateway</html>"}, nil, true, time.Time{}},
		{"429", platformtest.Fault{Status: 429, Header: http.Header{"Retry-After": {"120"}}, Body: `{}`}, nil, true, now.Add(2 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := setup(t)
			f.Put(platformtest.WPComment{ID: 1, Post: 2, Content: "x", Date: now, Status: "approved"})
			for name, act := range map[string]func() error{
				"hide":   func() error { return c.Hide(t.Context(), ref(1)) },
				"delete": func() error { return c.Delete(t.Context(), ref(1)) },
				"reply":  func() error { _, err := c.Reply(t.Context(), ref(1), "x"); return err },
				"fetch":  func() error { _, err := c.Fetch(t.Context(), ref(1)); return err },
				"list":   func() error { _, _, err := c.Comments(t.Context(), time.Time{}); return err },
			} {
				f.FailNext(1, tt.fault)
				err := act()
				if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || platform.Retryable(err) != tt.retryable {
					t.Errorf("%s: %v", name, err)
				}
				var rl *platform.RateLimitError
				if errors.As(err, &rl) && !rl.RetryAt.Equal(tt.retryAt) {
					t.Errorf("%s: RetryAt %v", name, rl.RetryAt)
				}
			}
		})
	}
	c, _ := setup(t)
	c.AppPassword = "wrong"
	if err := c.Hide(t.Context(), ref(1)); !errors.Is(err, platform.ErrAuth) {
		t.Errorf("wrong password: %v", err)
	}
}
