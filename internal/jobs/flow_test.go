package jobs_test

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/facebook"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

const (
	practiceID = "roxbourne"
	pageID     = "104729381122334"
	fbPostID   = pageID + "_998877665544332"
)

func testProfile() *profile.Profile {
	return &profile.Profile{
		Name:  "Roxbourne Medical Centre",
		Links: profile.Links{Reviews: "https://www.nhs.uk/services/gp-surgery/roxbourne/E00000", Complaints: "https://roxbourne.example/complaints", Contact: "https://roxbourne.example/contact"},
		Policy: map[moderation.Category]*profile.Rule{
			moderation.Harassment: {Actions: []moderation.ActionKind{moderation.ActionHide, moderation.ActionEscalate}, EscalateTo: "practice_manager", ReviewBelow: 0.8},
		},
		Shadow: []string{"review"},
	}
}

// stubJudge finds categories by key phrase, so these tests do not depend
// on the detectors' models (tested in their own packages).
func stubJudge(text string, _ moderation.Channel) []moderation.Finding {
	rules := []struct {
		phrase string
		cat    moderation.Category
		score  float64
	}{
		{"idiot", moderation.Harassment, 0.95},
		{"bloody", moderation.Obscene, 0.95},
		{"hurt myself", moderation.Safeguarding, 0.9},
		{"great practice", moderation.Review, 0.9},
		{"Dr Hill", moderation.StaffIdentified, 0.9},
	}
	var out []moderation.Finding
	for _, r := range rules {
		if i := strings.Index(text, r.phrase); i >= 0 {
			out = append(out, moderation.Finding{Category: r.cat, Clause: r.cat.Clause(), Start: i, End: i + len(r.phrase), Score: r.score, Reason: "test rule"})
		}
	}
	return out
}

// notes is a Notifier that records what it is told.
type notes struct {
	mu   sync.Mutex
	msgs []jobs.Message
}

func (n *notes) Notify(_ context.Context, m jobs.Message) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.msgs = append(n.msgs, m)
	return nil
}

func (n *notes) to(role string) []jobs.Message {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []jobs.Message
	for _, m := range n.msgs {
		if m.Role == role {
			out = append(out, m)
		}
	}
	return out
}

// connector serves one platform for Facebook.
type connector struct{ p jobs.Platform }

func (c connector) Platform(_ string, ch string) (jobs.Platform, error) {
	if ch != string(moderation.Facebook) {
		return nil, fmt.Errorf("no %s account", ch)
	}
	return c.p, nil
}

// env is a practice's whole pipeline on one SQLite file: triage, the River
// queue, the workers and a fake Graph API behind the real facebook client.
type env struct {
	path   string
	graph  *platformtest.FakeGraph
	notes  *notes
	db     *sqlite.DB
	q      *queue.River[*sql.Tx]
	svc    *triage.Service
	fb     *facebook.Client
	wrap   func(jobs.Platform) jobs.Platform // wraps the platform the workers see
	maxTry int
	// poll is River's poll interval; 50 ms when zero.
	poll time.Duration
	// fast, when set, gives triage a Dispatcher with this configuration
	// (the fast path), started by open and stopped at the test's end.
	fast *jobs.DispatchConfig
	// noDispatch, with fast, gives triage a dispatcher that takes nothing,
	// as if the process died right after every commit.
	noDispatch bool
	w          *jobs.Workers
	d          *jobs.Dispatcher
	lease      time.Duration // the workers' Lease; their default when zero
}

