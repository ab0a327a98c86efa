// Package queue runs durable jobs: inserted in the same transaction as the
// rows that need them (a post, its decision, its actions), retried with
// backoff, and dead-lettered when they keep failing so a person is told.
//
// It wraps River. River's client is generic in its transaction type
// (river.Client[*sql.Tx] for SQLite, river.Client[pgx.Tx] for PostgreSQL),
// so callers see only the Queue interface and hand it the store's
// transaction; the backend's own handle comes from Tx.DriverTx.
//
// Retry policy: an ordinary error is retried after Config.Backoff(attempt)
// and counts as an attempt. A *platform.RateLimitError with a RetryAt
// snoozes the job until then (River's JobSnooze) without counting an
// attempt: being told to wait says nothing about whether the action works.
// After Config.MaxSnoozes such snoozes a rate limit counts like any error,
// so a platform that never lets up still ends in the dead-letter hook. An
// error wrapped with Permanent is not retried at all.
package queue

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// Job is work to do later.
type Job struct {
	Kind        string          // a kind with a registered Handler ("hide", "escalate")
	Payload     json.RawMessage // a JSON object of ids the handler needs; never patient text
	MaxAttempts int             // 0 means Config.MaxAttempts
	RunAt       time.Time       // zero means now
}

// Running is a job as its handler sees it.
type Running struct {
	ID          int64
	Kind        string
	Payload     json.RawMessage
	Attempt     int // 1 on the first try
	MaxAttempts int
}

// LastAttempt reports whether a failure now will dead-letter the job.
func (r Running) LastAttempt() bool { return r.Attempt >= r.MaxAttempts }

// Handler does a job. A nil error completes it; see the package comment
// for what errors do. Handlers must be idempotent: a job can run again if
// the process dies after the work but before its completion is recorded.
type Handler func(ctx context.Context, job Running) error

// DeadJob is a job that will not be tried again.
type DeadJob struct {
	Running
	Err       error
	Permanent bool // failed with Permanent, not by running out of attempts
}

// Tx is a store transaction; store.TxStore satisfies it.
type Tx interface {
	// DriverTx returns the backend's transaction handle.
	DriverTx() any
}

// Queue is what callers of the job queue use.
type Queue interface {
	// InsertTx adds job in tx: it runs only if tx commits. It returns the
	// job's id.
	InsertTx(ctx context.Context, tx Tx, job Job) (int64, error)
	// Start starts working jobs until Stop or ctx ends.
	Start(ctx context.Context) error
	// Stop waits for running jobs to finish and stops.
	Stop(ctx context.Context) error
}

// Config configures a queue. Zero fields take the defaults shown.
type Config struct {
	Handlers     map[string]Handler              // by job kind; required to work jobs
	Workers      int                             // jobs run at once; 4
	MaxAttempts  int                             // tries before dead-lettering; 8
	MaxSnoozes   int                             // rate-limit waits before they count as failures; 20
	Backoff      func(attempt int) time.Duration // wait after failed attempt n; DefaultBackoff
	PollInterval time.Duration                   // how often to look for due jobs; 1 s
	JobTimeout   time.Duration                   // a job's context is cancelled after this; 1 min
	// OnDead is called once, from the worker, when a job fails for the
	// last time, before River marks it discarded (or cancelled, for
	// Permanent errors). Use it to mark the action dead, write the audit
	// entry and alert the practice manager. A job whose process died on
	// its last attempt is discarded by River's rescuer without this call.
	OnDead func(ctx context.Context, job DeadJob)
	Logger *slog.Logger // nil discards River's logs
	// Periodic jobs are inserted on a schedule by one instance at a time
	// (see Periodic); their kinds need Handlers.
	Periodic []Periodic
	// RescueAfter is how long a job may run before it is taken to belong
	// to a process that died and is put back to run again; more than
	// JobTimeout. River's default (JobTimeout + 1 h) when zero.
	RescueAfter time.Duration
}

// DefaultBackoff waits 30 s after the first failure, doubling each time up
// to an hour, with ±10% jitter so retries after an outage spread out.
func DefaultBackoff(attempt int) time.Duration {
	d := 30 * time.Second << min(max(attempt-1, 0), 7)
	d = min(d, time.Hour)
	return d + time.Duration((rand.Float64()-0.5)*0.2*float64(d))
}

