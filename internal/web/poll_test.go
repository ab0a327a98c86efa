package web

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
	"github.com/pagekeeper/pagekeeper/internal/platform/wordpress"
	"github.com/pagekeeper/pagekeeper/internal/platform/x"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func openStore(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.CreatePractice(t.Context(), &store.Practice{ID: "ashgrove", Name: "Ashgrove"}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestXPollerKeepsSinceID(t *testing.T) {
	db := openStore(t)
	fx := platformtest.NewFakeX(testXUser, nil)
	t.Cleanup(fx.Close)
	put := func(id, text string) {
		fx.Put(platformtest.XTweet{ID: id, AuthorID: "1498765432109876543", Username: "rt", Text: text, Created: time.Now(), Mentions: true, InReplyTo: "1861234567890000000"})
	}
	put("1861234567890123456", "@OurSurgery no answer on the phone since 8am")
	in := &fakeIngester{}
	p := &Poller{Name: "x.since_id", Practice: "ashgrove", Fetch: XMentions(&x.Client{BaseURL: fx.URL, UserID: testXUser}), Cursors: db, Ingester: in}
	if n, err := p.Poll(t.Context()); err != nil || n != 1 {
		t.Fatalf("first poll = %d, %v", n, err)
	}
	if cur, _ := db.Cursor(t.Context(), "ashgrove", "x.since_id"); cur != "1861234567890123456" {
		t.Errorf("cursor %q after the first poll", cur)
	}
	put("1861234567890123999", "@OurSurgery thanks for sorting my prescription")
	if n, err := p.Poll(t.Context()); err != nil || n != 1 {
		t.Fatalf("second poll = %d, %v (since_id should skip the first mention)", n, err)
	}
	calls := fx.Calls()
	if q := calls[len(calls)-1].Query.Get("since_id"); q != "1861234567890123456" {
		t.Errorf("second poll sent since_id %q", q)
	}
	if n := len(in.events()); n != 2 {
		t.Errorf("ingested %d, want 2", n)
	}
}

func TestWordPressPollerKeepsAfter(t *testing.T) {
	db := openStore(t)
	wp := platformtest.NewFakeWordPress("bot", "pw", nil)
	t.Cleanup(wp.Close)
	wp.Put(platformtest.WPComment{ID: 4821, Post: 312, AuthorName: "J Smith", Content: "Can I get my prescription?", Date: time.Date(2026, 11, 21, 8, 12, 44, 0, time.UTC), Status: "hold"})
	in := &fakeIngester{}
	p := &Poller{Name: "wordpress.after", Practice: "ashgrove", Cursors: db, Ingester: in,
		Fetch: WordPressComments(&wordpress.Client{BaseURL: wp.URL, User: "bot", AppPassword: "pw", SiteID: "ashgrove"})}
	if n, err := p.Poll(t.Context()); err != nil || n != 1 {
		t.Fatalf("poll = %d, %v", n, err)
	}
	if cur, _ := db.Cursor(t.Context(), "ashgrove", "wordpress.after"); cur != "2026-11-21T08:12:44Z" {
		t.Errorf("cursor %q", cur)
	}
	if _, err := p.Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(in.events()); n != 1 {
		t.Errorf("ingested %d after two polls, want 1 (the repeat is a duplicate)", n)
	}
}

// scripted is a Fetch that answers from a list.
type scripted struct {
	mu      sync.Mutex
	answers []answer
	calls   int
}

type answer struct {
	events []platform.Event
	next   string
	err    error
}

func (s *scripted) fetch(_ context.Context, cur string) ([]platform.Event, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if len(s.answers) == 0 {
		return nil, cur, nil
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	return a.events, a.next, a.err
}

func ev(id string) platform.Event {
	return platform.Event{Kind: platform.Added, Ref: platform.Ref{Channel: moderation.X, ObjectID: id}, DedupeKey: "x:" + id + ":add"}
}

func TestPollerFailures(t *testing.T) {
	tests := []struct {
		name       string
		answer     answer
		ingestErr  error
		wantCursor string
		wantEvents int
	}{
		{"partial read ingests what came, keeps the cursor", answer{[]platform.Event{ev("2")}, "", errors.New("page 2 failed")}, nil, "1", 1},
		{"ingest failure keeps the cursor", answer{[]platform.Event{ev("2")}, "2", nil}, errStore, "1", 0},
		{"success advances", answer{[]platform.Event{ev("2")}, "2", nil}, nil, "2", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openStore(t)
			db.SetCursor(t.Context(), "ashgrove", "k", "1")
			in := &fakeIngester{err: tt.ingestErr}
			s := &scripted{answers: []answer{tt.answer}}
			p := &Poller{Name: "k", Practice: "ashgrove", Fetch: s.fetch, Cursors: db, Ingester: in}
			p.Poll(t.Context())
			if cur, _ := db.Cursor(t.Context(), "ashgrove", "k"); cur != tt.wantCursor {
				t.Errorf("cursor %q, want %q", cur, tt.wantCursor)
			}
			if n := len(in.events()); n != tt.wantEvents {
				t.Errorf("ingested %d, want %d", n, tt.wantEvents)
			}
		})
	}
}

// startPolling runs the pollers' periodic jobs on a queue on db.
func startPolling(t *testing.T, db *sqlite.DB, pollers ...*Poller) {
	t.Helper()
	ps, h, err := PollJobs(pollers)
	if err != nil {
		t.Fatal(err)
	}
	q, err := queue.NewSQLite(db.SQL(), queue.Config{Handlers: map[string]queue.Handler{JobPoll: h}, Periodic: ps,
		PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Stop(context.Background()) })
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// waitCalls waits until s has been fetched n times.
func waitCalls(t *testing.T, s *scripted, n int) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); s.count() < n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d fetches after 15s, want %d", s.count(), n)
		}
	}
}

