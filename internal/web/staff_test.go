package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/examples"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// fakeQueue records the jobs staff actions add.
type fakeQueue struct {
	mu   sync.Mutex
	jobs []queue.Job
}

var _ queue.Queue = (*fakeQueue)(nil)

func (q *fakeQueue) InsertTx(_ context.Context, _ queue.Tx, j queue.Job) (int64, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs = append(q.jobs, j)
	return int64(len(q.jobs)), nil
}
func (q *fakeQueue) Start(context.Context) error { return nil }
func (q *fakeQueue) Stop(context.Context) error  { return nil }

func (q *fakeQueue) kinds() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []string
	for _, j := range q.jobs {
		out = append(out, j.Kind)
	}
	return out
}

// staffEnv is a server with the staff pages on a real SQLite store: two
// practices (ashgrove, the demo practice, and quorn), a user of every
// role at ashgrove and a reception user at quorn, all with password
// "secret".
type staffEnv struct {
	*testServer
	db    *sqlite.DB  // nil when st is another store
	st    store.Store // the store the server uses
	queue *fakeQueue
	users map[string]store.User // by email
	now   time.Time
	seq   int
}

// staffNow is the tests' clock: a Monday morning, surgery open.
var staffNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func newStaffEnv(t *testing.T, mod func(*Staff)) *staffEnv {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "staff.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := newStaffEnvOn(t, db, mod)
	e.db = db
	return e
}

// newStaffEnvOn is newStaffEnv on the empty store db (PostgreSQL's, say).
func newStaffEnvOn(t *testing.T, db store.Store, mod func(*Staff)) *staffEnv {
	t.Helper()
	ctx := t.Context()
	demo, err := examples.FS.ReadFile("demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	quorn, err := examples.FS.ReadFile("quorn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.Practice{{ID: "ashgrove", Name: "Ashgrove Surgery", Profile: demo}, {ID: "quorn", Name: "Quorn", Profile: quorn}} {
		if err := db.CreatePractice(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	e := &staffEnv{st: db, queue: &fakeQueue{}, users: map[string]store.User{}, now: staffNow}
	hash, err := HashPassword("secret", cheap)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []store.User{
		{Email: "reception@ashgrove", Role: store.RoleReception, Practices: []string{"ashgrove"}},
		{Email: "manager@ashgrove", Role: store.RolePracticeManager, Practices: []string{"ashgrove"}},
		{Email: "ig@ashgrove", Role: store.RoleIGLead, Practices: []string{"ashgrove"}},
		{Email: "admin@pagekeeper", Role: store.RoleAdmin},
		{Email: "reception@quorn", Role: store.RoleReception, Practices: []string{"quorn"}},
	} {
		u.PasswordHash, u.CreatedAt = hash, staffNow
		if err := db.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		e.users[u.Email] = u
	}
	st := &Staff{Store: db, Queue: e.queue, HTTPS: true, Passwords: cheap}
	if mod != nil {
		mod(st)
	}
	e.testServer = newTestServer(t, func(c *Config) {
		c.Staff = st
		c.Now = func() time.Time { return e.now }
	})
	return e
}

// client is a browser signed in (or not) to a staffEnv.
type client struct {
	e      *staffEnv
	cookie *http.Cookie
}

// anon returns a client that is not signed in.
func (e *staffEnv) anon() *client { return &client{e: e} }

// login signs email in with password "secret" and returns the client.
func (e *staffEnv) login(t *testing.T, email string) *client {
	t.Helper()
	c := e.anon()
	rec := c.post("/login", url.Values{"email": {email}, "password": {"secret"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("signing in as %s: status %d: %s", email, rec.Code, rec.Body)
	}
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == cookieSecure {
			c.cookie = ck
		}
	}
	if c.cookie == nil {
		t.Fatalf("signing in as %s set no %s cookie", email, cookieSecure)
	}
	return c
}

func (c *client) do(req *http.Request) *httptest.ResponseRecorder {
	if c.cookie != nil {
		req.AddCookie(&http.Cookie{Name: c.cookie.Name, Value: c.cookie.Value})
	}
	rec := httptest.NewRecorder()
	c.e.ServeHTTP(rec, req)
	return rec
}

// get fetches path as the client's browser would.
func (c *client) get(path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", "https://pagekeeper.example"+path, nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// post submits a form from one of Pagekeeper's own pages.
func (c *client) post(path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "https://pagekeeper.example"+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", "https://pagekeeper.example")
	return c.do(req)
}

// seedPost stores a post at practice with a decision finding cat over the
// span of evidence in text, the given actions, and the post's status.
func (e *staffEnv) seedPost(t *testing.T, practice, text, evidence string, cat moderation.Category, status store.PostStatus, kinds ...moderation.ActionKind) store.Post {
	t.Helper()
	ctx := t.Context()
	e.seq++
	p := store.PostFromDomain(moderation.Post{PracticeID: practice, Channel: moderation.Facebook,
		ExternalID: "c" + string(rune('a'+e.seq)), Text: text,
		Author: moderation.Author{ID: "author-1", Name: "Sam Patient"}}, nil, e.now.Add(-2*time.Hour))
	if err := e.st.InsertPost(ctx, &p); err != nil {
		t.Fatal(err)
	}
	d := store.Decision{PracticeID: practice, PostID: p.ID, DecidedBy: store.DecidedByAuto, DecidedAt: p.ReceivedAt}
	if cat != "" {
		start := strings.Index(text, evidence)
		d.Labels = []moderation.Category{cat}
		d.Findings = []moderation.Finding{{Category: cat, Clause: cat.Clause(), Start: start, End: start + len(evidence),
			Score: 0.9, Reason: "the test says so"}}
	}
	if err := e.st.InsertDecision(ctx, &d); err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		a := store.ActionFromDomain(d, moderation.Action{Kind: k, Category: cat}, p.ReceivedAt)
		a.State = store.ActionDone
		if k == moderation.ActionHold {
			a.State = store.ActionPending
		}
		if err := e.st.InsertAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	if status != "" && status != store.StatusVisible {
		if err := e.st.SetPostStatus(ctx, practice, p.ID, status); err != nil {
			t.Fatal(err)
		}
		p.Status = status
	}
	return p
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