// permanentError marks an error that retrying cannot fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent wraps err so the job is dead-lettered at once (an expired
// token, an action the platform does not support).
func Permanent(err error) error { return &permanentError{err: err} }

// laterError asks for the job to run again after a delay without counting an attempt.
type laterError struct {
	after time.Duration
	why   string
}

func (e *laterError) Error() string { return "not yet: " + e.why }

// Later returns an error that puts the job back to run again after d without
// counting an attempt, for a job that must wait for another to finish first
// (a delete waits for the hide before it). It is bounded by MaxSnoozes like
// a rate-limit wait.
func Later(d time.Duration, why string) error { return &laterError{after: d, why: why} }

// IsLater reports whether err asks for the job to run again later (Later):
// a wait, not a failure.
func IsLater(err error) bool {
	var l *laterError
	return errors.As(err, &l)
}

// River is a Queue on River, for the transaction type TTx.
type River[TTx any] struct {
	client *river.Client[TTx]
}

var _ Queue = (*River[*sql.Tx])(nil)

// NewSQLite returns a queue on the SQLite pool of the store (sqlite.DB.SQL),
// whose migrations have created River's tables.
func NewSQLite(db *sql.DB, cfg Config) (*River[*sql.Tx], error) {
	return New(riversqlite.New(db), cfg)
}

// New returns a queue on a River driver.
func New[TTx any](driver riverdriver.Driver[TTx], cfg Config) (*River[TTx], error) {
	cfg = withDefaults(cfg)
	q := &River[TTx]{}
	rc := &river.Config{
		MaxAttempts:       cfg.MaxAttempts,
		RetryPolicy:       retryPolicy{backoff: cfg.Backoff},
		FetchPollInterval: cfg.PollInterval,
		FetchCooldown:     min(100*time.Millisecond, cfg.PollInterval),
		JobTimeout:        cfg.JobTimeout,
		Logger:            cfg.Logger,
		// Keep finished jobs a week: the action rows are the record, but
		// this helps when asking why a job behaved as it did.
		CompletedJobRetentionPeriod: 7 * 24 * time.Hour,
		DiscardedJobRetentionPeriod: 30 * 24 * time.Hour,
		RescueStuckJobsAfter:        cfg.RescueAfter,
	}
	if len(cfg.Handlers) > 0 {
		workers := river.NewWorkers()
		for kind, h := range cfg.Handlers {
			river.AddWorkerArgs(workers, args{kind: kind}, &worker{h: h, cfg: cfg})
		}
		rc.Workers = workers
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}}
		pj, err := periodicJobs(cfg.Periodic, cfg.Handlers)
		if err != nil {
			return nil, fmt.Errorf("creating job queue: %w", err)
		}
		rc.PeriodicJobs = pj
	} else {
		if len(cfg.Periodic) > 0 {
			return nil, fmt.Errorf("creating job queue: %w", errNoHandlers)
		}
		rc.SkipUnknownJobCheck = true // insert-only
	}
	c, err := river.NewClient(driver, rc)
	if err != nil {
		return nil, fmt.Errorf("creating job queue: %w", err)
	}
	q.client = c
	return q, nil
}

func withDefaults(c Config) Config {
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 8
	}
	if c.MaxSnoozes <= 0 {
		c.MaxSnoozes = 20
	}
	if c.Backoff == nil {
		c.Backoff = DefaultBackoff
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	if c.JobTimeout <= 0 {
		c.JobTimeout = time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c
}

// InsertTx adds job in tx; see Queue.
func (q *River[TTx]) InsertTx(ctx context.Context, tx Tx, job Job) (int64, error) {
	t, ok := tx.DriverTx().(TTx)
	if !ok {
		return 0, fmt.Errorf("inserting %s job: transaction is %T, want %T", job.Kind, tx.DriverTx(), *new(TTx))
	}
	a, err := newArgs(job)
	if err != nil {
		return 0, fmt.Errorf("inserting %s job: %w", job.Kind, err)
	}
	res, err := q.client.InsertTx(ctx, t, a, &river.InsertOpts{MaxAttempts: job.MaxAttempts, ScheduledAt: job.RunAt})
	if err != nil {
		return 0, fmt.Errorf("inserting %s job: %w", job.Kind, err)
	}
	return res.Job.ID, nil
}

// Start starts working jobs; see Queue.
func (q *River[TTx]) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("starting job queue: %w", err)
	}
	return nil
}

