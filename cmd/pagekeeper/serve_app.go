package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/protection"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/triage"
	"github.com/pagekeeper/pagekeeper/internal/web"
)

// appPractice is one practice, wired: its profile and detectors, a client
// per platform it uses, what the web layer routes by, and its pollers
// (Name, Fetch and Interval set; the app fills in the rest and runs them
// as periodic jobs).
type appPractice struct {
	ID          string
	Name        string
	Profile     *profile.Profile
	ProfileYAML []byte
	Judge       triage.Judge
	Platforms   map[moderation.Channel]jobs.Platform
	Web         web.Practice
	Pollers     []*web.Poller
}

// appConfig is everything the running service needs, already resolved:
// serve builds it from a config file, demo from fakes.
type appConfig struct {
	DBPath          string // the database: a SQLite file or a postgres:// URL (openBackend)
	Practices       []appPractice
	MetaAppSecret   []byte
	MetaVerifyToken string
	XConsumerSecret []byte
	DecisionsPage   bool
	Refresh         time.Duration // the decisions page's reload interval
	Notifier        jobs.Notifier // nil logs notifications instead
	Logger          *slog.Logger
	QueuePoll       time.Duration // how often workers look for due jobs; 1 s when zero
	Workers         int
	// StaffPages turns on sign-in and the staff pages (queue, audit log,
	// statistics, settings) and the public guidance pages.
	StaffPages bool
	// HTTPS says staff reach the service over https (public_url), so
	// session cookies are Secure and __Host- prefixed.
	HTTPS      bool
	SignInHint string // shown on the sign-in page (the demo's accounts)
	// How often the leader checks review targets (5 min) and removes what
	// is past its retention (1 h), when zero.
	SLAEvery, RetentionEvery time.Duration
	// RescueAfter is how long a job of an instance that died stays claimed
	// before another runs it (queue.Config.RescueAfter); 5 min when zero.
	// JobTimeout bounds one run of a job (queue.Config.JobTimeout).
	RescueAfter, JobTimeout time.Duration
	// Keyring, when set, encrypts post text, payloads and evidence at rest
	// (sealed.Wrap over the backend's store).
	Keyring *sealed.Keyring
	// Retention is how long each kind of data is kept; the zero value
	// means protection.DefaultLimits.
	Retention *protection.Limits
	// TrustedProxies are reverse proxies whose forwarding headers are believed.
	TrustedProxies []netip.Prefix
}

// app is the running service: store, job queue and workers, triage,
// scheduled work (polls, review targets, retention) and the HTTP server.
// Several instances may share one PostgreSQL database: each serves
// webhooks and works jobs, and the queue's elected leader alone schedules
// the periodic jobs. Run serves until its context ends; Close releases the
// store.
type app struct {
	cfg     appConfig
	be      *backend
	db      store.Store
	live    *livePractices
	queue   queue.Queue
	fast    *jobs.Dispatcher // carries out decisions at once; the sweeper job catches what it leaves
	web     *web.Server
	metrics *web.Metrics
	running atomic.Bool // the queue is working jobs
	log     *slog.Logger
}

// newApp opens the store, records the practices in it and wires the rest.
func newApp(ctx context.Context, cfg appConfig) (*app, error) {
	be, err := openBackend(ctx, cfg.DBPath)
	if err != nil {
		return nil, err
	}
	db := be.Store
	if cfg.Keyring != nil {
		db = sealed.Wrap(db, cfg.Keyring)
	}
	a := &app{cfg: cfg, be: be, db: db, metrics: web.NewMetrics(), log: cfg.Logger}
	if err := a.wire(ctx); err != nil {
		be.Close()
		return nil, err
	}
	return a, nil
}

