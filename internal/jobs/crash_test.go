package jobs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/facebook"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// The worker process's settings, passed by environment.
const (
	envWorkerDB    = "PAGEKEEPER_TEST_WORKER_DB"
	envWorkerGraph = "PAGEKEEPER_TEST_WORKER_GRAPH"
)

// slow makes every platform call take a while, so a kill lands mid-flood.
type slow struct{ jobs.Platform }

func (s slow) wait() { time.Sleep(10 * time.Millisecond) }
func (s slow) Hide(ctx context.Context, r platform.Ref) error {
	s.wait()
	return s.Platform.Hide(ctx, r)
}
func (s slow) PrivateReply(ctx context.Context, r platform.Ref, text string) error {
	s.wait()
	return s.Platform.PrivateReply(ctx, r, text)
}

type nobody struct{}

func (nobody) Notify(context.Context, jobs.Message) error { return nil }

// workerProcess is the child: it works the queue on the parent's database
// file against the parent's fake Graph API until it is killed.
func workerProcess(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, os.Getenv(envWorkerDB))
	if err != nil {
		t.Fatal(err)
	}
	fb := &facebook.Client{PageID: pageID, Graph: &meta.Client{BaseURL: os.Getenv(envWorkerGraph), Token: "page-token"}}
	w, err := jobs.New(jobs.Config{Store: db, Connector: connector{slow{fb}}, Notifier: nobody{}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := queue.NewSQLite(db.SQL(), queue.Config{Handlers: w.Handlers(), OnDead: w.OnDead, MaxAttempts: 3,
		Backoff: func(int) time.Duration { return 10 * time.Millisecond }, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Minute) // until killed
}

func startWorker(t *testing.T, e *env) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWorkerProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envWorkerDB+"="+e.path, envWorkerGraph+"="+e.graph.URL)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

// TestKilledWorkerProcess floods a worker process with hides and private
// replies, kills it with SIGKILL mid-flood, starts another, and checks
// that nothing was lost and no private reply was sent twice.
func TestKilledWorkerProcess(t *testing.T) {
	if os.Getenv(envWorkerDB) != "" {
		workerProcess(t)
		return
	}
	if testing.Short() {
		t.Skip("starts worker processes; skipped with -short")
	}
	const n = 60
	e := newEnv(t)
	posts := map[int64]string{} // post id -> comment id
	for i := range n {
		ev := e.comment(t, fmt.Sprintf("Dr Hill was rude to me (%d)", i), time.Now())
		posts[e.ingest(t, ev).PostID] = ev.Ref.ObjectID
	}

	first := startWorker(t, e)
	eventually(t, "the first worker to get going", func() bool { return len(e.graph.Messages()) >= n/4 })
	time.Sleep(5 * time.Millisecond) // into the next calls' sleep, so some die mid-send
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	sentBefore := len(e.graph.Messages())
	if sentBefore == n {
		t.Fatal("the flood finished before the kill; slow the worker down")
	}
	// River's rescuer puts jobs left running by a dead process back after
	// an hour; do now what it would do then.
	if _, err := e.db.SQL().ExecContext(t.Context(), `UPDATE river_job SET state = 'available' WHERE state = 'running'`); err != nil {
		t.Fatal(err)
	}
	startWorker(t, e)
	for id := range posts {
		e.settled(t, id)
	}

	sends := map[string]int{} // comment id -> private reply requests
	for _, c := range e.graph.Calls() {
		if c.Method == http.MethodPost && strings.HasSuffix(c.Path, "/messages") {
			var body struct {
				Recipient struct {
					CommentID string `json:"comment_id"`
				} `json:"recipient"`
			}
			json.Unmarshal(c.Body, &body)
			sends[body.Recipient.CommentID]++
		}
	}
	var lost, doubled, unknown int
	for id, obj := range posts {
		if o, _ := e.graph.Object(obj); !o.Hidden {
			lost++
			t.Errorf("post %d: not hidden", id)
		}
		if sends[obj] > 1 {
			doubled++
			t.Errorf("post %d: %d private replies sent", id, sends[obj])
		}
		for _, a := range e.actions(t, id) {
			switch {
			case a.State == store.ActionDone:
			case a.Kind == moderation.ActionPrivateReply && a.State == store.ActionDead && strings.Contains(a.LastError, "may or may not"):
				unknown++ // reported to a person, never resent
			default:
				lost++
				t.Errorf("post %d: %s %s (%q)", id, a.Kind, a.State, a.LastError)
			}
			if a.Kind == moderation.ActionPrivateReply && a.State == store.ActionDone && sends[obj] != 1 {
				lost++
				t.Errorf("post %d: private reply done but %d sent", id, sends[obj])
			}
		}
	}
	t.Logf("%d posts, killed after %d replies: %d lost, %d doubled, %d replies left for a person to check", n, sentBefore, lost, doubled, unknown)
	verifyAudit(t, e.db)
}
