package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform/facebook"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
	"github.com/pagekeeper/pagekeeper/internal/platform/x"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/triage"
	"github.com/pagekeeper/pagekeeper/internal/web"
)

// Settings of the fault test: short enough to run in seconds, long enough
// that a loaded machine does not turn ordinary calls into timeouts.
const (
	faultShare     = 0.30                   // of platform calls that fail
	faultReset     = 2 * time.Second        // how far ahead a rate limit announces its reset
	faultTimeout   = 750 * time.Millisecond // the platform clients' timeout
	faultHang      = 20 * time.Second       // how long a "timeout" fault leaves a call unanswered (the client gives up first)
	faultInFlight  = 700 * time.Millisecond // calls arriving this soon after a rate limit may have been sent before it
	faultXUser     = "1400000000000000001"
	faultXOurTweet = "1861234567890000001"
	faultXSecret   = "fault-x-consumer-secret"
)

// faultPage is one practice's Facebook page in the fault test.
type faultPage struct {
	practice, pageID, token string
	expired                 bool
}

var faultPages = []faultPage{
	{practice: "ashgrove", pageID: demoPageID, token: "tok-ashgrove"},
	{practice: "brook", pageID: "204729381122335", token: "tok-brook", expired: true},
	{practice: "cedar", pageID: "304729381122336", token: "tok-cedar"},
}

// faultTexts are what the comments say, and the actions the demo profile takes on each.
var faultTexts = []struct {
	text string
	want []moderation.ActionKind
}{
	{"Dean on reception is a useless tw@t who shouldn't be allowed near the public",
		[]moderation.ActionKind{moderation.ActionEscalate, moderation.ActionHide, moderation.ActionPrivateReply, moderation.ActionReport, moderation.ActionDelete}},
	{"Can I get my repeat prescription please?", []moderation.ActionKind{moderation.ActionReply}},
	{"I want to make a formal complaint about how I was treated", []moderation.ActionKind{moderation.ActionPrivateReply}},
}

// recorder is a Notifier that keeps what it is told.
type recorder struct {
	mu   sync.Mutex
	msgs []jobs.Message
}

func (r *recorder) Notify(_ context.Context, m jobs.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
	return nil
}

func (r *recorder) all() []jobs.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.msgs)
}

// staticConnector gives each practice its platform clients.
type staticConnector map[string]map[moderation.Channel]jobs.Platform

func (c staticConnector) Platform(practiceID string, ch string) (jobs.Platform, error) {
	p, ok := c[practiceID][moderation.Channel(ch)]
	if !ok {
		return nil, fmt.Errorf("practice %s has no %s account", practiceID, ch)
	}
	return p, nil
}

// faultPost is one comment or reply the test delivers.
type faultPost struct {
	practice string
	ch       moderation.Channel
	id       string
	text     int  // index into faultTexts
	gone     bool // deleted on the platform before we act
	expired  bool // its page's token has expired
}

