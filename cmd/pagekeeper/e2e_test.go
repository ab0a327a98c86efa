package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform/facebook"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/web"
)

const e2eSecret = "e2e_app_secret"

// e2eService runs the real service (store, triage, queue, workers, web) for
// the demo practice with Facebook pointed at a fake Graph API.
func e2eService(t testing.TB, queuePoll time.Duration) (*app, *platformtest.FakeGraph, string) {
	t.Helper()
	g := platformtest.NewFakeGraph(nil)
	t.Cleanup(g.Close)
	prof, eng, raw, err := loadDemoPractice("")
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(t.Context(), appConfig{
		DBPath: filepath.Join(t.TempDir(), "p.db"),
		Practices: []appPractice{{
			ID: demoPracticeID, Name: prof.Name, Profile: prof, ProfileYAML: raw, Judge: eng.Judge,
			Platforms: map[moderation.Channel]jobs.Platform{moderation.Facebook: &facebook.Client{Graph: &meta.Client{BaseURL: g.URL, Token: "t"}, PageID: demoPageID}},
			Web:       web.Practice{FacebookPageID: demoPageID},
		}},
		MetaAppSecret: []byte(e2eSecret), MetaVerifyToken: "v", DecisionsPage: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), QueuePoll: queuePoll,
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { done <- a.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		a.Close()
	})
	return a, g, "http://" + ln.Addr().String()
}

func feedComment(id, text string) []byte {
	return platformtest.FeedWebhook(platformtest.FeedEntry{PageID: demoPageID, Time: 1763712000, Changes: []platformtest.FeedChange{{
		Item: "comment", Verb: "add", PostID: demoPagePost, CommentID: id, ParentID: demoPagePost,
		FromID: "7712345098765432", FromName: "Sam Patient", Message: text, CreatedTime: 1763711998}}})
}

func hideCalls(g *platformtest.FakeGraph, id string) int {
	n := 0
	for _, c := range g.Calls() {
		if c.Method == "POST" && c.Path == "/"+id && c.Form.Get("is_hidden") == "true" {
			n++
		}
	}
	return n
}

// TestWebhookToHide is the service's done-when test: a signed Facebook
// webhook carrying an abusive comment, delivered three times, produces one
// hide call on the Graph API, a stored decision with clause and span, and
// an audit log that verifies; a forged one is refused and stores nothing.
func TestWebhookToHide(t *testing.T) {
	a, g, base := e2eService(t, 50*time.Millisecond)
	const id = "998877665544332_1122334455667788"
	text := "Dean on reception is a useless tw@t who shouldn't be allowed near the public"
	g.Put(platformtest.GraphObject{ID: id, Text: text, FromID: "7712345098765432", FromName: "Sam Patient", PostID: demoPagePost, Created: time.Now()})

	codes, err := g.SendWebhook(t.Context(), base+"/webhooks/meta", feedComment(id, text), platformtest.SendOptions{Secret: e2eSecret, Times: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range codes {
		if c != 200 {
			t.Fatalf("delivery %d answered %d", i+1, c)
		}
	}
	// Acknowledged means stored: the post is there the moment we got 200.
	post, err := a.db.PostByExternalID(t.Context(), demoPracticeID, moderation.Facebook, id)
	if err != nil {
		t.Fatalf("the acknowledged post is not stored: %v", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for hideCalls(g, id) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no hide call on the fake Graph; calls: %+v", g.Calls())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if o, _ := g.Object(id); !o.Hidden && !o.Deleted {
		t.Error("the comment is neither hidden nor deleted on the fake Graph")
	}

	ds, err := a.db.DecisionsForPost(t.Context(), demoPracticeID, post.ID)
	if err != nil || len(ds) != 1 {
		t.Fatalf("decisions = %d, %v; want exactly 1 for three deliveries", len(ds), err)
	}
	var found bool
	for _, f := range ds[0].Findings {
		if f.Category == moderation.Harassment {
			found = true
			if f.Clause == "" || f.Start >= f.End || f.End > len(text) {
				t.Errorf("harassment finding without clause or span: %+v", f)
			}
			if got := text[f.Start:f.End]; !strings.Contains(strings.ToLower(got), "tw@t") {
				t.Errorf("span %q does not cover the insult", got)
			}
		}
	}
	if !found {
		t.Errorf("no harassment finding: %+v", ds[0].Findings)
	}
	acts, err := a.db.ActionsForPost(t.Context(), demoPracticeID, post.ID)
	if err != nil {
		t.Fatal(err)
	}
	hides := 0
	for _, ac := range acts {
		if ac.Kind == moderation.ActionHide {
			hides++
		}
	}
	if hides != 1 {
		t.Errorf("%d hide actions stored for three deliveries, want 1", hides)
	}
	// Let the other actions settle, then check the hide was sent once.
	waitFinal(t, a, post.ID)
	if n := hideCalls(g, id); n != 1 {
		t.Errorf("%d hide calls for three deliveries, want 1", n)
	}
	head, err := audit.Verify(t.Context(), a.db, demoPracticeID)
	if err != nil {
		t.Fatalf("audit log does not verify: %v", err)
	}
	if head.Seq < 2 {
		t.Errorf("audit head at seq %d; want entries for the decision and the hide", head.Seq)
	}

	// A forged signature: 401 and nothing stored.
	const forged = "998877665544332_9999999999999999"
	codes, err = g.SendWebhook(t.Context(), base+"/webhooks/meta", feedComment(forged, "you are all useless"), platformtest.SendOptions{Secret: e2eSecret, BadSignature: true})
	if err != nil {
		t.Fatal(err)
	}
	if codes[0] != 401 {
		t.Errorf("forged delivery answered %d, want 401", codes[0])
	}
	if _, err := a.db.PostByExternalID(t.Context(), demoPracticeID, moderation.Facebook, forged); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the forged post was stored (err %v)", err)
	}
	if posts, _ := a.db.ListPosts(t.Context(), demoPracticeID, store.PostFilter{}); len(posts) != 1 {
		t.Errorf("%d posts stored, want 1", len(posts))
	}
}

// waitFinal waits until every action of the post has reached a final state.
func waitFinal(t *testing.T, a *app, postID int64) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		acts, err := a.db.ActionsForPost(t.Context(), demoPracticeID, postID)
		if err != nil {
			t.Fatal(err)
		}
		final := true
		for _, ac := range acts {
			final = final && (ac.State.Final() || ac.Kind == moderation.ActionHold)
		}
		if final {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("actions not final after 20s: %+v", acts)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
