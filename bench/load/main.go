// Command load drives Pagekeeper's server with signed Facebook webhooks at
// a fixed rate (open loop: a send is due at its time whether or not earlier
// ones have been answered) and reports how it copes: acknowledgement
// latency, webhook → hide latency at the Graph API, errors, loss, and the
// server's peak memory. See run.sh and docs/benchmarks.md ("Load").
//
// The server is the real `pagekeeper serve` (SQLite, River, the demo
// practice), run as cmd/pagekeeper's test binary in the role its crash test
// gives it (TestServerKilledMidFlood with PAGEKEEPER_TEST_CRASH_CONFIG), so
// -cpuprofile can ask it for a CPU profile of the run. The fake Graph API
// runs in this process.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "modernc.org/sqlite"

	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
)

// What the crash test's server child is configured with.
const (
	appSecret = "e2e_app_secret"
	pageID    = "104729381122334"
	pagePost  = pageID + "_998877665544332"
	practice  = "ashgrove"
	text      = "Dean on reception is a useless tw@t who shouldn't be allowed near the public"
)

type options struct {
	server, profile, cpuprofile, dir string
	rate                             float64
	duration, drainTimeout           time.Duration
	workers                          int
}

func main() {
	var o options
	flag.StringVar(&o.server, "server", "", "cmd/pagekeeper's test binary (go test -c ./cmd/pagekeeper); required")
	flag.StringVar(&o.profile, "profile", "examples/demo.yaml", "the practice profile the server runs")
	flag.Float64Var(&o.rate, "rate", 500, "webhooks per second")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "how long to send")
	flag.IntVar(&o.workers, "workers", 256, "most webhooks in flight at once")
	flag.DurationVar(&o.drainTimeout, "drain-timeout", 30*time.Minute, "how long to wait for the queue to drain")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write the server's CPU profile here")
	flag.StringVar(&o.dir, "dir", "", "folder for the database and server log (a temporary one when empty)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.server == "" {
		return errors.New("-server is required: build it with go test -c -o pk.test ./cmd/pagekeeper")
	}
	if o.rate <= 0 || o.duration <= 0 || o.workers <= 0 {
		return errors.New("-rate, -duration and -workers must be positive")
	}
	if o.dir == "" {
		d, err := os.MkdirTemp("", "pagekeeper-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		o.dir = d
	}
	prof, err := os.ReadFile(o.profile)
	if err != nil {
		return fmt.Errorf("reading the profile: %w", err)
	}
	if err := os.WriteFile(filepath.Join(o.dir, "demo.yaml"), prof, 0o600); err != nil {
		return err
	}
	g := platformtest.NewFakeGraph(nil)
	defer g.Close()

	srv, err := startServer(o, g.URL)
	if err != nil {
		return err
	}
	defer srv.cmd.Process.Kill()

	n := int(o.rate * o.duration.Seconds())
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s_%d", pageID, 8000000000000000+i)
	}
	res := send(o, g, srv.base, ids)
	fmt.Printf("sent %d webhooks in %s (%.1f/s achieved), %d errors\n", n, res.sendTime.Round(time.Millisecond), float64(n)/res.sendTime.Seconds(), res.errors)

	// Drain: every action of every stored post final.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(o.dir, "pk.db")+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	drainStart := time.Now()
	drained := true
	for {
		var open int
		if err := db.QueryRow(`SELECT count(*) FROM actions WHERE state NOT IN ('done','dead','skipped','shadow')`).Scan(&open); err != nil {
			return fmt.Errorf("counting open actions: %w", err)
		}
		if open == 0 {
			break
		}
		if time.Since(drainStart) > o.drainTimeout {
			fmt.Printf("NOT DRAINED: %d actions still open %s after the last send\n", open, o.drainTimeout)
			drained = false
			break
		}
		time.Sleep(time.Second)
	}
	if drained {
		fmt.Printf("queue drained %s after the last send (%s after the first)\n", time.Since(drainStart).Round(time.Second), time.Since(res.start).Round(time.Second))
	}
	var finished int
	if err := db.QueryRow(`SELECT count(*) FROM actions WHERE state IN ('done','dead','skipped')`).Scan(&finished); err != nil {
		return err
	}
	fmt.Printf("actions finished: %d in %s (%.1f/s)\n", finished, time.Since(res.start).Round(time.Second), float64(finished)/time.Since(res.start).Seconds())
	rss := peakRSS(srv.cmd.Process.Pid)

	stored := map[string]bool{}
	rows, err := db.Query(`SELECT external_id FROM posts WHERE practice_id = ?`, practice)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		stored[id] = true
	}
	rows.Close()
	var states []string
	rows, err = db.Query(`SELECT kind || ' ' || state, count(*) FROM actions GROUP BY 1 ORDER BY 1`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k string
		var c int
		if err := rows.Scan(&k, &c); err != nil {
			return err
		}
		states = append(states, fmt.Sprintf("%s %d", k, c))
	}
	rows.Close()

	hides := map[string][]time.Time{}
	for _, c := range g.Calls() {
		if c.Method == http.MethodPost && c.Form.Get("is_hidden") == "true" && c.OK() {
			id := strings.TrimPrefix(c.Path, "/")
			hides[id] = append(hides[id], c.Time)
		}
	}
	var acks, toHide []time.Duration
	var notStored, missing, doubled int
	for i, id := range ids {
		if !res.acked[i] {
			continue
		}
		acks = append(acks, res.ack[i])
		if !stored[id] {
			notStored++
		}
		switch h := hides[id]; {
		case len(h) == 0:
			missing++
		case len(h) > 1:
			doubled++
			fallthrough
		default:
			toHide = append(toHide, h[0].Sub(res.due[i]))
		}
	}
	fmt.Printf("ack (due → 200):      %s\n", quantiles(acks))
	fmt.Printf("webhook → hide:       %s\n", quantiles(toHide))
	missingWord := "hides missing"
	if !drained {
		missingWord = "not hidden yet (not drained)"
	}
	fmt.Printf("loss: %d acknowledged but not stored, %d %s, %d hides doubled\n", notStored, missing, missingWord, doubled)
	fmt.Printf("actions: %s\n", strings.Join(states, ", "))
	fmt.Printf("server peak RSS: %s\n", rss)

	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	if err := srv.cmd.Wait(); err != nil {
		return fmt.Errorf("the server did not stop cleanly (log in %s): %w", filepath.Join(o.dir, "server.log"), err)
	}
	if o.cpuprofile != "" {
		fmt.Printf("server CPU profile: %s (go tool pprof -top %s)\n", o.cpuprofile, o.cpuprofile)
	}
	return nil
}