// Stop stops working jobs; see Queue.
func (q *River[TTx]) Stop(ctx context.Context) error {
	if err := q.client.Stop(ctx); err != nil {
		return fmt.Errorf("stopping job queue: %w", err)
	}
	return nil
}

// args carries a job's kind and payload through River, which needs a
// JobArgs whose Kind names the worker. SQLite keeps the payload as given;
// PostgreSQL keeps it as jsonb, so it comes back as the same JSON value
// (spacing and key order may differ): handlers must decode it, not compare
// bytes.
type args struct {
	kind    string
	payload json.RawMessage
}

func newArgs(j Job) (args, error) {
	if j.Kind == "" {
		return args{}, errors.New("job has no kind")
	}
	p := j.Payload
	if len(p) == 0 {
		p = json.RawMessage("{}")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(p, &obj); err != nil {
		return args{}, fmt.Errorf("payload must be a JSON object: %w", err)
	}
	return args{kind: j.Kind, payload: p}, nil
}

func (a args) Kind() string                 { return a.kind }
func (a args) MarshalJSON() ([]byte, error) { return a.payload, nil }
func (a *args) UnmarshalJSON(b []byte) error {
	a.payload = append(json.RawMessage(nil), b...)
	return nil
}

// worker adapts a Handler to River.
type worker struct {
	river.WorkerDefaults[args]
	h   Handler
	cfg Config
}

// Work runs the handler and turns its error into River's retry decision.
func (w *worker) Work(ctx context.Context, job *river.Job[args]) (err error) {
	cfg := w.cfg
	r := Running{ID: job.ID, Kind: job.Kind, Payload: job.Args.payload, Attempt: job.Attempt, MaxAttempts: job.MaxAttempts}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %d (%s) panicked: %v", job.ID, job.Kind, p)
			err = w.failed(ctx, cfg, job, r, err)
		}
	}()
	if err := w.h(ctx, r); err != nil {
		return w.failed(ctx, cfg, job, r, err)
	}
	return nil
}

// failed decides what a handler's error means for the job.
func (w *worker) failed(ctx context.Context, cfg Config, job *river.Job[args], r Running, err error) error {
	var rl *platform.RateLimitError
	if errors.As(err, &rl) && !rl.RetryAt.IsZero() && snoozes(job.JobRow) < cfg.MaxSnoozes {
		return river.JobSnooze(max(time.Until(rl.RetryAt), 0))
	}
	var later *laterError
	if errors.As(err, &later) && snoozes(job.JobRow) < cfg.MaxSnoozes {
		return river.JobSnooze(later.after)
	}
	var perm *permanentError
	if errors.As(err, &perm) {
		w.dead(ctx, cfg, DeadJob{Running: r, Err: err, Permanent: true})
		return river.JobCancel(err)
	}
	// A job interrupted by the client stopping is put back, not failed.
	if r.LastAttempt() && !(errors.Is(err, context.Canceled) && ctx.Err() != nil) {
		w.dead(ctx, cfg, DeadJob{Running: r, Err: err})
	}
	return err
}

func (w *worker) dead(ctx context.Context, cfg Config, d DeadJob) {
	if cfg.isPeriodic(d.Kind) {
		cfg.Logger.WarnContext(ctx, "periodic job failed; the next period runs it again", "kind", d.Kind, "job", d.ID, "err", d.Err)
		return
	}
	if cfg.OnDead != nil {
		cfg.OnDead(context.WithoutCancel(ctx), d)
	}
}

// snoozes is how many times River has snoozed the job.
func snoozes(j *rivertype.JobRow) int {
	var m struct {
		Snoozes int `json:"snoozes"`
	}
	if len(j.Metadata) > 0 {
		json.Unmarshal(j.Metadata, &m) // a malformed count counts as none
	}
	return m.Snoozes
}

// retryPolicy applies Config.Backoff.
type retryPolicy struct{ backoff func(int) time.Duration }

func (p retryPolicy) NextRetry(j *rivertype.JobRow) time.Time {
	return time.Now().Add(p.backoff(j.Attempt))
}
