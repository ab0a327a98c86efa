package instagram

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
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

var t0 = time.Date(2026, 11, 21, 8, 55, 0, 0, time.UTC)

const commentID = "17998877665544332"

func setup(t *testing.T) (*Client, *platformtest.FakeGraph, platform.Ref) {
	t.Helper()
	g := platformtest.NewFakeGraph(func() time.Time { return t0 })
	t.Cleanup(g.Close)
	g.Put(platformtest.GraphObject{ID: commentID, Instagram: true, Text: "Still no flu jab slots?", FromID: "27123456789012345", FromName: "local.resident_22", Created: t0, PostID: "18012345678901234"})
	c := &Client{Graph: &meta.Client{BaseURL: g.URL, Token: "tok", Now: func() time.Time { return t0 }}, AccountID: account}
	return c, g, platform.Ref{Channel: moderation.Instagram, PageID: account, ObjectID: commentID, ParentID: "18012345678901234"}
}

func TestActions(t *testing.T) {
	c, g, ref := setup(t)
	ctx := t.Context()
	if err := c.Hide(ctx, ref); err != nil {
		t.Fatal(err)
	}
	last := g.Calls()[len(g.Calls())-1]
	if last.Method != "POST" || last.Query.Get("hide") != "true" || len(last.Body) != 0 {
		t.Errorf("hide call %+v", last)
	}
	snap, err := c.Fetch(ctx, ref)
	if err != nil || !snap.Hidden || snap.Text != "Still no flu jab slots?" || snap.Author != (moderation.Author{ID: "27123456789012345", Name: "local.resident_22"}) || !snap.CreatedAt.Equal(t0) {
		t.Fatalf("snapshot %+v, %v", snap, err)
	}
	if f := g.Calls()[len(g.Calls())-1].Query.Get("fields"); f != FetchFields {
		t.Errorf("fields %q", f)
	}
	if err := c.Unhide(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if o, _ := g.Object(commentID); o.Hidden {
		t.Error("still hidden")
	}
	r, err := c.Reply(ctx, ref, "Please book online")
	if err != nil || r.ParentID != commentID {
		t.Fatalf("reply %+v %v", r, err)
	}
	if last := g.Calls()[len(g.Calls())-1]; last.Path != "/"+commentID+"/replies" || last.Query.Get("message") != "Please book online" {
		t.Errorf("reply call %+v", last)
	}
	if err := c.PrivateReply(ctx, ref, "hi"); err != nil {
		t.Fatal(err)
	}
	if m := g.Messages(); len(m) != 1 || m[0].From != account {
		t.Errorf("messages %+v", m)
	}
	if err := c.Delete(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, ref); !errors.Is(err, platform.ErrGone) {
		t.Errorf("second delete %v", err)
	}
}

func TestMentions(t *testing.T) {
	c, g, _ := setup(t)
	g.Put(platformtest.GraphObject{ID: "17877766655544433", Instagram: true, Text: "@oursurgery rude words", FromName: "someone", Created: t0, PostID: "18055566677788899"})
	g.Put(platformtest.GraphObject{ID: "18055566677788899", Instagram: true, Media: true, Text: "caption @oursurgery", FromName: "poster", Created: t0, Permalink: "https://www.instagram.com/p/abc/"})
	evs, err := ParseWebhook([]byte(mentionBody))
	if err != nil {
		t.Fatal(err)
	}
	e, err := c.Complete(t.Context(), evs[0])
	if err != nil || e.Post.Text != "@oursurgery rude words" || e.Post.Author.Name != "someone" {
		t.Fatalf("completed %+v %v", e.Post, err)
	}
	caption, _ := ParseWebhook([]byte(changes(`{"field":"mentions","value":{"media_id":"18055566677788899"}}`)))
	e, err = c.Complete(t.Context(), caption[0])
	if err != nil || e.Post.Text != "caption @oursurgery" || e.Post.Permalink == "" {
		t.Fatalf("caption %+v %v", e.Post, err)
	}
	plain, _ := ParseWebhook([]byte(commentBody))
	if e, err := c.Complete(t.Context(), plain[0]); err != nil || e.Post.Text != plain[0].Post.Text {
		t.Errorf("plain comment changed: %v", err)
	}
	gone, _ := ParseWebhook([]byte(changes(`{"field":"mentions","value":{"media_id":"1","comment_id":"2"}}`)))
	if _, err := c.Complete(t.Context(), gone[0]); !errors.Is(err, platform.ErrGone) {
		t.Errorf("missing mention: %v", err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name      string
		fault     platformtest.Fault
		want      error
		retryable bool
	}{
		{"IG BUC", platformtest.GraphRateLimit(80002, 4), nil, true},
		{"server", platformtest.GraphServerError(), nil, true},
		{"token", platformtest.GraphExpiredToken(), platform.ErrAuth, false},
		{"gone", platformtest.GraphGone(), platform.ErrGone, false},
		{"permission", platformtest.GraphPermission(), platform.ErrPermission, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, g, ref := setup(t)
			for name, act := range map[string]func() error{
				"hide":    func() error { return c.Hide(t.Context(), ref) },
				"delete":  func() error { return c.Delete(t.Context(), ref) },
				"reply":   func() error { _, err := c.Reply(t.Context(), ref, "x"); return err },
				"private": func() error { return c.PrivateReply(t.Context(), ref, "x") },
				"fetch":   func() error { _, err := c.Fetch(t.Context(), ref); return err },
			} {
				g.FailNext(1, tt.fault)
				err := act()
				if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || platform.Retryable(err) != tt.retryable {
					t.Errorf("%s: %v", name, err)
				}
			}
		})
	}
}

func TestWebhookDelivery(t *testing.T) {
	const secret = "s3cret"
	var got []platform.Event
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := meta.ReadWebhook(r, []byte(secret))
		if err != nil {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		evs, _ := ParseWebhook(body)
		got = append(got, evs...)
	}))
	defer srv.Close()
	g := platformtest.NewFakeGraph(nil)
	defer g.Close()
	body := platformtest.InstagramWebhook(platformtest.InstagramEntry{AccountID: account, Time: 1, Comments: []platformtest.InstagramComment{{ID: "5", Text: "naïve ☕", FromID: "9", Username: "u", MediaID: "7"}}, Mentions: []platformtest.InstagramMention{{MediaID: "7", CommentID: "8"}}})
	if st, err := g.SendWebhook(t.Context(), srv.URL, body, platformtest.SendOptions{Secret: secret}); err != nil || st[0] != 200 {
		t.Fatalf("%v %v", st, err)
	}
	if st, _ := g.SendWebhook(t.Context(), srv.URL, body, platformtest.SendOptions{Secret: secret, BadSignature: true}); st[0] != http.StatusForbidden {
		t.Errorf("bad signature: %v", st)
	}
	if len(got) != 2 || got[0].Post.Text != "naïve ☕" || !IsMention(got[1]) {
		t.Errorf("events %+v", got)
	}
}