func (a *app) wire(ctx context.Context) error {
	cfg := a.cfg
	a.live = newLivePractices()
	var webPractices []web.Practice
	conn := &connector{platforms: map[string]map[moderation.Channel]jobs.Platform{}, posts: a.db, metrics: a.metrics}
	for i, p := range cfg.Practices {
		p, err := runningPractice(ctx, a.db, p, a.log)
		if err != nil {
			return err
		}
		cfg.Practices[i] = p
		a.live.set(p.ID, triage.Practice{Profile: p.Profile, Judge: p.Judge})
		w := p.Web
		w.ID = p.ID
		webPractices = append(webPractices, w)
		conn.platforms[p.ID] = p.Platforms
	}
	notifier := cfg.Notifier
	if notifier == nil {
		notifier = logNotifier{log: a.log}
	}
	// A run's claim keeps others off an action for longer than a job may
	// run; the sweeper takes an action whose lease has expired for the
	// leftover of a dead run.
	lease := max(90*time.Second, cfg.JobTimeout+30*time.Second)
	// SQLite has one connection, which database/sql hands to waiters in
	// no order: webhooks' ingests and the fast path's writes share group
	// commits, hides' first. PostgreSQL's pool needs no such queue.
	var commit *jobs.Committer
	if a.be.Name == "sqlite" {
		commit = jobs.NewCommitter(a.db, 64)
	}
	workers, err := jobs.New(jobs.Config{Store: a.db, Connector: conn, Notifier: notifier, Logger: a.log,
		PracticeLocation: a.live.location, Lease: lease, Committer: commit})
	if err != nil {
		return err
	}
	// Polls ingest through triage, which needs the queue, whose handlers
	// include the poll's: the pollers get triage once it exists, before
	// the queue starts.
	ingester := &lateIngester{}
	var pollers []*web.Poller
	for _, p := range cfg.Practices {
		for _, pl := range p.Pollers {
			pl.Practice, pl.Cursors, pl.Ingester, pl.Metrics = p.ID, a.db, ingester, a.metrics
			pl.Logger = a.log.With("component", "poller")
			pollers = append(pollers, pl)
		}
	}
	handlers := meteredHandlers(workers.Handlers(), a.metrics)
	periodic, err := a.scheduled(notifier, handlers)
	if err != nil {
		return err
	}
	if len(pollers) > 0 {
		pollJobs, pollHandler, err := web.PollJobs(pollers)
		if err != nil {
			return err
		}
		handlers[web.JobPoll] = pollHandler
		periodic = append(periodic, pollJobs...)
	}
	// The fast path's safety net: River jobs for actions left pending (a
	// crash after ingest's commit, a full dispatcher) or running under an
	// expired lease (a killed instance).
	sweeper := &jobs.Sweeper{Store: a.db, RunningAfter: lease,
		Logger: a.log.With("component", "sweeper")}
	handlers[jobs.JobSweep] = sweeper.Run
	periodic = append(periodic, queue.Periodic{Kind: jobs.JobSweep, Every: 15 * time.Second, RunOnStart: true})
	rescue := cfg.RescueAfter
	if rescue <= 0 {
		rescue = 5 * time.Minute
	}
	a.queue, err = a.be.NewQueue(queue.Config{
		Handlers:     handlers,
		OnDead:       meteredDead(workers.OnDead, a.metrics),
		Workers:      cfg.Workers,
		PollInterval: cfg.QueuePoll,
		Periodic:     periodic,
		RescueAfter:  rescue,
		JobTimeout:   cfg.JobTimeout,
		Logger:       a.log.With("component", "queue"),
	})
	if err != nil {
		return err
	}
	uq, ok := a.queue.(queue.UniqueInserter)
	if !ok {
		return fmt.Errorf("the %T queue cannot insert unique jobs", a.queue)
	}
	sweeper.Queue = uq
	a.fast = workers.NewDispatcher(uq, jobs.DispatchConfig{Observe: meteredOutcome(a.metrics)})
	svc, err := triage.New(triage.Config{Store: a.db, Queue: a.queue, Practices: a.live, Logger: a.log.With("component", "triage"),
		Dispatcher: a.fast, InspectMedia: true, Committer: commit}) // photos held for a person get their metadata read and stripped (clause 5)
	if err != nil {
		return err
	}
	ingester.Ingester = svc
	wc := web.Config{
		Practices:       webPractices,
		MetaAppSecret:   cfg.MetaAppSecret,
		MetaVerifyToken: cfg.MetaVerifyToken,
		XConsumerSecret: cfg.XConsumerSecret,
		Ingester:        svc,
		Ready:           a.ready,
		Metrics:         a.metrics,
		Logger:          a.log.With("component", "web"),
		Refresh:         cfg.Refresh,
		TrustedProxies:  cfg.TrustedProxies,
	}
	if cfg.DecisionsPage {
		wc.Reader = a.db
	}
	if cfg.StaffPages {
		wc.Staff = &web.Staff{Store: a.db, Queue: a.queue, Policies: a.live, HTTPS: cfg.HTTPS, SignInHint: cfg.SignInHint}
	}
	if a.web, err = web.New(wc); err != nil {
		return err
	}
	return nil
}

