package x

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
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

// clock is a settable clock shared by the fake and the client.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func setup(t *testing.T) (*Client, *platformtest.FakeX, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)}
	f := platformtest.NewFakeX(us, clk.Now)
	t.Cleanup(f.Close)
	f.Token = "user-token"
	return &Client{BaseURL: f.URL, Token: "user-token", UserID: us, Now: clk.Now}, f, clk
}

func id(n int) string { return strconv.FormatInt(1861234567890123000+int64(n), 10) }

func TestMentionsPagingAndSinceID(t *testing.T) {
	c, f, clk := setup(t)
	for n := range 250 {
		f.Put(platformtest.XTweet{ID: id(n), AuthorID: "77", Username: "pat", Name: "Pat", Text: fmt.Sprintf("@OurSurgery %d", n), Created: clk.Now(), Mentions: true})
	}
	f.Put(platformtest.XTweet{ID: id(300), AuthorID: us, Text: "our own", Mentions: true})
	f.Put(platformtest.XTweet{ID: id(301), AuthorID: "77", Text: "not a mention"})
	evs, newest, err := c.Mentions(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 250 || newest != id(300) || evs[0].Ref.ObjectID != id(0) || evs[249].Ref.ObjectID != id(249) {
		t.Fatalf("%d events, newest %s, first %s", len(evs), newest, evs[0].Ref.ObjectID)
	}
	e := evs[0]
	if e.Post.Author != (moderation.Author{ID: "77", Name: "Pat"}) || e.Post.Text != "@OurSurgery 0" || e.DedupeKey != "x:"+id(0)+":add" || e.Post.Permalink != "https://x.com/pat/status/"+id(0) || e.Post.CreatedAt.IsZero() {
		t.Errorf("event %+v", e)
	}
	calls := f.Calls()
	if len(calls) != 3 || calls[1].Query.Get("pagination_token") == "" || calls[0].Query.Get("max_results") != "100" || calls[0].Query.Get("tweet.fields") != TweetFields || calls[0].Query.Get("expansions") != Expansions || calls[0].Query.Get("user.fields") != UserFields {
		t.Errorf("calls %+v", calls)
	}
	f.Put(platformtest.XTweet{ID: id(400), AuthorID: "78", Text: "new", Mentions: true, InReplyTo: id(5)})
	evs, newest, err = c.Mentions(t.Context(), newest)
	if err != nil || len(evs) != 1 || newest != id(400) || evs[0].Ref.ParentID != id(5) {
		t.Fatalf("second poll: %d events, newest %s, %v", len(evs), newest, err)
	}
	if got := f.Calls()[len(f.Calls())-1].Query.Get("since_id"); got != id(300) {
		t.Errorf("since_id %s", got)
	}
	evs, newest2, err := c.Mentions(t.Context(), newest)
	if err != nil || len(evs) != 0 || newest2 != newest {
		t.Errorf("empty poll: %d, %s, %v", len(evs), newest2, err)
	}
	if _, _, err := c.Mentions(t.Context(), "1 OR 1"); err == nil {
		t.Error("accepted a bad since_id")
	}
}

func TestMentionsRateLimit(t *testing.T) {
	for _, old := range []bool{false, true} {
		t.Run(fmt.Sprint("old 429 body ", old), func(t *testing.T) {
			c, f, clk := setup(t)
			f.MentionsLimit, f.Old429 = 2, old
			reset := clk.Now().Add(15 * time.Minute)
			for i := range 2 {
				if _, _, err := c.Mentions(t.Context(), ""); err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
			}
			if rem, at, ok := c.RateLimit("mentions"); !ok || rem != 0 || !at.Equal(reset) {
				t.Fatalf("RateLimit = %d %v %v", rem, at, ok)
			}
			n := len(f.Calls())
			_, _, err := c.Mentions(t.Context(), "")
			var rl *platform.RateLimitError
			if !errors.As(err, &rl) || !rl.RetryAt.Equal(reset) {
				t.Fatalf("third call: %v", err)
			}
			if len(f.Calls()) != n {
				t.Error("the client called X with no calls remaining")
			}
			// X's own 429, when our bookkeeping did not know.
			c2 := &Client{BaseURL: f.URL, Token: "user-token", UserID: us, Now: clk.Now}
			_, _, err = c2.Mentions(t.Context(), "")
			if !errors.As(err, &rl) || !rl.RetryAt.Equal(reset) || len(f.Calls()) != n+1 {
				t.Fatalf("429: %v", err)
			}
			clk.Add(15*time.Minute + time.Second)
			if _, _, err := c.Mentions(t.Context(), ""); err != nil {
				t.Errorf("after reset: %v", err)
			}
		})
	}
}

func TestMentionsPageFailureKeepsSinceID(t *testing.T) {
	c, f, _ := setup(t)
	for n := range 150 {
		f.Put(platformtest.XTweet{ID: id(n), AuthorID: "77", Text: "x", Mentions: true})
	}
	f.FailNext(1, platformtest.Fault{})
	f.FailNext(1, platformtest.XServerError())
	evs, newest, err := c.Mentions(t.Context(), id(10))
	if err == nil || !platform.Retryable(err) || newest != id(10) || len(evs) != 100 {
		t.Errorf("%d events, newest %s, err %v", len(evs), newest, err)
	}
}

func TestActions(t *testing.T) {
	c, f, clk := setup(t)
	f.Put(platformtest.XTweet{ID: id(1), AuthorID: "77", Username: "pat", Name: "Pat", Text: "rude reply", Created: clk.Now(), InReplyTo: id(0), Mentions: true})
	ref := platform.Ref{Channel: moderation.X, PageID: us, ObjectID: id(1)}
	ctx := t.Context()
	if err := c.Hide(ctx, ref); err != nil {
		t.Fatal(err)
	}
	last := f.Calls()[len(f.Calls())-1]
	if last.Method != "PUT" || last.Path != "/2/tweets/"+id(1)+"/hidden" || string(last.Body) != `{"hidden":true}` || last.Header.Get("Authorization") != "Bearer user-token" {
		t.Errorf("hide call %+v", last)
	}
	if tw, _ := f.Tweet(id(1)); !tw.Hidden {
		t.Error("not hidden")
	}
	if err := c.Unhide(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if tw, _ := f.Tweet(id(1)); tw.Hidden {
		t.Error("still hidden")
	}
	r, err := c.Reply(ctx, ref, "Please call us")
	if err != nil || r.ParentID != id(1) {
		t.Fatalf("reply %+v %v", r, err)
	}
	if tw, _ := f.Tweet(r.ObjectID); tw.Text != "Please call us" || tw.InReplyTo != id(1) {
		t.Errorf("reply tweet %+v", tw)
	}
	s, err := c.Fetch(ctx, ref)
	if err != nil || s.Text != "rude reply" || s.Author.Name != "Pat" || s.Ref.ParentID != id(0) || !s.CreatedAt.Equal(clk.Now()) || len(s.Raw) == 0 {
		t.Fatalf("fetch %+v %v", s, err)
	}
	if err := c.Delete(ctx, ref); !errors.Is(err, platform.ErrNotSupported) {
		t.Errorf("delete %v", err)
	}
	if err := c.PrivateReply(ctx, ref, "x"); !errors.Is(err, platform.ErrNotSupported) {
		t.Errorf("private reply %v", err)
	}
	if _, err := c.Fetch(ctx, platform.Ref{ObjectID: "999"}); !errors.Is(err, platform.ErrGone) {
		t.Errorf("fetch missing %v", err)
	}
	if err := c.Hide(ctx, platform.Ref{ObjectID: "999"}); !errors.Is(err, platform.ErrGone) {
		t.Errorf("hide missing %v", err)
	}
	f.Put(platformtest.XTweet{ID: id(2), AuthorID: "77", Text: "not a reply"})
	if err := c.Hide(ctx, platform.Ref{ObjectID: id(2)}); !errors.Is(err, platform.ErrPermission) {
		t.Errorf("hide non-reply %v", err)
	}
	if err := c.Hide(ctx, platform.Ref{ObjectID: "../1"}); err == nil {
		t.Error("hid a bad id")
	}
}

func TestHideRateLimit(t *testing.T) {
	c, f, clk := setup(t)
	f.Put(platformtest.XTweet{ID: id(1), AuthorID: "77", InReplyTo: id(0)})
	ref := platform.Ref{ObjectID: id(1)}
	for i := range 50 {
		if err := c.Hide(t.Context(), ref); err != nil {
			t.Fatalf("hide %d: %v", i, err)
		}
	}
	var rl *platform.RateLimitError
	if err := c.Hide(t.Context(), ref); !errors.As(err, &rl) || !rl.RetryAt.Equal(clk.Now().Add(15*time.Minute)) {
		t.Fatalf("51st hide: %v", err)
	}
	if len(f.Calls()) != 50 {
		t.Errorf("%d calls reached X", len(f.Calls()))
	}
	// Other endpoints have their own windows.
	if _, err := c.Fetch(t.Context(), ref); err != nil {
		t.Errorf("fetch during hide limit: %v", err)
	}
	clk.Add(16 * time.Minute)
	if err := c.Hide(t.Context(), ref); err != nil {
		t.Errorf("after reset: %v", err)
	}
}

func TestErrors(t *testing.T) {
	reset := time.Date(2026, 11, 21, 8, 15, 0, 0, time.UTC)
	tests := []struct {
		name      string
		fault     platformtest.Fault
		want      error
		retryable bool
	}{
		{"server", platformtest.XServerError(), nil, true},
		{"unauthorized", platformtest.XUnauthorized(), platform.ErrAuth, false},
		{"forbidden", platformtest.XForbidden(), platform.ErrPermission, false},
		{"429 v2", platformtest.XTooManyRequests(reset, false), nil, true},
		{"429 old", platformtest.XTooManyRequests(reset, true), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f, _ := setup(t)
			f.Put(platformtest.XTweet{ID: id(1), AuthorID: "77", InReplyTo: id(0), Mentions: true})
			ref := platform.Ref{ObjectID: id(1)}
			for name, act := range map[string]func() error{
				"hide":     func() error { return c.Hide(t.Context(), ref) },
				"reply":    func() error { _, err := c.Reply(t.Context(), ref, "x"); return err },
				"fetch":    func() error { _, err := c.Fetch(t.Context(), ref); return err },
				"mentions": func() error { _, _, err := c.Mentions(t.Context(), ""); return err },
			} {
				c.limits = nil
				f.FailNext(1, tt.fault)
				err := act()
				if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || platform.Retryable(err) != tt.retryable {
					t.Errorf("%s: %v", name, err)
				}
				var rl *platform.RateLimitError
				if errors.As(err, &rl) && !rl.RetryAt.Equal(reset) {
					t.Errorf("%s: RetryAt %v", name, rl.RetryAt)
				}
			}
		})
	}
}

func TestWebhookDelivery(t *testing.T) {
	var got []platform.Event
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			ServeCRC(w, r, consumerSecret)
			return
		}
		body, err := ReadWebhook(r, []byte(consumerSecret))
		if err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		evs, _ := ParseEvents(body)
		got = append(got, evs...)
	}))
	defer srv.Close()
	_, f, clk := setup(t)
	if err := f.SendCRC(t.Context(), srv.URL, consumerSecret, "9b4507b3-9040-4669-9ca3-6b94edb50553"); err != nil {
		t.Fatal(err)
	}
	if err := f.SendCRC(t.Context(), srv.URL, "other secret", "tok"); err == nil {
		t.Error("CRC with another secret passed")
	}
	long := "@OurSurgery this is a long complaint that goes on and on about waiting times, the phone queue, the car park and the receptionist – it is well past 140 characters é"
	body := platformtest.TweetCreateEvents(us, "false",
		platformtest.XTweet{ID: "1861234567890123456", AuthorID: "1498765432109876543", Username: "rtaylor_uk", Name: "R. Taylor", Text: long, Created: clk.Now(), InReplyTo: "1861234567890000001"},
		platformtest.XTweet{ID: "1861234567890123457", AuthorID: us, Text: "our own reply", Created: clk.Now()})
	if st, err := f.SendWebhook(t.Context(), srv.URL, body, platformtest.SendOptions{Secret: consumerSecret, Times: 2}); err != nil || st[0] != 200 {
		t.Fatalf("%v %v", st, err)
	}
	if st, _ := f.SendWebhook(t.Context(), srv.URL, body, platformtest.SendOptions{Secret: consumerSecret, BadSignature: true}); st[0] != http.StatusUnauthorized {
		t.Errorf("bad signature %v", st)
	}
	if len(got) != 2 || got[0].Post.Text != long || got[0].Ref.ParentID != "1861234567890000001" || got[0].DedupeKey != got[1].DedupeKey {
		t.Errorf("events %+v", got)
	}
}

