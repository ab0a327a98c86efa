package facebook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
)

// actor is the set of actions every adapter offers; the jobs package declares its own.
type actor interface {
	Hide(context.Context, platform.Ref) error
	Unhide(context.Context, platform.Ref) error
	Delete(context.Context, platform.Ref) error
	Reply(context.Context, platform.Ref, string) (platform.Ref, error)
	PrivateReply(context.Context, platform.Ref, string) error
	Fetch(context.Context, platform.Ref) (platform.Snapshot, error)
}

var _ actor = (*Client)(nil)

var t0 = time.Date(2026, 11, 21, 8, 39, 58, 0, time.UTC)

const commentID = "998877665544332_1122334455667788"

func setup(t *testing.T) (*Client, *platformtest.FakeGraph, platform.Ref) {
	t.Helper()
	g := platformtest.NewFakeGraph(func() time.Time { return t0 })
	t.Cleanup(g.Close)
	g.Token = "page-token"
	g.Put(platformtest.GraphObject{ID: commentID, Text: "Waited 40 mins on the phone again", FromID: "7712345098765432", FromName: "Sam Patient",
		Created: t0, PostID: "104729381122334_998877665544332", ParentID: "104729381122334_998877665544332",
		Permalink: "https://www.facebook.com/104729381122334/posts/pfbid0abc?comment_id=1122334455667788", Photo: "https://scontent.xx.fbcdn.net/1.jpg"})
	c := &Client{Graph: &meta.Client{BaseURL: g.URL, Token: "page-token", Now: func() time.Time { return t0 }}, PageID: page}
	return c, g, platform.Ref{Channel: moderation.Facebook, PageID: page, ObjectID: commentID, ParentID: "104729381122334_998877665544332"}
}

func TestActions(t *testing.T) {
	c, g, ref := setup(t)
	ctx := t.Context()

	if err := c.Hide(ctx, ref); err != nil {
		t.Fatal(err)
	}
	last := g.Calls()[len(g.Calls())-1]
	if last.Method != "POST" || last.Path != "/"+commentID || last.Form.Get("is_hidden") != "true" || last.Header.Get("Authorization") != "Bearer page-token" {
		t.Errorf("hide call %+v", last)
	}
	snap, err := c.Fetch(ctx, ref)
	if err != nil || !snap.Hidden {
		t.Fatalf("after hide: %+v, %v", snap, err)
	}
	if snap.Text != "Waited 40 mins on the phone again" || snap.Author.Name != "Sam Patient" || !snap.CreatedAt.Equal(t0) ||
		snap.Permalink == "" || len(snap.Media) != 1 || snap.Media[0].Kind != "photo" || len(snap.Raw) == 0 {
		t.Errorf("snapshot %+v", snap)
	}
	if q := g.Calls()[len(g.Calls())-1].Query.Get("fields"); q != FetchFields {
		t.Errorf("fields %q", q)
	}
	if err := c.Unhide(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if o, _ := g.Object(commentID); o.Hidden {
		t.Error("still hidden after unhide")
	}

	reply, err := c.Reply(ctx, ref, "Please call the surgery")
	if err != nil || reply.ParentID != commentID || reply.ObjectID == "" {
		t.Fatalf("reply %+v, %v", reply, err)
	}
	if o, ok := g.Object(reply.ObjectID); !ok || o.Text != "Please call the surgery" {
		t.Errorf("reply object %+v", o)
	}
	if err := c.PrivateReply(ctx, ref, "Hi, please call us"); err != nil {
		t.Fatal(err)
	}
	if m := g.Messages(); len(m) != 1 || m[0].From != page || m[0].CommentID != commentID {
		t.Errorf("messages %+v", m)
	}
	if err := c.PrivateReply(ctx, ref, "again"); err == nil || platform.Retryable(err) {
		t.Errorf("second private reply: %v", err)
	}

	if err := c.Delete(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, ref); !errors.Is(err, platform.ErrGone) {
		t.Errorf("second delete: %v, want ErrGone", err)
	}
	if _, err := c.Fetch(ctx, ref); !errors.Is(err, platform.ErrGone) {
		t.Errorf("fetch after delete: %v", err)
	}
	if err := c.Hide(ctx, ref); !errors.Is(err, platform.ErrGone) {
		t.Errorf("hide after delete: %v", err)
	}
}

func TestPrivateReplyToVisitorPost(t *testing.T) {
	c, g, _ := setup(t)
	g.Put(platformtest.GraphObject{ID: "104729381122334_1357924680135792", Text: "Car park", FromID: "55"})
	if err := c.PrivateReply(t.Context(), platform.Ref{Channel: moderation.Facebook, PageID: page, ObjectID: "104729381122334_1357924680135792"}, "hi"); err != nil {
		t.Fatal(err)
	}
	last := g.Calls()[len(g.Calls())-1]
	if string(last.Body) != `{"message":{"text":"hi"},"recipient":{"post_id":"104729381122334_1357924680135792"}}` {
		t.Errorf("body %s", last.Body)
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
		{"rate limit 32", platformtest.GraphRateLimit(32, 10), nil, true, t0.Add(10 * time.Minute)},
		{"BUC 80001", platformtest.GraphRateLimit(80001, 3), nil, true, t0.Add(3 * time.Minute)},
		{"server error", platformtest.GraphServerError(), nil, true, time.Time{}},
		{"expired token", platformtest.GraphExpiredToken(), platform.ErrAuth, false, time.Time{}},
		{"gone", platformtest.GraphGone(), platform.ErrGone, false, time.Time{}},
		{"permission", platformtest.GraphPermission(), platform.ErrPermission, false, time.Time{}},
		{"policy block", platformtest.GraphPolicyBlock(), meta.ErrPolicyBlock, false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, g, ref := setup(t)
			actions := map[string]func() error{
				"hide":    func() error { return c.Hide(t.Context(), ref) },
				"unhide":  func() error { return c.Unhide(t.Context(), ref) },
				"delete":  func() error { return c.Delete(t.Context(), ref) },
				"reply":   func() error { _, err := c.Reply(t.Context(), ref, "x"); return err },
				"private": func() error { return c.PrivateReply(t.Context(), ref, "x") },
				"fetch":   func() error { _, err := c.Fetch(t.Context(), ref); return err },
			}
			for name, act := range actions {
				g.FailNext(1, tt.fault)
				err := act()
				if err == nil {
					t.Fatalf("%s: no error", name)
				}
				if tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("%s: %v, want %v", name, err, tt.want)
				}
				if platform.Retryable(err) != tt.retryable {
					t.Errorf("%s: Retryable(%v) = %v", name, err, !tt.retryable)
				}
				var rl *platform.RateLimitError
				if errors.As(err, &rl) && !rl.RetryAt.Equal(tt.retryAt) {
					t.Errorf("%s: RetryAt %v, want %v", name, rl.RetryAt, tt.retryAt)
				}
			}
		})
	}
	c, g, ref := setup(t)
	g.Token = "other"
	if err := c.Hide(t.Context(), ref); !errors.Is(err, platform.ErrAuth) {
		t.Errorf("wrong token: %v", err)
	}
	for _, bad := range []string{"", "1/../2", "me"} {
		if err := c.Hide(t.Context(), platform.Ref{ObjectID: bad}); err == nil {
			t.Errorf("Hide(%q) accepted", bad)
		}
	}
}