// lateIngester hands events to an Ingester set after it is created.
type lateIngester struct{ triage.Ingester }

// scheduled returns the periodic jobs every instance configures (only the
// leader inserts them) other than polls, adding their handlers: review
// targets and retention.
func (a *app) scheduled(notifier jobs.Notifier, handlers map[string]queue.Handler) ([]queue.Periodic, error) {
	var ids []string
	for _, p := range a.cfg.Practices {
		ids = append(ids, p.ID)
	}
	sla := &jobs.SLA{Store: a.db, Notifier: notifier, Practices: ids, Target: web.ReviewTarget,
		Waiting: a.reviewWaiting, Logger: a.log.With("component", "sla")}
	slaHandler, err := sla.Handler()
	if err != nil {
		return nil, err
	}
	ret := &jobs.Retention{Store: a.db, Purge: retentionPurge(a.db, a.cfg.Retention), Logger: a.log.With("component", "retention")}
	retHandler, err := ret.Handler()
	if err != nil {
		return nil, err
	}
	handlers[jobs.JobSLA], handlers[jobs.JobRetention] = slaHandler, retHandler
	return []queue.Periodic{
		{Kind: jobs.JobSLA, Every: cmp.Or(a.cfg.SLAEvery, 5*time.Minute), RunOnStart: true},
		{Kind: jobs.JobRetention, Every: cmp.Or(a.cfg.RetentionEvery, time.Hour), RunOnStart: true},
	}, nil
}

// reviewWaiting is how long a post has waited for review in the
// practice's surgery hours, as the review queue counts it.
func (a *app) reviewWaiting(ctx context.Context, practiceID string, from, to time.Time) (time.Duration, error) {
	prof, _, err := a.live.Practice(ctx, practiceID)
	if err != nil {
		return 0, err
	}
	return web.ReviewWaiting(prof.Hours, from, to), nil
}

// retentionPurge removes personal data past its per-kind retention period
// (protection.Purge with limits, or the default limits when nil), for
// stores that can; nil for one that cannot, leaving the job to forget old
// dedupe keys only.
func retentionPurge(st store.Store, limits *protection.Limits) func(ctx context.Context, now time.Time) error {
	ps, ok := st.(store.ProtectedStore)
	if !ok {
		return nil
	}
	l := protection.DefaultLimits()
	if limits != nil {
		l = *limits
	}
	return func(ctx context.Context, now time.Time) error {
		_, err := protection.Purge(ctx, ps, l, now)
		return err
	}
}

// ensurePractice records the practice, or refreshes its stored profile.
// Instances starting together may both find it missing: the one that
// loses the race to create it refreshes it instead.
func ensurePractice(ctx context.Context, db store.Store, p appPractice) error {
	_, err := db.Practice(ctx, p.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		err := db.CreatePractice(ctx, &store.Practice{ID: p.ID, Name: p.Name, Profile: p.ProfileYAML, CreatedAt: time.Now()})
		if errors.Is(err, store.ErrDuplicate) {
			return db.UpdatePracticeProfile(ctx, p.ID, p.ProfileYAML)
		}
		return err
	case err != nil:
		return err
	default:
		return db.UpdatePracticeProfile(ctx, p.ID, p.ProfileYAML)
	}
}