func newEnv(t *testing.T, mods ...func(*env)) *env {
	t.Helper()
	e := &env{path: filepath.Join(t.TempDir(), "pk.db"), notes: &notes{}, maxTry: 3}
	e.graph = platformtest.NewFakeGraph(nil)
	e.graph.Token = "page-token"
	t.Cleanup(e.graph.Close)
	for _, m := range mods {
		m(e)
	}
	e.fb = &facebook.Client{PageID: pageID, Graph: &meta.Client{BaseURL: e.graph.URL, Token: "page-token", HTTP: e.graph.Client()}}
	e.open(t)
	if err := e.db.CreatePractice(t.Context(), &store.Practice{ID: practiceID, Name: "Roxbourne", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return e
}

// open opens the store and a new queue client and service on e.path.
func (e *env) open(t *testing.T) {
	t.Helper()
	db, err := sqlite.Open(t.Context(), e.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var p jobs.Platform = e.fb
	if e.wrap != nil {
		p = e.wrap(p)
	}
	w, err := jobs.New(jobs.Config{Store: db, Connector: connector{p}, Notifier: e.notes, Lease: e.lease})
	if err != nil {
		t.Fatal(err)
	}
	q, err := queue.NewSQLite(db.SQL(), queue.Config{Handlers: w.Handlers(), OnDead: w.OnDead, MaxAttempts: e.maxTry,
		Backoff: func(int) time.Duration { return 10 * time.Millisecond }, PollInterval: cmp.Or(e.poll, 50*time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	var disp triage.Dispatcher
	e.d = nil
	switch {
	case e.fast != nil && e.noDispatch:
		disp = dropAll{}
	case e.fast != nil:
		e.d = w.NewDispatcher(q, *e.fast)
		d := e.d
		t.Cleanup(func() { d.Stop(context.Background()) }) // before the store closes
		disp = d
	}
	svc, err := triage.New(triage.Config{Store: db, Queue: q, Practices: triage.Static{practiceID: {Profile: testProfile(), Judge: stubJudge}},
		Dispatcher: disp})
	if err != nil {
		t.Fatal(err)
	}
	e.db, e.q, e.svc, e.w = db, q, svc, w
}

func (e *env) start(t *testing.T) {
	t.Helper()
	q := e.q
	if err := q.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.Stop(ctx)
	})
}

var commentSeq int

// comment puts a comment on the fake page and returns the event Meta's
// webhook would bring for it, parsed by the real parser.
func (e *env) comment(t *testing.T, text string, created time.Time) platform.Event {
	t.Helper()
	commentSeq++
	id := fmt.Sprintf("998877665544332_%016d", 1122334455660000+commentSeq)
	e.graph.Put(platformtest.GraphObject{ID: id, Text: text, FromID: "7712345098765432", FromName: "Sam Patient", Created: created,
		PostID: fbPostID, ParentID: fbPostID, Permalink: "https://www.facebook.com/" + pageID + "/posts/pfbid0abc?comment_id=" + id})
	body := platformtest.FeedWebhook(platformtest.FeedEntry{PageID: pageID, Time: created.Unix(), Changes: []platformtest.FeedChange{{
		Item: "comment", Verb: "add", PostID: fbPostID, CommentID: id, FromID: "7712345098765432", FromName: "Sam Patient",
		Message: text, CreatedTime: created.Unix()}}})
	evs, err := facebook.ParseFeed(body)
	if err != nil || len(evs) != 1 {
		t.Fatalf("ParseFeed: %v, %d events", err, len(evs))
	}
	return evs[0]
}

func (e *env) ingest(t *testing.T, ev platform.Event) triage.Result {
	t.Helper()
	res, err := e.svc.Ingest(t.Context(), practiceID, ev)
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	return res
}

// calls returns the fake's calls of method on the event's object (and
// its messages endpoint, for POST).
func (e *env) calls(method, objectID string) []platformtest.Call {
	var out []platformtest.Call
	for _, c := range e.graph.Calls() {
		if c.Method == method && c.Path == "/"+objectID {
			out = append(out, c)
		}
	}
	return out
}

func (e *env) hides(objectID string) int {
	n := 0
	for _, c := range e.calls(http.MethodPost, objectID) {
		if c.Form.Get("is_hidden") == "true" {
			n++
		}
	}
	return n
}

func (e *env) actions(t *testing.T, postID int64) []store.Action {
	t.Helper()
	as, err := e.db.ActionsForPost(t.Context(), practiceID, postID)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func (e *env) action(t *testing.T, postID int64, kind moderation.ActionKind) store.Action {
	t.Helper()
	for _, a := range e.actions(t, postID) {
		if a.Kind == kind {
			return a
		}
	}
	t.Fatalf("post %d has no %s action", postID, kind)
	return store.Action{}
}

// settled waits until every action of the post is final.
func (e *env) settled(t *testing.T, postID int64) []store.Action {
	t.Helper()
	var as []store.Action
	eventually(t, fmt.Sprintf("post %d's actions to finish", postID), func() bool {
		as = e.actions(t, postID)
		for _, a := range as {
			if !a.State.Final() && !(a.Kind == moderation.ActionHold && a.State == store.ActionPending) {
				return false
			}
		}
		return true
	})
	return as
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// quiet gives a wrongly scheduled extra run time to happen.
func quiet() { time.Sleep(400 * time.Millisecond) }

func states(as []store.Action) map[moderation.ActionKind]store.ActionState {
	m := map[moderation.ActionKind]store.ActionState{}
	for _, a := range as {
		m[a.Kind] = a.State
	}
	return m
}

func verifyAudit(t *testing.T, db store.Store) []store.AuditEntry {
	t.Helper()
	if _, err := audit.Verify(t.Context(), db, practiceID); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
	es, err := db.AuditEntries(t.Context(), practiceID, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestAbusiveCommentIsHidden(t *testing.T) {
	e := newEnv(t)
	e.start(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	res := e.ingest(t, ev)
	as := e.settled(t, res.PostID)
	if got := states(as); got[moderation.ActionHide] != store.ActionDone || got[moderation.ActionEscalate] != store.ActionDone {
		t.Errorf("action states %v", got)
	}
	if n := e.hides(ev.Ref.ObjectID); n != 1 {
		t.Errorf("%d hide calls, want 1", n)
	}
	if o, _ := e.graph.Object(ev.Ref.ObjectID); !o.Hidden {
		t.Error("the comment is not hidden on the platform")
	}
	if p, _ := e.db.Post(t.Context(), practiceID, res.PostID); p.Status != store.StatusHidden {
		t.Errorf("post status %q", p.Status)
	}
	ds, err := e.db.DecisionsForPost(t.Context(), practiceID, res.PostID)
	if err != nil || len(ds) != 1 || len(ds[0].Findings) != 1 {
		t.Fatalf("decisions %+v, %v", ds, err)
	}
	if f := ds[0].Findings[0]; f.Clause != moderation.ClauseConduct || f.Start != 11 || f.End != 16 {
		t.Errorf("finding %+v, want clause 4 over \"idiot\"", f)
	}
	pm := e.notes.to("practice_manager")
	if len(pm) != 1 || pm[0].Urgent || pm[0].Link != jobs.PostLink(res.PostID) || strings.Contains(pm[0].Subject+pm[0].Body, "idiot") {
		t.Errorf("escalation %+v", pm)
	}
	var kinds []store.AuditKind
	for _, en := range verifyAudit(t, e.db) {
		kinds = append(kinds, en.Kind)
		if strings.Contains(string(en.Detail), "idiot") {
			t.Errorf("audit detail carries patient text: %s", en.Detail)
		}
	}
	for _, k := range []store.AuditKind{store.AuditReceived, store.AuditJudged, store.AuditDecided, store.AuditActed, store.AuditEscalated} {
		if !slices.Contains(kinds, k) {
			t.Errorf("no %s audit entry in %v", k, kinds)
		}
	}
}

func TestRedeliveredEventActsOnce(t *testing.T) {
	e := newEnv(t)
	e.start(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	var postID int64
	for i := range 3 {
		res := e.ingest(t, ev)
		if (i > 0) != res.Duplicate {
			t.Errorf("delivery %d: duplicate = %v", i+1, res.Duplicate)
		}
		if i == 0 {
			postID = res.PostID
		}
	}
	e.settled(t, postID)
	quiet()
	if ds, _ := e.db.DecisionsForPost(t.Context(), practiceID, postID); len(ds) != 1 {
		t.Errorf("%d decisions, want 1", len(ds))
	}
	if n := e.hides(ev.Ref.ObjectID); n != 1 {
		t.Errorf("%d hide calls, want 1", n)
	}
	if n := len(e.notes.to("practice_manager")); n != 1 {
		t.Errorf("%d escalations, want 1", n)
	}
}

func TestShadowCategoryCallsNothing(t *testing.T) {
	e := newEnv(t)
	e.start(t)
	ev := e.comment(t, "What a great practice", time.Now())
	res := e.ingest(t, ev)
	quiet()
	if got := states(e.actions(t, res.PostID)); len(got) != 1 || got[moderation.ActionReply] != store.ActionShadow {
		t.Errorf("actions %v, want one shadow reply", got)
	}
	if n := len(e.graph.Calls()); n != 0 {
		t.Errorf("%d calls to the platform in shadow mode", n)
	}
}

func TestSafeguardingEscalatesAndIsNeverRemoved(t *testing.T) {
	e := newEnv(t)
	e.start(t)
	ev := e.comment(t, "You idiot doctors, I want to hurt myself tonight", time.Now())
	res := e.ingest(t, ev)
	e.settled(t, res.PostID)
	lead := e.notes.to("safeguarding_lead")
	if len(lead) != 1 || !lead[0].Urgent || lead[0].Link != jobs.PostLink(res.PostID) || strings.Contains(lead[0].Subject+lead[0].Body, "hurt myself") {
		t.Errorf("safeguarding escalation %+v", lead)
	}
	if msgs := e.graph.Messages(); len(msgs) != 1 || !strings.HasPrefix(msgs[0].Text, "We're concerned") {
		t.Errorf("private replies %+v, want the urgent-help text", msgs)
	}
	quiet()
	for _, c := range e.graph.Calls() {
		if c.Method == http.MethodDelete || c.Form.Get("is_hidden") == "true" {
			t.Errorf("a safeguarding post was removed: %s %s", c.Method, c.Path)
		}
	}
	if p, _ := e.db.Post(t.Context(), practiceID, res.PostID); p.Status != store.StatusVisible {
		t.Errorf("post status %q", p.Status)
	}
}

// TestWorkerRefusesToRemoveSafeguarding is the workers' own lock: a hide or
// delete action on a post decided as safeguarding (however it came to be)
// is skipped, without a platform call.
func TestWorkerRefusesToRemoveSafeguarding(t *testing.T) {
	e := newEnv(t)
	e.start(t)
	ev := e.comment(t, "something", time.Now())
	ctx := t.Context()
	var ids []int64
	err := e.db.WithTx(ctx, func(tx store.TxStore) error {
		p := store.PostFromDomain(ev.Post, ev.Raw, time.Now())
		p.PracticeID = practiceID
		if err := tx.InsertPost(ctx, &p); err != nil {
			return err
		}
		d := store.Decision{PracticeID: practiceID, PostID: p.ID, Labels: []moderation.Category{moderation.Harassment, moderation.Safeguarding},
			DecidedBy: store.DecidedByAuto, DecidedAt: time.Now()}
		if err := tx.InsertDecision(ctx, &d); err != nil {
			return err
		}
		for _, k := range []moderation.ActionKind{moderation.ActionHide, moderation.ActionDelete} {
			a := store.ActionFromDomain(d, moderation.Action{Kind: k, Category: moderation.Harassment}, time.Now())
			if err := tx.InsertAction(ctx, &a); err != nil {
				return err
			}
			if _, err := e.q.InsertTx(ctx, tx, jobs.JobFor(a)); err != nil {
				return err
			}
			ids = append(ids, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range e.settled(t, ids[0]) {
		if a.State != store.ActionSkipped || !strings.Contains(a.LastError, "at risk") {
			t.Errorf("%s: %s (%q), want skipped", a.Kind, a.State, a.LastError)
		}
	}
	if n := len(e.graph.Calls()); n != 0 {
		t.Errorf("%d platform calls for a safeguarding post", n)
	}
}

// evidenceFirst checks, when Delete is called, that the post's evidence is
// already committed.
type evidenceFirst struct {
	jobs.Platform
	db       func() store.Store
	mu       sync.Mutex
	deletes  int
	withProv int
}

func (p *evidenceFirst) Delete(ctx context.Context, ref platform.Ref) error {
	post, err := p.db().PostByExternalID(ctx, practiceID, ref.Channel, ref.ObjectID)
	if err == nil {
		ev, _ := p.db().EvidenceForPost(ctx, practiceID, post.ID)
		p.mu.Lock()
		p.deletes++
		if len(ev) > 0 {
			p.withProv++
		}
		p.mu.Unlock()
	}
	return p.Platform.Delete(ctx, ref)
}

func TestDeleteKeepsEvidenceFirst(t *testing.T) {
	var e *env
	check := &evidenceFirst{db: func() store.Store { return e.db }}
	e = newEnv(t, func(e *env) {
		e.wrap = func(p jobs.Platform) jobs.Platform { check.Platform = p; return check }
	})
	e.start(t)
	ev := e.comment(t, "This bloody place", time.Now())
	res := e.ingest(t, ev)
	as := e.settled(t, res.PostID)
	if got := states(as); got[moderation.ActionDelete] != store.ActionDone || got[moderation.ActionHide] != store.ActionDone || got[moderation.ActionReport] != store.ActionDone {
		t.Fatalf("action states %v", got)
	}
	evs, err := e.db.EvidenceForPost(t.Context(), practiceID, res.PostID)
	if err != nil || len(evs) != 1 {
		t.Fatalf("evidence %+v, %v", evs, err)
	}
	got := evs[0]
	if !got.Intact() || got.Text != "This bloody place" || got.AuthorName != "Sam Patient" || got.Permalink == "" ||
		string(got.Raw) != string(ev.Raw) || !strings.Contains(string(got.Fresh), `"Text":"This bloody place"`) {
		t.Errorf("evidence %+v", got)
	}
	dels := e.calls(http.MethodDelete, ev.Ref.ObjectID)
	gets := e.calls(http.MethodGet, ev.Ref.ObjectID)
	if len(dels) != 1 || len(gets) != 1 {
		t.Fatalf("%d deletes and %d reads, want 1 each", len(dels), len(gets))
	}
	if !got.CapturedAt.Before(dels[0].Time) || gets[0].Time.After(dels[0].Time) {
		t.Errorf("evidence at %v, read at %v, DELETE at %v: evidence must come first", got.CapturedAt, gets[0].Time, dels[0].Time)
	}
	if check.deletes != 1 || check.withProv != 1 {
		t.Errorf("%d deletes, %d with evidence already stored", check.deletes, check.withProv)
	}
	if p, _ := e.db.Post(t.Context(), practiceID, res.PostID); p.Status != store.StatusDeleted {
		t.Errorf("post status %q", p.Status)
	}
	var kinds []store.AuditKind
	for _, en := range verifyAudit(t, e.db) {
		kinds = append(kinds, en.Kind)
	}
	if !slices.Contains(kinds, store.AuditEvidenceKept) {
		t.Errorf("no evidence_kept in %v", kinds)
	}
}

func TestDeleteOfGonePostKeepsStoredEvidence(t *testing.T) {
	e := newEnv(t)
	ev := e.comment(t, "This bloody place", time.Now())
	o, _ := e.graph.Object(ev.Ref.ObjectID)
	o.Deleted = true // its author deleted it before we got to it
	e.graph.Put(o)
	e.start(t)
	res := e.ingest(t, ev)
	as := e.settled(t, res.PostID)
	if got := states(as); got[moderation.ActionDelete] != store.ActionDone {
		t.Errorf("delete %v, want done", got)
	}
	evs, _ := e.db.EvidenceForPost(t.Context(), practiceID, res.PostID)
	if len(evs) != 1 || evs[0].Text != "This bloody place" || len(evs[0].Fresh) != 0 || string(evs[0].Raw) != string(ev.Raw) || !evs[0].Intact() {
		t.Errorf("evidence %+v", evs)
	}
	if n := len(e.calls(http.MethodDelete, ev.Ref.ObjectID)); n != 0 {
		t.Errorf("%d DELETE calls for a post already gone", n)
	}
	if p, _ := e.db.Post(t.Context(), practiceID, res.PostID); p.Status != store.StatusDeleted {
		t.Errorf("post status %q", p.Status)
	}
}

func TestRateLimitWaitsUntilRetryAt(t *testing.T) {
	// The fake says access is back in 0.7 s (a fraction of a minute).
	e := newEnv(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	e.graph.FailNext(1, platformtest.GraphRateLimitUntil(32, time.Now(), 700*time.Millisecond))
	e.start(t)
	res := e.ingest(t, ev)
	as := e.settled(t, res.PostID)
	if got := states(as); got[moderation.ActionHide] != store.ActionDone {
		t.Fatalf("action states %v", got)
	}
	calls := e.calls(http.MethodPost, ev.Ref.ObjectID)
	if len(calls) != 2 {
		t.Fatalf("%d hide calls, want the limited one and one after", len(calls))
	}
	if d := calls[1].Time.Sub(calls[0].Time); d < 600*time.Millisecond {
		t.Errorf("hide retried %v after the rate limit, before RetryAt", d)
	}
	var limited int
	for _, en := range verifyAudit(t, e.db) {
		if en.Kind == store.AuditFailed && strings.Contains(string(en.Detail), `"error":"rate_limited"`) {
			limited++
		}
	}
	if limited != 1 {
		t.Errorf("%d rate_limited failures in the audit log, want 1", limited)
	}
}

func TestExpiredTokenStopsAndTellsTheManagerOnce(t *testing.T) {
	e := newEnv(t)
	e.graph.FailFraction(1, platformtest.GraphExpiredToken(), 1)
	e.start(t)
	var posts []int64
	var objs []string
	for _, text := range []string{"You are an idiot", "Another idiot post"} {
		ev := e.comment(t, text, time.Now())
		posts = append(posts, e.ingest(t, ev).PostID)
		objs = append(objs, ev.Ref.ObjectID)
	}
	for _, id := range posts {
		a := e.settled(t, id)
		if got := states(a); got[moderation.ActionHide] != store.ActionDead {
			t.Errorf("post %d: %v, want the hide dead", id, got)
		}
	}
	quiet()
	for _, o := range objs {
		if n := e.hides(o); n != 1 {
			t.Errorf("%d hide calls for %s: an expired token must not be retried", n, o)
		}
	}
	var reconnect int
	for _, m := range e.notes.to("practice_manager") {
		if strings.Contains(m.Subject, "Reconnect the Facebook page") {
			reconnect++
		} else if strings.Contains(m.Subject, "could not") {
			t.Errorf("a dead-letter notice as well: %q", m.Subject)
		}
	}
	if reconnect != 1 {
		t.Errorf("%d reconnect notices, want 1", reconnect)
	}
	var dead int
	for _, en := range verifyAudit(t, e.db) {
		if en.Kind == store.AuditDeadLettered {
			dead++
		}
	}
	if dead != 2 {
		t.Errorf("%d dead_lettered entries, want 2", dead)
	}
}

func TestFailuresDeadLetterAndTellTheManager(t *testing.T) {
	e := newEnv(t)
	e.graph.FailFraction(1, platformtest.GraphServerError(), 1)
	e.start(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	res := e.ingest(t, ev)
	e.settled(t, res.PostID)
	a := e.action(t, res.PostID, moderation.ActionHide)
	if a.State != store.ActionDead || a.Attempts != 3 || a.LastError == "" {
		t.Errorf("hide %+v, want dead after 3 attempts", a)
	}
	if n := e.hides(ev.Ref.ObjectID); n != 3 {
		t.Errorf("%d hide calls, want 3", n)
	}
	notices := func() int {
		n := 0
		for _, m := range e.notes.to("practice_manager") {
			if strings.Contains(m.Subject, "could not hide post") && m.Link == jobs.PostLink(res.PostID) {
				n++
			}
		}
		return n
	}
	eventually(t, "the dead-letter notice", func() bool { return notices() > 0 })
	quiet()
	if n := notices(); n != 1 {
		t.Errorf("%d dead-letter notices, want 1: %+v", n, e.notes.to("practice_manager"))
	}
}

// lostAnswer sends private replies but loses the platform's answer, as a
// timeout after the request went out would.
type lostAnswer struct{ jobs.Platform }

func (p lostAnswer) PrivateReply(ctx context.Context, ref platform.Ref, text string) error {
	if err := p.Platform.PrivateReply(ctx, ref, text); err != nil {
		return err
	}
	return &platform.TemporaryError{Err: errors.New("reading the answer: i/o timeout")}
}

func TestPrivateReplyIsNotResentAfterALostAnswer(t *testing.T) {
	e := newEnv(t, func(e *env) { e.wrap = func(p jobs.Platform) jobs.Platform { return lostAnswer{p} } })
	e.start(t)
	ev := e.comment(t, "Dr Hill was rude to me", time.Now())
	res := e.ingest(t, ev)
	e.settled(t, res.PostID)
	quiet()
	a := e.action(t, res.PostID, moderation.ActionPrivateReply)
	if a.State != store.ActionDead || !strings.Contains(a.LastError, "may or may not") {
		t.Errorf("private reply %s (%q), want dead for a person to check", a.State, a.LastError)
	}
	if n := len(e.graph.Messages()); n != 1 {
		t.Errorf("%d private replies sent, want exactly 1", n)
	}
	checks := func() int {
		n := 0
		for _, m := range e.notes.to("practice_manager") {
			if strings.Contains(m.Subject, "may or may not have been sent") {
				n++
			}
		}
		return n
	}
	eventually(t, "the notice to check the page", func() bool { return checks() > 0 })
	if n := checks(); n != 1 {
		t.Errorf("%d notices to check the page, want 1", n)
	}
}

func TestPrivateReplyAfterSevenDaysIsSkipped(t *testing.T) {
	e := newEnv(t)
	e.start(t)
	ev := e.comment(t, "Dr Hill was rude to me", time.Now().Add(-8*24*time.Hour))
	res := e.ingest(t, ev)
	e.settled(t, res.PostID)
	a := e.action(t, res.PostID, moderation.ActionPrivateReply)
	if a.State != store.ActionSkipped || !strings.Contains(a.LastError, "7 days") {
		t.Errorf("private reply %s (%q), want skipped", a.State, a.LastError)
	}
	if n := len(e.graph.Messages()); n != 0 {
		t.Errorf("%d private replies sent after the window", n)
	}
	if h := e.action(t, res.PostID, moderation.ActionHide); h.State != store.ActionDone {
		t.Errorf("hide %s", h.State)
	}
}

// TestCrashBeforeWorkersRun ingests while no worker runs, closes the store
// as a crash would leave it, and starts a new process's store and queue on
// the same file: the hide happens exactly once.
func TestCrashBeforeWorkersRun(t *testing.T) {
	e := newEnv(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	res := e.ingest(t, ev)
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(e.graph.Calls()); n != 0 {
		t.Fatalf("%d calls before any worker ran", n)
	}
	e.open(t)
	e.start(t)
	e.settled(t, res.PostID)
	quiet()
	if n := e.hides(ev.Ref.ObjectID); n != 1 {
		t.Errorf("%d hide calls after restart, want 1", n)
	}
	if a := e.action(t, res.PostID, moderation.ActionHide); a.State != store.ActionDone {
		t.Errorf("hide %s", a.State)
	}
	verifyAudit(t, e.db)
}

// TestDoneActionIsNotRepeated runs a job again after its action finished,
// as River does when a process dies between the work and recording the
// job complete.
func TestDoneActionIsNotRepeated(t *testing.T) {
	e := newEnv(t)
	e.start(t)
	ev := e.comment(t, "Dr Hill was rude to me", time.Now())
	res := e.ingest(t, ev)
	e.settled(t, res.PostID)
	before := len(e.graph.Calls())
	for _, a := range e.actions(t, res.PostID) {
		if err := e.db.WithTx(t.Context(), func(tx store.TxStore) error {
			_, err := e.q.InsertTx(t.Context(), tx, jobs.JobFor(a))
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	quiet()
	quiet()
	if after := len(e.graph.Calls()); after != before {
		t.Errorf("%d more platform calls for actions already done", after-before)
	}
	if n := len(e.graph.Messages()); n != 1 {
		t.Errorf("%d private replies, want 1", n)
	}
}

// TestReplyFoundRunningIsNotResent is a reply whose earlier attempt died
// between marking it running and recording the answer: it may have gone,
// so it is dead-lettered for a person, not sent again.
func TestReplyFoundRunningIsNotResent(t *testing.T) {
	e := newEnv(t)
	ev := e.comment(t, "Dr Hill was rude to me", time.Now())
	res := e.ingest(t, ev)
	a := e.action(t, res.PostID, moderation.ActionPrivateReply)
	if err := e.db.UpdateAction(t.Context(), practiceID, a.ID, store.ActionUpdate{State: store.ActionRunning, Attempts: 1}); err != nil {
		t.Fatal(err)
	}
	e.start(t)
	e.settled(t, res.PostID)
	quiet()
	a = e.action(t, res.PostID, moderation.ActionPrivateReply)
	if a.State != store.ActionDead || !strings.Contains(a.LastError, "stopped while sending") {
		t.Errorf("private reply %s (%q), want dead", a.State, a.LastError)
	}
	if n := len(e.graph.Messages()); n != 0 {
		t.Errorf("%d private replies sent again", n)
	}
}

// TestUnhideRestores is a member of staff reversing a hide.
func TestUnhideRestores(t *testing.T) {
	e := newEnv(t)
	e.start(t)
	ev := e.comment(t, "You are an idiot", time.Now())
	res := e.ingest(t, ev)
	e.settled(t, res.PostID)
	hide := e.action(t, res.PostID, moderation.ActionHide)
	err := e.db.WithTx(t.Context(), func(tx store.TxStore) error {
		a := store.Action{PracticeID: practiceID, DecisionID: hide.DecisionID, PostID: res.PostID, Kind: jobs.ActionUnhide,
			State: store.ActionPending, CreatedAt: time.Now()}
		if err := tx.InsertAction(t.Context(), &a); err != nil {
			return err
		}
		_, err := e.q.InsertTx(t.Context(), tx, jobs.JobFor(a))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e.settled(t, res.PostID)
	if a := e.action(t, res.PostID, jobs.ActionUnhide); a.State != store.ActionDone {
		t.Errorf("unhide %s (%q)", a.State, a.LastError)
	}
	if o, _ := e.graph.Object(ev.Ref.ObjectID); o.Hidden {
		t.Error("still hidden on the platform")
	}
	if p, _ := e.db.Post(t.Context(), practiceID, res.PostID); p.Status != store.StatusVisible {
		t.Errorf("post status %q", p.Status)
	}
}

// noPrivateReplies is a platform with no private replies, as X and websites are.
type noPrivateReplies struct{ jobs.Platform }

func (noPrivateReplies) PrivateReply(context.Context, platform.Ref, string) error {
	return fmt.Errorf("x: private replies: %w", platform.ErrNotSupported)
}

// An action the platform cannot do is skipped, not dead-lettered: nobody is
// alerted about something that was never possible.
func TestUnsupportedActionIsSkipped(t *testing.T) {
	e := newEnv(t, func(e *env) { e.wrap = func(p jobs.Platform) jobs.Platform { return noPrivateReplies{p} } })
	e.start(t)
	res := e.ingest(t, e.comment(t, "Dr Hill was rude to me", time.Now()))
	e.settled(t, res.PostID)
	a := e.action(t, res.PostID, moderation.ActionPrivateReply)
	if a.State != store.ActionSkipped || !strings.Contains(a.LastError, "cannot do this") {
		t.Errorf("private reply %s (%q), want skipped", a.State, a.LastError)
	}
	quiet()
	for _, m := range e.notes.to("practice_manager") {
		if !strings.Contains(m.Subject, "needs you") {
			t.Errorf("the manager was alerted about an action the platform cannot do: %q", m.Subject)
		}
	}
}
