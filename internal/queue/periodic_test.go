package queue_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/queue"
)

// overlap counts a handler's runs and the most that ran at once.
type overlap struct {
	mu            sync.Mutex
	runs, now, hi int
}

func (o *overlap) handler(d time.Duration, err error) queue.Handler {
	return func(ctx context.Context, _ queue.Running) error {
		o.mu.Lock()
		o.runs++
		o.now++
		o.hi = max(o.hi, o.now)
		o.mu.Unlock()
		time.Sleep(d)
		o.mu.Lock()
		o.now--
		o.mu.Unlock()
		return err
	}
}

func (o *overlap) counts() (runs, most int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.runs, o.hi
}

func periodicQueue(t *testing.T, b *backend, h queue.Handler, onDead func(context.Context, queue.DeadJob)) queue.Queue {
	t.Helper()
	q, err := b.newQueue(queue.Config{
		Handlers:     map[string]queue.Handler{"tick": h},
		Periodic:     []queue.Periodic{{Kind: "tick", Payload: []byte(`{"practice":"p1"}`), Every: time.Second, RunOnStart: true}},
		PollInterval: 50 * time.Millisecond,
		OnDead:       onDead,
	})
	if err != nil {
		t.Fatal(err)
	}
	start(t, q)
	return q
}

// TestPeriodicRunsOnOneInstanceWithoutOverlap runs two queues on one
// database with a job due every second that takes 2.5 s: one instance
// schedules it, and a run never starts while the last is still going.
func TestPeriodicRunsOnOneInstanceWithoutOverlap(t *testing.T) {
	testPeriodicRunsOnOneInstanceWithoutOverlap(t, sqliteBackend(t))
}
func TestPostgresPeriodicRunsOnOneInstanceWithoutOverlap(t *testing.T) {
	b := postgresBackend(t)
	testPeriodicRunsOnOneInstanceWithoutOverlap(t, b, b.reopen(t))
}

// testPeriodicRunsOnOneInstanceWithoutOverlap runs a queue on each of bs
// (a second pool on the same database is a second instance), or two on
// one.
func testPeriodicRunsOnOneInstanceWithoutOverlap(t *testing.T, bs ...*backend) {
	if len(bs) == 1 {
		bs = append(bs, bs[0])
	}
	o := &overlap{}
	h := o.handler(2500*time.Millisecond, nil)
	for _, b := range bs {
		periodicQueue(t, b, h, nil)
	}
	// Wait for three runs (about 7.5 s back to back; a loaded machine may
	// take longer), then check no two ever ran at once.
	runs, most := waitRuns(o, 3, time.Minute)
	if runs < 3 {
		t.Fatalf("%d runs in a minute of a 2.5s job due every second, want it run again and again", runs)
	}
	if most != 1 {
		t.Errorf("%d runs at once, want 1", most)
	}
}

// waitRuns waits until o has counted n runs or d has passed, and returns
// the counts.
func waitRuns(o *overlap, n int, d time.Duration) (runs, most int) {
	deadline := time.Now().Add(d)
	for {
		runs, most = o.counts()
		if runs >= n || time.Now().After(deadline) {
			return runs, most
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestPeriodicFailureWaitsForTheNextPeriod(t *testing.T) {
	o := &overlap{}
	dead := make(chan queue.DeadJob, 10)
	periodicQueue(t, sqliteBackend(t), o.handler(0, errors.New("platform down")), func(_ context.Context, d queue.DeadJob) { dead <- d })
	if runs, _ := waitRuns(o, 2, 30*time.Second); runs < 2 {
		t.Errorf("%d runs in 30s of a failing job due every second, want it tried again each period", runs)
	}
	select {
	case d := <-dead:
		t.Errorf("a failed periodic job was dead-lettered: %+v", d)
	default:
	}
}

func TestPeriodicConfigRejects(t *testing.T) {
	b := sqliteBackend(t)
	h := func(context.Context, queue.Running) error { return nil }
	tests := []struct {
		name string
		cfg  queue.Config
	}{
		{"no handler", queue.Config{Handlers: map[string]queue.Handler{"other": h},
			Periodic: []queue.Periodic{{Kind: "tick", Every: time.Minute}}}},
		{"too often", queue.Config{Handlers: map[string]queue.Handler{"tick": h},
			Periodic: []queue.Periodic{{Kind: "tick", Every: time.Millisecond}}}},
		{"twice", queue.Config{Handlers: map[string]queue.Handler{"tick": h},
			Periodic: []queue.Periodic{{Kind: "tick", Every: time.Minute}, {Kind: "tick", Every: time.Hour}}}},
		{"payload not an object", queue.Config{Handlers: map[string]queue.Handler{"tick": h},
			Periodic: []queue.Periodic{{Kind: "tick", Payload: []byte(`[1]`), Every: time.Minute}}}},
		{"insert-only queue", queue.Config{Periodic: []queue.Periodic{{Kind: "tick", Every: time.Minute}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := b.newQueue(tt.cfg); err == nil {
				t.Error("accepted")
			}
		})
	}
}
