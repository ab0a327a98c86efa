package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
	"github.com/pagekeeper/pagekeeper/internal/postgres"
	"github.com/pagekeeper/pagekeeper/internal/postgres/pgtest"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// envInstanceConfig tells the test binary, re-executed, to be one instance.
const envInstanceConfig = "PAGEKEEPER_TEST_INSTANCE_CONFIG"

const multiXUser = "1400000000000000001"

// instanceMain is the child: the app built from the parent's config file as
// serve builds it, with short job timings so jobs claimed by a killed
// instance come back within the test, until SIGTERM or SIGKILL.
func instanceMain(t *testing.T) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	c, err := loadServeConfig(os.Getenv(envInstanceConfig))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cfg, err := c.appConfig(os.Getenv, log)
	if err != nil {
		t.Fatal(err)
	}
	cfg.QueuePoll, cfg.JobTimeout, cfg.RescueAfter = 100*time.Millisecond, 5*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", c.Listen)
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Run(ctx, ln); err != nil {
		t.Fatal(err)
	}
}

// instance is one child process serving on its own address.
type instance struct {
	n      int
	base   string
	cmd    *exec.Cmd
	out    *syncBuffer
	killed atomic.Bool
}

// queueID reads the River client id the instance logged at start.
func (in *instance) queueID() string {
	sc := bufio.NewScanner(strings.NewReader(in.out.String()))
	for sc.Scan() {
		var l struct {
			Msg     string `json:"msg"`
			QueueID string `json:"queue_id"`
		}
		if json.Unmarshal(sc.Bytes(), &l) == nil && l.Msg == "job queue started" {
			return l.QueueID
		}
	}
	return ""
}

// pollLog records the mention reads reaching the fake X: when each began
// and ended, which instance sent it (by its token), and the most at once.
type pollLog struct {
	mu           sync.Mutex
	starts, ends []time.Time
	by           []string
	now, most    int
}

func (p *pollLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/mentions") {
			next.ServeHTTP(w, r)
			return
		}
		p.mu.Lock()
		p.now++
		p.most = max(p.most, p.now)
		p.starts = append(p.starts, time.Now())
		p.by = append(p.by, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		p.mu.Unlock()
		next.ServeHTTP(w, r)
		p.mu.Lock()
		p.now--
		p.ends = append(p.ends, time.Now())
		p.mu.Unlock()
	})
}

// snapshot returns the poll start times, who polled, and the most at once.
func (p *pollLog) snapshot() ([]time.Time, []string, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Time(nil), p.starts...), append([]string(nil), p.by...), p.most
}