// TestLateAnswerKeepsWindowClosed checks that a success answered before a
// 429 but read after it does not reopen the window the 429 closed.
func TestLateAnswerKeepsWindowClosed(t *testing.T) {
	now := time.Unix(1763712000, 0)
	reset := strconv.FormatInt(now.Add(time.Minute).Unix(), 10)
	release := make(chan struct{})
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 { // sent before the limit was reached, answered late
			<-release
			w.Header().Set("x-rate-limit-remaining", "10")
			w.Header().Set("x-rate-limit-reset", strconv.FormatInt(now.Add(15*time.Minute).Unix(), 10))
			w.Write([]byte(`{"data":{"hidden":true}}`))
			return
		}
		w.Header().Set("x-rate-limit-remaining", "0")
		w.Header().Set("x-rate-limit-reset", reset)
		w.WriteHeader(429)
		w.Write([]byte(`{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`))
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, Token: "t", UserID: "1", Now: func() time.Time { return now }}
	ref := platform.Ref{ObjectID: id(1)}
	first := make(chan error, 1)
	go func() { first <- c.Hide(t.Context(), ref) }()
	for {
		mu.Lock()
		n := calls
		mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	var rl *platform.RateLimitError
	if err := c.Hide(t.Context(), ref); !errors.As(err, &rl) {
		t.Fatalf("second hide: %v", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatalf("the late hide: %v", err)
	}
	if err := c.Hide(t.Context(), ref); !errors.As(err, &rl) || rl.RetryAt.Unix() != now.Add(time.Minute).Unix() {
		t.Fatalf("a hide before the announced reset: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 2 {
		t.Errorf("%d calls reached X, want 2", calls)
	}
}
