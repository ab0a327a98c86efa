package queue

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Periodic is a job the queue inserts on a schedule: a poll, a clean-up,
// a check. However many instances share the database, only River's elected
// leader inserts periodic jobs, and a run is not inserted while an earlier
// one with the same kind and payload is waiting or running, so a slow run
// never overlaps the next. Any instance may work the job.
//
// A periodic job is tried once: when it fails, the error is logged and the
// next period runs it again; Config.OnDead is not called for it. A
// platform's rate-limit answer (or Later) still puts the run off, and with
// it the next one.
type Periodic struct {
	Kind       string          // a kind with a registered Handler
	Payload    json.RawMessage // a JSON object; with Kind, what makes two runs the same job
	Every      time.Duration   // at least a second
	RunOnStart bool            // also run when an instance becomes leader
}

// uniqueStates are the states in which a periodic run blocks the next
// insert of the same job: everything short of finished. River requires
// available, pending, running and scheduled; retryable is added so a run
// waiting to retry is not joined by a second.
var uniqueStates = []rivertype.JobState{
	rivertype.JobStateAvailable,
	rivertype.JobStatePending,
	rivertype.JobStateRetryable,
	rivertype.JobStateRunning,
	rivertype.JobStateScheduled,
}

// periodicJobs turns ps into River's periodic jobs. Each kind needs a
// handler in handlers.
func periodicJobs(ps []Periodic, handlers map[string]Handler) ([]*river.PeriodicJob, error) {
	var out []*river.PeriodicJob
	seen := map[string]bool{}
	for _, p := range ps {
		if _, ok := handlers[p.Kind]; !ok {
			return nil, fmt.Errorf("periodic job %q has no handler", p.Kind)
		}
		if p.Every < time.Second {
			return nil, fmt.Errorf("periodic job %q: every %v is under a second", p.Kind, p.Every)
		}
		a, err := newArgs(Job{Kind: p.Kind, Payload: p.Payload})
		if err != nil {
			return nil, fmt.Errorf("periodic job %q: %w", p.Kind, err)
		}
		id := p.Kind + " " + string(a.payload)
		if seen[id] {
			return nil, fmt.Errorf("periodic job %q with payload %s appears twice", p.Kind, a.payload)
		}
		seen[id] = true
		opts := &river.InsertOpts{
			MaxAttempts: 1,
			UniqueOpts:  river.UniqueOpts{ByArgs: true, ByState: uniqueStates},
		}
		out = append(out, river.NewPeriodicJob(river.PeriodicInterval(p.Every),
			func() (river.JobArgs, *river.InsertOpts) { return a, opts },
			&river.PeriodicJobOpts{RunOnStart: p.RunOnStart}))
	}
	return out, nil
}

// isPeriodic reports whether kind is one of cfg's periodic jobs.
func (c Config) isPeriodic(kind string) bool {
	return slices.ContainsFunc(c.Periodic, func(p Periodic) bool { return p.Kind == kind })
}

// errNoHandlers is returned for periodic jobs on an insert-only queue.
var errNoHandlers = errors.New("periodic jobs need handlers: an insert-only queue cannot run them")

// ID is the queue's client id, as River records it (river_leader.leader_id
// names the instance that schedules the periodic jobs).
func (q *River[TTx]) ID() string { return q.client.ID() }