// runningPractice records the practice like ensurePractice, except that a
// profile staff have changed on the settings page is kept (a file edited
// since is ignored, with a warning), so a restart never silently undoes
// their change. It returns the practice as it will run.
func runningPractice(ctx context.Context, db store.Store, p appPractice, log *slog.Logger) (appPractice, error) {
	stored, err := db.Practice(ctx, p.ID)
	if err != nil {
		return p, ensurePractice(ctx, db, p)
	}
	edited, err := editedOnSettingsPage(ctx, db, p.ID)
	if err != nil {
		return p, err
	}
	if !edited || bytes.Equal(stored.Profile, p.ProfileYAML) {
		return p, ensurePractice(ctx, db, p)
	}
	prof, err := profile.Parse(p.ID+" (stored)", stored.Profile)
	if err != nil {
		return p, fmt.Errorf("the profile of %s saved on the settings page does not load: %w", p.ID, err)
	}
	eng, err := newEngine(prof)
	if err != nil {
		return p, err
	}
	log.Warn("the practice's settings were changed on the settings page: using them, not the profile file", "practice", p.ID)
	p.Profile, p.ProfileYAML, p.Judge = prof, stored.Profile, eng.Judge
	return p, nil
}

// editedOnSettingsPage reports whether staff saved the practice's profile
// on the settings page (its audit log says so).
func editedOnSettingsPage(ctx context.Context, db store.AuditLog, practiceID string) (bool, error) {
	var after int64
	for {
		es, err := db.AuditEntries(ctx, practiceID, after, 1000)
		if err != nil {
			return false, err
		}
		for _, e := range es {
			if e.Kind == store.AuditStaffAction && e.Subject == "practice:"+practiceID {
				return true, nil
			}
			after = e.Seq
		}
		if len(es) < 1000 {
			return false, nil
		}
	}
}

// ready is the readiness check: the store answers and the queue works.
func (a *app) ready(ctx context.Context) error {
	if err := a.be.Ping(ctx); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if !a.running.Load() {
		return errors.New("job queue not running")
	}
	return nil
}

// Handler is the HTTP handler (for tests that serve it themselves).
func (a *app) Handler() http.Handler { return a.web }