// TestFaultInjection runs the real service pieces (webhooks, triage, the
// SQLite store, the River queue, the workers and the real Facebook and X
// clients) against fake platforms that fail 30% of calls with rate limits
// announcing a reset, server errors or timeouts, some of them after the
// platform has acted, with one practice's Facebook token expired and some
// posts deleted before we act. Every action must end final; each call is
// judged by how it ended for the client (platformtest.ClientView), not
// only by what the fake answered: no two runs act on one action at once, a
// hide or delete is repeated only after an answer the client did not get
// or that said to retry, never after it read the platform's final answer,
// a reply or private reply goes again only after a rate limit, and a
// delete comes only after its evidence is kept. No call may go to a
// platform before the reset it announced, the expired token must alert the
// practice manager exactly once, and every delivered post must be stored
// with its decision and actions.
func TestFaultInjection(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole service against failing platforms for several seconds; skipped with -short")
	}
	ctx := t.Context()
	g := platformtest.NewFakeGraph(nil)
	t.Cleanup(g.Close)
	fx := platformtest.NewFakeX(faultXUser, nil)
	fx.HideLimit, fx.PostLimit, fx.LookupLimit = 1<<20, 1<<20, 1<<20 // only injected rate limits here
	t.Cleanup(fx.Close)

	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	prof, eng, raw, err := loadDemoPractice("")
	if err != nil {
		t.Fatal(err)
	}
	view := &platformtest.ClientView{}
	hc := &http.Client{Timeout: faultTimeout, Transport: view}
	conn := staticConnector{}
	practices := triage.Static{}
	var webPractices []web.Practice
	for _, p := range faultPages {
		if err := db.CreatePractice(ctx, &store.Practice{ID: p.practice, Name: p.practice, Profile: raw, CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		practices[p.practice] = triage.Practice{Profile: prof, Judge: eng.Judge}
		conn[p.practice] = map[moderation.Channel]jobs.Platform{
			moderation.Facebook: &facebook.Client{PageID: p.pageID, Graph: &meta.Client{BaseURL: g.URL, Token: p.token, HTTP: hc}},
		}
		wp := web.Practice{ID: p.practice, FacebookPageID: p.pageID}
		if p.practice == "ashgrove" {
			conn[p.practice][moderation.X] = &x.Client{BaseURL: fx.URL, Token: "x-token", UserID: faultXUser, HTTP: hc}
			wp.XUserID = faultXUser
		}
		webPractices = append(webPractices, wp)
		if p.expired {
			g.ExpireToken(p.token)
		}
	}
	notes := &recorder{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	workers, err := jobs.New(jobs.Config{Store: db, Connector: conn, Notifier: notes, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	q, err := queue.NewSQLite(db.SQL(), queue.Config{Handlers: workers.Handlers(), OnDead: workers.OnDead,
		MaxAttempts: 30, MaxSnoozes: 200, PollInterval: 50 * time.Millisecond,
		Backoff: func(int) time.Duration { return 20 * time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := triage.New(triage.Config{Store: db, Queue: q, Practices: practices, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := web.New(web.Config{Practices: webPractices, MetaAppSecret: []byte(e2eSecret), MetaVerifyToken: "v",
		XConsumerSecret: []byte(faultXSecret), Ingester: svc, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ws)
	t.Cleanup(srv.Close)
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		q.Stop(sctx)
	})

	// The posts: on each page every text, some deleted by their authors
	// before we act; on ashgrove's X account, replies to our tweet.
	var posts []faultPost
	now := time.Now()
	for pi, p := range faultPages {
		for i := range 15 {
			fp := faultPost{practice: p.practice, ch: moderation.Facebook, text: i % len(faultTexts), gone: i%4 == 3, expired: p.expired,
				id: fmt.Sprintf("%s_%d", p.pageID, 5000000000000000+pi*1000+i)}
			posts = append(posts, fp)
			g.Put(platformtest.GraphObject{ID: fp.id, Text: faultTexts[fp.text].text, FromID: "7712345098765432", FromName: "Sam Patient",
				Created: now, PostID: p.pageID + "_998877665544332", ParentID: p.pageID + "_998877665544332", Deleted: fp.gone})
		}
	}
	for i := range 12 {
		fp := faultPost{practice: "ashgrove", ch: moderation.X, text: []int{0, 1}[i%2], gone: i%4 == 2,
			id: fmt.Sprintf("%d", 1861234567890100000+i)}
		posts = append(posts, fp)
		fx.Put(platformtest.XTweet{ID: fp.id, AuthorID: "1498765432109876543", Username: "rtaylor_uk", Name: "R. Taylor",
			Text: "@OurSurgery " + faultTexts[fp.text].text, Created: now, InReplyTo: faultXOurTweet, Deleted: fp.gone})
	}

	// From here on, 30% of platform calls fail; some of them after the
	// platform has acted ("lost_answer": the answer never comes;
	// "late_error": a 5xx).
	g.FailRandom(faultShare, 20261121, append(platformtest.GraphFaultMix(faultReset, faultHang),
		platformtest.Acted("lost_answer", platformtest.GraphTimeout(faultHang)),
		platformtest.Acted("late_error", platformtest.GraphServerError()))...)
	fx.FailRandom(faultShare, 7, append(platformtest.XFaultMix(faultReset, faultHang),
		platformtest.Acted("lost_answer", platformtest.XTimeout(faultHang)),
		platformtest.Acted("late_error", platformtest.XServerError()))...)
	start := time.Now()
	for _, fp := range posts {
		var codes []int
		var err error
		if fp.ch == moderation.Facebook {
			page := strings.Split(fp.id, "_")[0]
			body := platformtest.FeedWebhook(platformtest.FeedEntry{PageID: page, Time: now.Unix(), Changes: []platformtest.FeedChange{{
				Item: "comment", Verb: "add", PostID: page + "_998877665544332", CommentID: fp.id, ParentID: page + "_998877665544332",
				FromID: "7712345098765432", FromName: "Sam Patient", Message: faultTexts[fp.text].text, CreatedTime: now.Unix()}}})
			codes, err = g.SendWebhook(ctx, srv.URL+"/webhooks/meta", body, platformtest.SendOptions{Secret: e2eSecret})
		} else {
			tw, _ := fx.Tweet(fp.id)
			codes, err = fx.SendWebhook(ctx, srv.URL+"/webhooks/x", platformtest.TweetCreateEvents(faultXUser, false, tw), platformtest.SendOptions{Secret: faultXSecret})
		}
		if err != nil || codes[0] != 200 {
			t.Fatalf("delivering %s %s: %v %v", fp.ch, fp.id, codes, err)
		}
	}

	// Wait for every action of every post to be final.
	type stored struct {
		post    store.Post
		actions []store.Action
	}
	got := map[string]stored{}
	deadline := time.Now().Add(4 * time.Minute)
	for {
		pending := 0
		for _, fp := range posts {
			post, err := db.PostByExternalID(ctx, fp.practice, fp.ch, fp.id)
			if err != nil {
				t.Fatalf("%s %s was acknowledged but is not stored: %v", fp.ch, fp.id, err)
			}
			as, err := db.ActionsForPost(ctx, fp.practice, post.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range as {
				if !a.State.Final() {
					pending++
				}
			}
			got[fp.id] = stored{post, as}
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d actions still not final after 4 minutes", pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
	drain := time.Since(start)

	gcalls, xcalls := g.Calls(), fx.Calls()
	// Each object's calls per operation, oldest first, with how each
	// ended for the client (a fake records what it answered, which a
	// client that had given up never read).
	type key struct{ op, id string }
	byOp := map[key][]seenCall{}
	for _, c := range gcalls {
		if op, id := graphOp(c); op != "" {
			byOp[key{op, id}] = append(byOp[key{op, id}], seeCall(t, view, c))
		}
	}
	for _, c := range xcalls {
		if op, id := xOp(c); op != "" {
			byOp[key{op, id}] = append(byOp[key{op, id}], seeCall(t, view, c))
		}
	}
	ok := map[key]int{}       // calls the platform carried out
	var slowest time.Duration // of answers read, the slowest
	lost := 0                 // calls a fake answered with no fault that the client gave up on (load)
	repeated := 0             // objects an idempotent call was carried out on more than once
	for k, cs := range byOp {
		for _, c := range cs {
			if c.OK() {
				ok[k]++
			}
			if c.seen.Definite() {
				slowest = max(slowest, c.seen.End.Sub(c.seen.Start))
			} else if c.Fault.Kind == "" {
				lost++
			}
		}
		if ok[k] > 1 {
			repeated++
		}
		if err := repeatedCalls(k.op, cs); err != nil {
			t.Errorf("%s of %s: %v", k.op, k.id, err)
		}
	}

	// Every post stored with its decision and actions, each final in the
	// way its circumstances allow.
	var done, gone, dead, unknown, skipped int
	for _, fp := range posts {
		s := got[fp.id]
		ds, err := db.DecisionsForPost(ctx, fp.practice, s.post.ID)
		if err != nil || len(ds) == 0 {
			t.Errorf("%s: no decision stored (%v)", fp.id, err)
		}
		var kinds []moderation.ActionKind
		for _, a := range s.actions {
			kinds = append(kinds, a.Kind)
			platformOp := a.Kind == moderation.ActionHide || a.Kind == moderation.ActionDelete || a.Kind == moderation.ActionReply || a.Kind == moderation.ActionPrivateReply
			send := a.Kind == moderation.ActionReply || a.Kind == moderation.ActionPrivateReply
			cs := byOp[key{string(a.Kind), fp.id}]
			calls := ok[key{string(a.Kind), fp.id}]
			fail := func(format string, args ...any) {
				t.Helper()
				t.Errorf("%s %s: "+format+"; its calls:%s", append(append([]any{fp.id, a.Kind}, args...), history(cs))...)
			}
			switch {
			case !platformOp && a.State == store.ActionDone:
				done++
			case send && a.State == store.ActionDead && strings.Contains(a.LastError, "may or may not"):
				// A 5xx or an answer the client did not get while
				// sending: it may have gone, so it is never resent
				// (repeatedCalls); a person is told to check. The
				// platform may have sent it, but not with the client
				// seeing so.
				if last := len(cs) - 1; last < 0 || cs[last].seen.Definite() && cs[last].seen.Status/100 != 5 {
					fail("dead as unknown, yet its last call was answered definitely")
				}
				if definiteOK(cs) != 0 {
					fail("dead as unknown, yet the client saw the platform do it")
				}
				unknown++
			case fp.expired && platformOp:
				if a.State != store.ActionDead || !strings.Contains(a.LastError, "access token") {
					fail("on the expired page: %s (%q), want dead for the token", a.State, a.LastError)
				}
				dead++
			case fp.ch == moderation.X && a.Kind == moderation.ActionPrivateReply,
				fp.ch == moderation.X && a.Kind == moderation.ActionDelete && !fp.gone:
				if a.State != store.ActionSkipped {
					fail("on X: %s, want skipped (X cannot)", a.State)
				}
				skipped++
			case fp.gone:
				// Hide and sends find it gone; delete keeps the stored evidence and is done.
				want := store.ActionSkipped
				if a.Kind == moderation.ActionDelete {
					want = store.ActionDone
				}
				if a.State != want || calls != 0 {
					fail("of a deleted post: %s (%q), %d calls done; want %s", a.State, a.LastError, calls, want)
				}
				gone++
			case a.State == store.ActionDone:
				// Done once the client saw the platform do it: a hide
				// may have been done before unseen (repeatedCalls); a
				// send goes once. The fake deletes once, then answers
				// gone, which a delete whose answer was lost reads.
				seen := definiteOK(cs)
				if a.Kind == moderation.ActionDelete && calls != 1 ||
					a.Kind == moderation.ActionHide && (calls < 1 || seen != 1) ||
					send && (calls != 1 || seen != 1) {
					fail("done, but the platform did it %d times, %d of them seen by the client", calls, seen)
				}
				if a.Kind == moderation.ActionDelete {
					checkEvidenceFirst(t, ctx, db, fp.practice, s.post.ID, fp.id, cs)
				}
				done++
			default:
				fail("%s (%q)", a.State, a.LastError)
			}
		}
		want := faultTexts[fp.text].want
		if !sameKinds(kinds, want) {
			t.Errorf("%s: actions %v, want %v", fp.id, kinds, want)
		}
		if o, found := g.Object(fp.id); found && !fp.gone && !fp.expired && fp.text == 0 && !o.Deleted {
			t.Errorf("%s: the abusive comment is still up", fp.id)
		}
	}

	// No call before the reset a rate limit announced: per token on the
	// Graph API (each page's token has its own budget), per endpoint on X.
	violations := 0
	check := func(name string, calls []platformtest.Call, scope func(platformtest.Call) string) {
		for _, rl := range calls {
			if rl.Fault.Kind != "rate_limit" || rl.Answered.IsZero() {
				continue
			}
			for _, c := range calls {
				if scope(c) == scope(rl) && c.Time.After(rl.Answered.Add(faultInFlight)) && c.Time.Before(rl.Fault.Reset) {
					violations++
					if violations <= 5 {
						t.Errorf("%s: %s %s at %s, %s after a rate limit answered that announced a reset at %s",
							name, c.Method, c.Path, c.Time.Format("15:04:05.000"), c.Time.Sub(rl.Answered), rl.Fault.Reset.Format("15:04:05.000"))
					}
				}
			}
		}
	}
	check("graph", gcalls, func(c platformtest.Call) string { return c.Header.Get("Authorization") })
	check("x", xcalls, xBucket)

	// The expired token: the practice manager of brook told exactly once.
	var reconnects []string
	for _, m := range notes.all() {
		if strings.Contains(m.Subject, "Reconnect") {
			reconnects = append(reconnects, m.PracticeID+": "+m.Subject)
			if m.Role != jobs.RoleManager {
				t.Errorf("reconnect notice to %s", m.Role)
			}
		}
	}
	if len(reconnects) != 1 || !strings.HasPrefix(reconnects[0], "brook:") {
		t.Errorf("reconnect notices: %q, want one to brook", reconnects)
	}
	for _, p := range faultPages {
		if _, err := audit.Verify(ctx, db, p.practice); err != nil {
			t.Errorf("%s audit chain: %v", p.practice, err)
		}
	}

	expiredCalls := 0
	for _, c := range gcalls {
		if c.Fault.Kind == "expired_token" {
			expiredCalls++
		}
	}
	t.Logf("%d posts, drained in %s; graph: %d calls, faults %v and %d refused for the expired token; x: %d calls, faults %v",
		len(posts), drain.Round(time.Millisecond), len(gcalls), g.FaultCounts(), expiredCalls, len(xcalls), fx.FaultCounts())
	t.Logf("slowest answer read by a client %s; %d answers without a fault the client gave up on; %d hides or deletes carried out again after an answer the client did not get",
		slowest.Round(time.Millisecond), lost, repeated)
	t.Logf("actions: %d done, %d gone, %d skipped (X cannot), %d dead for the expired token, %d sends dead as unknown (a person checks); %d calls before an announced reset; %d notices",
		done, gone, skipped, dead, unknown, violations, len(notes.all()))
}

// seenCall is a call a fake received with how it ended for the client.
type seenCall struct {
	platformtest.Call
	seen platformtest.Seen
}

func seeCall(t *testing.T, view *platformtest.ClientView, c platformtest.Call) seenCall {
	t.Helper()
	s, ok := view.Seen(c)
	if !ok {
		t.Fatalf("%s %s at the fake did not come through the client view", c.Method, c.Path)
	}
	return seenCall{c, s}
}

func (c seenCall) String() string {
	answer := fmt.Sprintf("fake answered %d after %s", c.Status, c.Answered.Sub(c.Time).Round(time.Millisecond))
	if c.Fault.Kind != "" {
		answer += " (" + c.Fault.Kind + ")"
	}
	client := fmt.Sprintf("client read %d", c.seen.Status)
	if c.seen.Err != nil {
		client = fmt.Sprintf("client gave up %s after sending: %v", c.seen.End.Sub(c.seen.Start).Round(time.Millisecond), c.seen.Err)
	}
	return fmt.Sprintf("%s %s sent at %s, at the fake %s later: %s; %s", c.Method, c.Path, c.seen.Start.Format("15:04:05.000"),
		c.Time.Sub(c.seen.Start).Round(time.Millisecond), answer, client)
}

// graphOp names what a Graph call does to which comment; "" for reads.
func graphOp(c platformtest.Call) (op, id string) {
	parts := strings.Split(strings.Trim(c.Path, "/"), "/")
	switch {
	case c.Method == http.MethodPost && len(parts) == 1 && c.Form.Get("is_hidden") == "true":
		return "hide", parts[0]
	case c.Method == http.MethodDelete && len(parts) == 1:
		return "delete", parts[0]
	case c.Method == http.MethodPost && len(parts) == 2 && parts[1] == "comments":
		return "reply", parts[0]
	case c.Method == http.MethodPost && len(parts) == 2 && parts[1] == "messages":
		var body struct {
			Recipient struct {
				CommentID string `json:"comment_id"`
			} `json:"recipient"`
		}
		json.Unmarshal(c.Body, &body)
		return "private_reply", body.Recipient.CommentID
	}
	return "", ""
}

// xOp names what an X call does to which tweet; "" for reads.
func xOp(c platformtest.Call) (op, id string) {
	parts := strings.Split(strings.Trim(c.Path, "/"), "/")
	switch {
	case c.Method == http.MethodPut && len(parts) == 4 && parts[3] == "hidden":
		return "hide", parts[2]
	case c.Method == http.MethodPost && len(parts) == 2:
		var body struct {
			Reply struct {
				To string `json:"in_reply_to_tweet_id"`
			} `json:"reply"`
		}
		json.Unmarshal(c.Body, &body)
		return "reply", body.Reply.To
	}
	return "", ""
}

// repeatedCalls checks one object's calls of one operation, oldest first,
// against the product's promise. One run at a time: no call goes before
// the client has finished with the one before. Hide and delete are
// idempotent and repeat after an answer the client did not get (its
// timeout, a cut connection) or a rate limit or 5xx, never after it saw
// the platform answer them otherwise (done, gone, refused). A reply or
// private reply goes again only after a rate limit the client read: a
// 5xx or a lost answer may mean it went.
func repeatedCalls(op string, cs []seenCall) error {
	for i := 1; i < len(cs); i++ {
		prev, c := cs[i-1], cs[i]
		var why string
		switch {
		case prev.seen.End.IsZero() || !c.Time.After(prev.seen.End):
			why = "before the client had finished with the one before: two runs at once"
		case op == "reply" || op == "private_reply":
			if !prev.seen.Definite() || prev.Fault.Kind != "rate_limit" {
				why = "again after an answer that did not say it was not sent"
			}
		case prev.seen.Definite() && prev.Fault.Kind != "rate_limit" && prev.seen.Status/100 != 5:
			why = "again after the client read the platform's final answer"
		}
		if why != "" {
			return fmt.Errorf("call %d of %d %s:%s", i+1, len(cs), why, history(cs))
		}
	}
	return nil
}

// history lists calls one a line.
func history(cs []seenCall) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString("\n\t" + c.String())
	}
	return b.String()
}

// definiteOK counts the calls the platform carried out with the client
// reading that it had.
func definiteOK(cs []seenCall) int {
	n := 0
	for _, c := range cs {
		if c.OK() && c.seen.Definite() && c.seen.Status/100 == 2 {
			n++
		}
	}
	return n
}

// checkEvidenceFirst checks that the post's evidence was kept before any
// call to delete it.
func checkEvidenceFirst(t *testing.T, ctx context.Context, db *sqlite.DB, practice string, postID int64, id string, deletes []seenCall) {
	t.Helper()
	if len(deletes) == 0 {
		return
	}
	evs, err := db.EvidenceForPost(ctx, practice, postID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 || !evs[0].CapturedAt.Before(deletes[0].Time) {
		t.Errorf("%s: deleted at %s before its evidence was kept (%d kept)", id, deletes[0].Time.Format("15:04:05.000"), len(evs))
	}
}

// xBucket is the X rate-limit bucket a call counts against.
func xBucket(c platformtest.Call) string {
	parts := strings.Split(strings.Trim(c.Path, "/"), "/")
	switch {
	case len(parts) == 4 && parts[3] == "hidden":
		return "hide"
	case len(parts) == 4 && parts[3] == "mentions":
		return "mentions"
	case len(parts) == 2 && c.Method == http.MethodPost:
		return "post"
	}
	return "lookup"
}

func sameKinds(a, b []moderation.ActionKind) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