func TestPollJobsPollOnIntervalAndIngest(t *testing.T) {
	db := openStore(t)
	s := &scripted{answers: []answer{{[]platform.Event{ev("1")}, "1", nil}, {[]platform.Event{ev("2")}, "2", nil}}}
	in := &fakeIngester{}
	startPolling(t, db, &Poller{Name: "k", Practice: "ashgrove", Fetch: s.fetch, Cursors: db, Ingester: in, Interval: time.Second})
	waitCalls(t, s, 3)
	if n := len(in.events()); n != 2 {
		t.Errorf("ingested %d events, want 2", n)
	}
	if cur, _ := db.Cursor(t.Context(), "ashgrove", "k"); cur != "2" {
		t.Errorf("cursor %q after the polls, want 2", cur)
	}
}

func TestPollJobsHonourRetryAt(t *testing.T) {
	db := openStore(t)
	s := &scripted{answers: []answer{{err: &platform.RateLimitError{RetryAt: time.Now().Add(time.Hour)}}}}
	startPolling(t, db, &Poller{Name: "k", Practice: "ashgrove", Fetch: s.fetch, Cursors: db, Ingester: &fakeIngester{}, Interval: time.Second})
	waitCalls(t, s, 1)
	time.Sleep(3 * time.Second) // three periods
	if n := s.count(); n != 1 {
		t.Errorf("%d fetches in 3s after a rate limit until an hour later, want 1", n)
	}
}

func TestPollJobsRejectBadPollers(t *testing.T) {
	db := openStore(t)
	good := func() *Poller {
		return &Poller{Name: "k", Practice: "ashgrove", Fetch: (&scripted{}).fetch, Cursors: db, Ingester: &fakeIngester{}}
	}
	if _, _, err := PollJobs([]*Poller{good(), good()}); err == nil {
		t.Error("two pollers with one name for one practice were accepted")
	}
	noName := good()
	noName.Name = ""
	if _, _, err := PollJobs([]*Poller{noName}); err == nil {
		t.Error("a poller without a name was accepted")
	}
	ps, h, err := PollJobs([]*Poller{good()})
	if err != nil || len(ps) != 1 || ps[0].Every != time.Minute || !ps[0].RunOnStart {
		t.Fatalf("PollJobs = %+v, %v; want one job every minute, run on start", ps, err)
	}
	if err := h(t.Context(), queue.Running{ID: 1, Payload: []byte(`{"practice":"ashgrove","poller":"other"}`)}); err == nil {
		t.Error("a job naming an unknown poller succeeded")
	}
}