// TestPostgresThreeInstancesShareTheWork starts three serve processes on
// one PostgreSQL database, floods signed Facebook webhooks round-robin
// across them, SIGKILLs one mid-flood and re-sends to another instance
// every webhook that got no 200 (as Meta retries). Every comment must be
// stored exactly once and hidden exactly once at the Graph API (a hide the
// killed instance made but did not record may be repeated once by another
// instance: hiding is idempotent), the X poll must run on one instance at a
// time at the configured rate, also after the kill, and every X mention
// must be stored once.
func TestPostgresThreeInstancesShareTheWork(t *testing.T) {
	if os.Getenv(envInstanceConfig) != "" {
		instanceMain(t)
		return
	}
	if testing.Short() {
		t.Skip("starts server processes; skipped with -short")
	}
	dsn := pgtest.DSN(t)
	if err := postgres.Migrate(t.Context(), dsn); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	const n, senders, mentions = 150, 6, 5
	dir := t.TempDir()
	graph := platformtest.NewFakeGraph(nil)
	t.Cleanup(graph.Close)
	fx := platformtest.NewFakeX(multiXUser, nil)
	t.Cleanup(fx.Close)
	xURL, _ := url.Parse(fx.URL)
	polls := &pollLog{}
	xProxy := httptest.NewServer(polls.wrap(httputil.NewSingleHostReverseProxy(xURL)))
	t.Cleanup(xProxy.Close)
	prof, err := os.ReadFile("../../examples/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "demo.yaml"), prof, 0o600); err != nil {
		t.Fatal(err)
	}
	text := "Dean on reception is a useless tw@t who shouldn't be allowed near the public"
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s_%d", demoPageID, 7100000000000000+i)
		graph.Put(platformtest.GraphObject{ID: ids[i], Text: text, FromID: "7712345098765432", FromName: "Sam Patient",
			PostID: demoPagePost, ParentID: demoPagePost, Created: time.Now()})
	}

	const pollEvery = time.Second
	instances := make([]*instance, 3)
	for k := range instances {
		in := &instance{n: k, out: &syncBuffer{}}
		addr := freeAddr(t)
		cfg := fmt.Sprintf("listen: %s\napi: {graph: %s, x: %s}\npoll: {x: %s}\nmeta:\n  app_secret: {env: PK_SECRET}\n  verify_token: {env: PK_VERIFY}\n"+
			"practices:\n  - id: %s\n    profile: demo.yaml\n    facebook: {page_id: %q, token: {env: PK_FB}}\n    x: {user_id: %q, token: {env: PK_X}}\n",
			addr, graph.URL, xProxy.URL, pollEvery, demoPracticeID, demoPageID, multiXUser)
		path := filepath.Join(dir, fmt.Sprintf("serve%d.yaml", k))
		if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		in.cmd = exec.Command(os.Args[0], "-test.run=^TestPostgresThreeInstancesShareTheWork$", "-test.count=1")
		in.cmd.Env = append(os.Environ(), envInstanceConfig+"="+path, envDatabase+"="+dsn,
			"PK_SECRET="+e2eSecret, "PK_VERIFY=v", "PK_FB=fb-token", fmt.Sprintf("PK_X=x-token-%d", k))
		in.cmd.Stdout, in.cmd.Stderr = in.out, in.out
		if err := in.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmd := in.cmd
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		in.base = "http://" + addr
		instances[k] = in
	}
	for _, in := range instances {
		for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			resp, err := http.Get(in.base + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("instance %d not ready after 60s: %v\n%s", in.n, err, in.out)
			}
		}
	}
	started := time.Now()
	for i := range mentions {
		fx.Put(platformtest.XTweet{ID: fmt.Sprintf("18612345678901%05d", i), AuthorID: "1498765432109876543", Username: "rt",
			Text: fmt.Sprintf("@OurSurgery no answer on the phone since 8am (%d)", i), Created: time.Now(), Mentions: true})
	}

	// Polling starts once River has elected a leader; wait for it, so the
	// kill below also tests polling moving to another instance.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if starts, _, _ := polls.snapshot(); len(starts) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no X polls a minute after the instances were ready")
		}
	}

	// The flood: comment i goes to instance i mod 3; a webhook that gets no
	// 200 goes to the next instance, as Meta retries.
	created := time.Now().Unix()
	var resent atomic.Int64
	send := func(i int) bool {
		body := platformtest.FeedWebhook(platformtest.FeedEntry{PageID: demoPageID, Time: created, Changes: []platformtest.FeedChange{{
			Item: "comment", Verb: "add", PostID: demoPagePost, CommentID: ids[i], ParentID: demoPagePost,
			FromID: "7712345098765432", FromName: "Sam Patient", Message: text, CreatedTime: created}}})
		for try := range 2 * len(instances) {
			in := instances[(i+try)%len(instances)]
			if in.killed.Load() {
				continue
			}
			if try > 0 {
				resent.Add(1)
			}
			codes, err := graph.SendWebhook(t.Context(), in.base+"/webhooks/meta", body, platformtest.SendOptions{Secret: e2eSecret})
			if err == nil && codes[0] == 200 {
				return true
			}
		}
		return false
	}
	var next, acked atomic.Int64
	var wg sync.WaitGroup
	failed := make(chan int, n)
	for range senders {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if send(i) {
					acked.Add(1)
				} else {
					failed <- i
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}

	// Kill the instance River elected to schedule the periodic jobs, once a
	// third of the comments are acknowledged and some hidden.
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(5 * time.Millisecond) {
		hides := 0
		for _, c := range graph.Calls() {
			if c.Method == http.MethodPost && c.Form.Get("is_hidden") == "true" {
				hides++
			}
		}
		if acked.Load() >= n/3 && hides >= 10 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 2 minutes %d acknowledged, %d hidden", acked.Load(), hides)
		}
	}
	var leaderID string
	if err := db.Pool().QueryRow(t.Context(), `SELECT leader_id FROM river_leader`).Scan(&leaderID); err != nil {
		t.Fatalf("reading the elected leader: %v", err)
	}
	victim := instances[0]
	for _, in := range instances {
		if in.queueID() == leaderID {
			victim = in
		}
	}
	wasLeader := victim.queueID() == leaderID
	victim.killed.Store(true)
	killedAt, ackedAtKill := time.Now(), acked.Load()
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	victim.cmd.Wait()
	wg.Wait()
	close(failed)
	for i := range failed {
		t.Errorf("comment %d got no 200 from any instance", i)
	}

	// Wait for every action to be final and for polling to go on after the
	// kill: another instance is elected when the dead leader's term runs
	// out, and schedules the polls from then on.
	var firstPollAfterKill time.Time
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		var open int
		if err := db.Pool().QueryRow(t.Context(), `SELECT count(*) FROM actions WHERE state NOT IN ('done','dead','skipped','shadow')`).Scan(&open); err != nil {
			t.Fatal(err)
		}
		starts, _, _ := polls.snapshot()
		after := 0
		for _, s := range starts {
			if s.After(killedAt) {
				if after == 0 {
					firstPollAfterKill = s
				}
				after++
			}
		}
		if open == 0 && after >= 5 && time.Since(killedAt) > 30*time.Second {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 3 minutes: %d actions open (%s), first poll after the kill at %v", open, openSummary(t, db), firstPollAfterKill)
		}
	}
	ended := time.Now()
	for _, in := range instances {
		if in.killed.Load() {
			continue
		}
		in.cmd.Process.Signal(syscall.SIGTERM)
		if err := in.cmd.Wait(); err != nil {
			t.Errorf("instance %d did not stop cleanly: %v\n%s", in.n, err, in.out)
		}
	}

	// Every comment stored once and hidden once.
	stored := map[string]int{}
	rows, err := db.Pool().Query(t.Context(), `SELECT external_id, count(*) FROM posts WHERE practice_id = $1 GROUP BY external_id`, demoPracticeID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var c int
		if err := rows.Scan(&id, &c); err != nil {
			t.Fatal(err)
		}
		stored[id] = c
	}
	rows.Close()
	var lost, doubled, repeatedAcrossKill int
	for _, id := range ids {
		if stored[id] != 1 {
			lost++
			t.Errorf("comment %s stored %d times", id, stored[id])
			continue
		}
		var before, after int
		for _, c := range graph.Calls() {
			if c.Method == http.MethodPost && c.Path == "/"+id && c.Form.Get("is_hidden") == "true" && c.OK() {
				if c.Time.Before(killedAt) {
					before++
				} else {
					after++
				}
			}
		}
		switch {
		case before+after == 0:
			lost++
			t.Errorf("comment %s was never hidden", id)
		case before > 1 || after > 1:
			doubled++
			t.Errorf("comment %s: %d hides before the kill, %d after", id, before, after)
		case before == 1 && after == 1:
			repeatedAcrossKill++
		}
		post, err := db.PostByExternalID(t.Context(), demoPracticeID, moderation.Facebook, id)
		if err != nil {
			t.Fatal(err)
		}
		as, err := db.ActionsForPost(t.Context(), demoPracticeID, post.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			ok := a.State == store.ActionDone ||
				(a.Kind == moderation.ActionPrivateReply && a.State == store.ActionDead && strings.Contains(a.LastError, "may or may not"))
			if !ok {
				t.Errorf("comment %s: %s %s (%q)", id, a.Kind, a.State, a.LastError)
			}
		}
	}
	for i := range mentions {
		id := fmt.Sprintf("18612345678901%05d", i)
		if _, err := db.PostByExternalID(t.Context(), demoPracticeID, moderation.X, id); err != nil {
			t.Errorf("X mention %s not stored: %v", id, err)
		}
	}
	if _, err := audit.Verify(t.Context(), db, demoPracticeID); err != nil {
		t.Errorf("audit chain: %v", err)
	}

	// Polling: one at a time, at the configured rate (three instances each
	// polling would read three times as often), and on a survivor after
	// the kill.
	starts, by, most := polls.snapshot()
	if most != 1 {
		t.Errorf("%d mention reads at once, want 1", most)
	}
	secs := ended.Sub(started).Seconds()
	if limit := int(secs/pollEvery.Seconds()*1.5) + 3; len(starts) > limit {
		t.Errorf("%d mention reads in %.0fs polling every %v, want at most %d", len(starts), secs, pollEvery, limit)
	}
	pollers := map[string]int{}
	var gap, gapAtKill time.Duration
	for i, s := range starts {
		pollers[by[i]]++
		if i > 0 {
			gap = max(gap, s.Sub(starts[i-1]))
			if s.After(killedAt) && !starts[i-1].After(killedAt) {
				gapAtKill = s.Sub(starts[i-1])
			}
		}
	}
	var firstPoll time.Duration
	if len(starts) > 0 {
		firstPoll = starts[0].Sub(started)
	}
	if firstPollAfterKill.IsZero() {
		t.Error("no poll after the kill: polling did not move to another instance")
	}
	victimToken := fmt.Sprintf("x-token-%d", victim.n)
	for i, s := range starts {
		if s.After(killedAt.Add(time.Second)) && by[i] == victimToken {
			t.Errorf("the killed instance polled at %v, after the kill", s)
		}
	}
	t.Logf("%d comments from %d senders round-robin over 3 instances; killed instance %d (the leader: %v) after %d acknowledged; %d deliveries re-sent to another instance",
		n, senders, victim.n, wasLeader, ackedAtKill, resent.Load())
	t.Logf("lost %d, hides doubled %d (repeated across the kill, idempotent: %d)", lost, doubled, repeatedAcrossKill)
	t.Logf("%d mention reads in %.1fs (every %v), at most %d at once, by instance token %v; first %v after the instances were ready; kill at %v",
		len(starts), secs, pollEvery, most, pollers, firstPoll.Round(time.Millisecond), killedAt.Sub(started).Round(time.Millisecond))
	t.Logf("longest gap between reads %v; across the kill %v (the dead leader's term runs out, another is elected); first read %v after the kill",
		gap.Round(time.Millisecond), gapAtKill.Round(time.Millisecond), firstPollAfterKill.Sub(killedAt).Round(time.Millisecond))
}

// openSummary counts unfinished actions and River's jobs by kind and state.
func openSummary(t *testing.T, db *postgres.DB) string {
	var parts []string
	for _, q := range []string{
		`SELECT kind || ' ' || state, count(*) FROM actions WHERE state NOT IN ('done','dead','skipped','shadow') GROUP BY 1`,
		`SELECT 'job ' || kind || ' ' || state::text, count(*) FROM river_job WHERE state::text <> 'completed' GROUP BY 1`,
		`SELECT kind || ' ' || left(last_error, 300), count(*) FROM actions WHERE last_error <> '' GROUP BY 1`,
	} {
		rows, err := db.Pool().Query(context.Background(), q)
		if err != nil {
			return err.Error()
		}
		for rows.Next() {
			var k string
			var c int
			rows.Scan(&k, &c)
			parts = append(parts, fmt.Sprintf("%s: %d", k, c))
		}
		rows.Close()
	}
	return strings.Join(parts, ", ")
}