type server struct {
	cmd  *exec.Cmd
	base string
}

// startServer starts the server child on a free loopback port and waits
// until it is ready.
func startServer(o options, graphURL string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg := fmt.Sprintf("listen: %s\ndatabase: %s\napi: {graph: %s}\nmeta:\n  app_secret: {env: PK_SECRET}\n  verify_token: {env: PK_VERIFY}\n"+
		"practices:\n  - id: %s\n    profile: demo.yaml\n    facebook: {page_id: %q, token: {env: PK_FB}}\n",
		addr, filepath.Join(o.dir, "pk.db"), graphURL, practice, pageID)
	path := filepath.Join(o.dir, "serve.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(o.dir, "server.log"))
	if err != nil {
		return nil, err
	}
	args := []string{"-test.run=^TestServerKilledMidFlood$", "-test.count=1"}
	if o.cpuprofile != "" {
		abs, err := filepath.Abs(o.cpuprofile)
		if err != nil {
			return nil, err
		}
		args = append(args, "-test.cpuprofile="+abs)
	}
	cmd := exec.Command(o.server, args...)
	cmd.Env = append(os.Environ(), "PAGEKEEPER_TEST_CRASH_CONFIG="+path)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Dir = o.dir
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the server: %w", err)
	}
	base := "http://" + addr
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return &server{cmd: cmd, base: base}, nil
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			return nil, fmt.Errorf("the server was not ready after a minute (log in %s): %v", logf.Name(), err)
		}
	}
}

type results struct {
	start    time.Time
	sendTime time.Duration
	due      []time.Time
	ack      []time.Duration
	acked    []bool
	errors   int
}

// send delivers one webhook per id, the i-th due at start + i/rate, with at
// most o.workers in flight. Latencies count from the due time, so a server
// that falls behind is charged for the wait (no coordinated omission).
func send(o options, g *platformtest.FakeGraph, base string, ids []string) results {
	n := len(ids)
	r := results{due: make([]time.Time, n), ack: make([]time.Duration, n), acked: make([]bool, n)}
	hc := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: o.workers, MaxConnsPerHost: o.workers}}
	created := time.Now().Unix()
	work := make(chan int, n)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range o.workers {
		wg.Go(func() {
			for i := range work {
				body := platformtest.FeedWebhook(platformtest.FeedEntry{PageID: pageID, Time: created, Changes: []platformtest.FeedChange{{
					Item: "comment", Verb: "add", PostID: pagePost, CommentID: ids[i], ParentID: pagePost,
					FromID: "7712345098765432", FromName: "Sam Patient", Message: text, CreatedTime: created}}})
				ok := post(hc, base+"/webhooks/meta", body)
				took := time.Since(r.due[i])
				mu.Lock()
				r.ack[i], r.acked[i] = took, ok
				if !ok {
					r.errors++
				}
				mu.Unlock()
			}
		})
	}
	interval := time.Duration(float64(time.Second) / o.rate)
	r.start = time.Now()
	for i := range n {
		due := r.start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		g.Put(platformtest.GraphObject{ID: ids[i], Text: text, FromID: "7712345098765432", FromName: "Sam Patient",
			PostID: pagePost, ParentID: pagePost, Created: time.Unix(created, 0)})
		r.due[i] = due
		work <- i
	}
	close(work)
	wg.Wait()
	r.sendTime = time.Since(r.start)
	return r
}

// post sends a signed webhook and reports whether it was answered 200.
func post(hc *http.Client, url string, body []byte) bool {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write(body)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(m.Sum(nil)))
	resp, err := hc.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func quantiles(d []time.Duration) string {
	if len(d) == 0 {
		return "no samples"
	}
	slices.Sort(d)
	q := func(p float64) time.Duration {
		return d[min(len(d)-1, int(p*float64(len(d))))].Round(100 * time.Microsecond)
	}
	return fmt.Sprintf("p50 %s  p99 %s  max %s  (n=%d)", q(0.50), q(0.99), d[len(d)-1].Round(100*time.Microsecond), len(d))
}

// peakRSS reads the process's high-water resident set size (Linux).
func peakRSS(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v)
			if kb, err := strconv.Atoi(f[0]); err == nil {
				return fmt.Sprintf("%.0f MiB", float64(kb)/1024)
			}
		}
	}
	return "unknown"
}