// Run starts the queue (and with it, on the leader, the scheduled polls
// and checks), serves HTTP on ln until ctx ends, then shuts down in order:
// stop taking requests (letting those in flight finish, so every
// acknowledged event is stored), then let running jobs finish.
func (a *app) Run(ctx context.Context, ln net.Listener) error {
	// Building the app decodes the detectors' models and lexicons: tens of
	// megabytes of short-lived buffers that set the garbage collector's
	// first goal at twice that peak, so an idle server would grow towards
	// it before collecting once. Collect them now: from here the goal
	// follows what the server keeps (bench/memory; GOMEMLIMIT still works).
	debug.FreeOSMemory()
	// The queue outlives ctx so jobs in flight can finish during shutdown.
	if err := a.queue.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	a.running.Store(true)
	if q, ok := a.queue.(interface{ ID() string }); ok {
		a.log.Info("job queue started", "queue_id", q.ID(), "database", a.be.Name)
	}
	hs := web.HTTPServer(ln.Addr().String(), a.web, a.log)
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	a.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	if serr := hs.Shutdown(sctx); serr != nil {
		err = errors.Join(err, fmt.Errorf("stopping http server: %w", serr))
	}
	a.running.Store(false)
	if ferr := a.fast.Stop(sctx); ferr != nil { // what it leaves, the sweeper hands to River
		err = errors.Join(err, fmt.Errorf("stopping the dispatcher: %w", ferr))
	}
	if qerr := a.queue.Stop(sctx); qerr != nil {
		err = errors.Join(err, qerr)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Close closes the store.
func (a *app) Close() error {
	a.fast.Stop(context.Background()) // when Run did not: no action runs on a closed store
	return a.be.Close()
}

// connector finds a practice's platform client, wrapped to record how long
// after its event each action reached the platform.
type connector struct {
	platforms map[string]map[moderation.Channel]jobs.Platform
	posts     postFinder
	metrics   *web.Metrics
}

type postFinder interface {
	PostByExternalID(ctx context.Context, practiceID string, ch moderation.Channel, externalID string) (store.Post, error)
}

var _ jobs.Connector = (*connector)(nil)

func (c *connector) Platform(practiceID string, ch string) (jobs.Platform, error) {
	p, ok := c.platforms[practiceID][moderation.Channel(ch)]
	if !ok {
		return nil, fmt.Errorf("practice %s has no %s account connected: %w", practiceID, ch, platform.ErrNotSupported)
	}
	return &meteredPlatform{Platform: p, practice: practiceID, ch: moderation.Channel(ch), posts: c.posts, m: c.metrics}, nil
}

// meteredPlatform records pagekeeper_action_latency_seconds: from the
// post's arrival to the platform's answer.
type meteredPlatform struct {
	jobs.Platform
	practice string
	ch       moderation.Channel
	posts    postFinder
	m        *web.Metrics
}

func (p *meteredPlatform) done(ctx context.Context, kind moderation.ActionKind, ref platform.Ref, err error) {
	if err != nil || p.m == nil {
		return
	}
	post, perr := p.posts.PostByExternalID(ctx, p.practice, p.ch, ref.ObjectID)
	if perr == nil && !post.ReceivedAt.IsZero() {
		p.m.ActionLatency(kind, time.Since(post.ReceivedAt))
	}
}

func (p *meteredPlatform) Hide(ctx context.Context, ref platform.Ref) error {
	err := p.Platform.Hide(ctx, ref)
	p.done(ctx, moderation.ActionHide, ref, err)
	return err
}

func (p *meteredPlatform) Delete(ctx context.Context, ref platform.Ref) error {
	err := p.Platform.Delete(ctx, ref)
	p.done(ctx, moderation.ActionDelete, ref, err)
	return err
}

func (p *meteredPlatform) Reply(ctx context.Context, ref platform.Ref, text string) (platform.Ref, error) {
	r, err := p.Platform.Reply(ctx, ref, text)
	p.done(ctx, moderation.ActionReply, ref, err)
	return r, err
}

func (p *meteredPlatform) PrivateReply(ctx context.Context, ref platform.Ref, text string) error {
	err := p.Platform.PrivateReply(ctx, ref, text)
	p.done(ctx, moderation.ActionPrivateReply, ref, err)
	return err
}

// meteredHandlers counts each job attempt's outcome: done, or failed and
// to be retried. (A permanent failure on an early attempt is also counted
// as a retry; the queue does not say which errors are permanent.)
func meteredHandlers(hs map[string]queue.Handler, m *web.Metrics) map[string]queue.Handler {
	out := make(map[string]queue.Handler, len(hs))
	for kind, h := range hs {
		k := moderation.ActionKind(kind)
		out[kind] = func(ctx context.Context, job queue.Running) error {
			err := h(ctx, job)
			switch {
			case err == nil:
				m.Action(k, "done")
			case queue.IsLater(err): // waiting for another job (a delete waits for its hide): not a failure
			case !job.LastAttempt():
				m.Action(k, "failed")
				m.JobRetry()
			}
			return err
		}
	}
	return out
}

// meteredOutcome counts the fast path's actions as meteredHandlers and
// meteredDead count the queue's jobs.
func meteredOutcome(m *web.Metrics) func(moderation.ActionKind, string) {
	return func(k moderation.ActionKind, outcome string) {
		m.Action(k, outcome)
		switch outcome {
		case "failed":
			m.JobRetry()
		case "dead":
			m.JobFailure(k)
		}
	}
}

// meteredDead counts dead-lettered jobs before the workers record them.
func meteredDead(onDead func(context.Context, queue.DeadJob), m *web.Metrics) func(context.Context, queue.DeadJob) {
	return func(ctx context.Context, d queue.DeadJob) {
		k := moderation.ActionKind(d.Kind)
		m.Action(k, "dead")
		m.JobFailure(k)
		onDead(ctx, d)
	}
}

// logNotifier logs notifications when no mail server is configured. It
// logs the subject (never patient text) and the link, not the body.
type logNotifier struct{ log *slog.Logger }

func (n logNotifier) Notify(ctx context.Context, m jobs.Message) error {
	n.log.WarnContext(ctx, "notification (no smtp configured)", "practice", m.PracticeID, "role", m.Role, "urgent", m.Urgent, "subject", m.Subject, "link", m.Link)
	return nil
}