func TestFailFraction(t *testing.T) {
	c, g, ref := setup(t)
	g.FailFraction(0.5, platformtest.GraphServerError(), 1)
	var failed int
	for range 40 {
		if err := c.Hide(t.Context(), ref); err != nil {
			if !platform.Retryable(err) {
				t.Fatalf("non-retryable %v", err)
			}
			failed++
		}
	}
	if failed < 8 || failed > 32 {
		t.Errorf("%d of 40 failed at p=0.5", failed)
	}
}

// TestWebhookDelivery sends real-shaped deliveries from the fake to a
// handler built from meta.ReadWebhook and ParseFeed.
func TestWebhookDelivery(t *testing.T) {
	const secret = "test_app_secret"
	var mu sync.Mutex
	seen := map[string]int{}
	var texts []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := meta.ReadWebhook(r, []byte(secret))
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		evs, _ := ParseFeed(body)
		mu.Lock()
		defer mu.Unlock()
		for _, e := range evs {
			seen[e.DedupeKey]++
			if seen[e.DedupeKey] == 1 {
				texts = append(texts, e.Post.Text)
			}
		}
	}))
	defer srv.Close()
	g := platformtest.NewFakeGraph(nil)
	defer g.Close()
	one := platformtest.FeedChange{Item: "comment", Verb: "add", PostID: "1_1", CommentID: "1_2", ParentID: "1_1", FromID: "9", Message: "Café ✓ 😀", CreatedTime: 100}
	two := platformtest.FeedChange{Item: "comment", Verb: "add", PostID: "1_1", CommentID: "1_3", ParentID: "1_2", Message: "second", CreatedTime: 101}
	ctx := t.Context()

	st, err := g.SendWebhook(ctx, srv.URL, platformtest.FeedWebhook(platformtest.FeedEntry{PageID: "1", Time: 200, Changes: []platformtest.FeedChange{one}}), platformtest.SendOptions{Secret: secret, Times: 2})
	if err != nil || st[0] != 200 || st[1] != 200 {
		t.Fatalf("duplicate delivery: %v %v", st, err)
	}
	st, _ = g.SendWebhook(ctx, srv.URL, platformtest.FeedWebhook(platformtest.FeedEntry{PageID: "1", Time: 201, Changes: []platformtest.FeedChange{two}}, platformtest.FeedEntry{PageID: "1", Time: 201, Changes: []platformtest.FeedChange{one}}), platformtest.SendOptions{Secret: secret})
	if st[0] != 200 {
		t.Errorf("batched: %v", st)
	}
	for _, opt := range []platformtest.SendOptions{{Secret: secret, BadSignature: true}, {Secret: secret, NoSignature: true}} {
		st, _ := g.SendWebhook(ctx, srv.URL, platformtest.FeedWebhook(platformtest.FeedEntry{PageID: "1", Changes: []platformtest.FeedChange{{Item: "comment", Verb: "add", CommentID: "1_9", Message: "forged"}}}), opt)
		if st[0] != http.StatusUnauthorized {
			t.Errorf("%+v: status %v", opt, st)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if seen["facebook:1_2:add:100"] != 3 || len(texts) != 2 || texts[0] != "Café ✓ 😀" {
		t.Errorf("seen %v texts %q", seen, texts)
	}
}
