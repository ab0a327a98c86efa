package jobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// ErrOutcomeUnknown means a reply may or may not have reached the platform:
// the request went but no answer came back (a timeout, a crash). Sending
// again could post the message twice, so the action is dead-lettered for a
// person to look at the page.
var ErrOutcomeUnknown = errors.New("the platform may or may not have done it: a person must check before trying again")

// RoleManager is the role told about dead letters and expired tokens.
const RoleManager = "practice_manager"

// actor is the audit actor of everything workers do.
const actor = "worker"

// maxLastError bounds the error text kept on an action.
const maxLastError = 500

// Config is what Workers need. Store, Connector and Notifier are required.
type Config struct {
	Store     store.Store
	Connector Connector
	Notifier  Notifier
	Now       func() time.Time // time.Now when nil
	Logger    *slog.Logger     // discards when nil
	// MediaClient downloads the photos an inspection checks. When nil, a
	// client that connects only to public internet addresses. Either way
	// redirects are followed only to http and https, at most 5.
	MediaClient *http.Client
	// PracticeLocation returns where the practice is (its profile's
	// location), or nil when the profile gives none. Nil: no practice has one.
	PracticeLocation func(ctx context.Context, practiceID string) (*profile.Location, error)
	// Lease is how long a run's claim on an action keeps other runs off
	// it; 2 min. More than any run may hold it (a fast-path action's
	// ActionTimeout, a job's timeout): a job that finds an action running
	// under a live lease waits, and takes it over only once it expires.
	Lease time.Duration
	// Committer commits the runs' store writes together, hides' and
	// escalations' first; one of its own (64 writes a transaction) when
	// nil. Share one with triage on SQLite, so a hide's write overtakes
	// the webhooks' ingests queued for the one connection.
	Committer *Committer
}

// Workers carry out actions: Handlers go in queue.Config.Handlers and
// OnDead in queue.Config.OnDead. Safe for concurrent use.
type Workers struct {
	store     store.Store
	connector Connector
	notifier  Notifier
	now       func() time.Time
	log       *slog.Logger
	media     *http.Client
	location  func(ctx context.Context, practiceID string) (*profile.Location, error)
	byKind    map[moderation.ActionKind]actFunc // acts(), made once
	lease     time.Duration
	group     *Committer // the store writes of concurrent runs, committed together
}

// New returns workers for cfg.
func New(cfg Config) (*Workers, error) {
	if cfg.Store == nil || cfg.Connector == nil || cfg.Notifier == nil {
		return nil, errors.New("creating workers: store, connector and notifier are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	w := &Workers{store: cfg.Store, connector: cfg.Connector, notifier: cfg.Notifier, now: cfg.Now, log: cfg.Logger,
		media: mediaClient(cfg.MediaClient), location: cfg.PracticeLocation, lease: cfg.Lease,
		group: cfg.Committer}
	if w.group == nil {
		w.group = NewCommitter(cfg.Store, 64)
	}
	w.byKind = w.acts()
	return w, nil
}

// run is one job's action and post, loaded.
type run struct {
	job  queue.Running
	a    store.Action
	post store.Post
	// dec, when set, is the action's decision as ingest stored it (labels
	// and findings), so the run need not load it.
	dec *store.Decision
	// firstDone says the decision's hides and replies are known final
	// (the fast path finished them), so a delete need not look.
	firstDone bool
}

// ref is the platform reference of the run's post.
func (r run) ref() platform.Ref {
	return platform.Ref{Channel: r.post.Channel, ObjectID: r.post.ExternalID, ParentID: r.post.ParentID}
}

// outcome is what an action came to when it did not fail.
type outcome struct {
	state  store.ActionState // ActionDone or ActionSkipped
	status store.PostStatus  // the post's new status; "" leaves it
	kind   store.AuditKind   // AuditActed when empty
	reason string            // why it was skipped, kept as the action's last error
	detail map[string]any    // more audit detail: ids, flags, never text
}

type actFunc func(ctx context.Context, r run) (outcome, error)

// Handlers returns a queue handler for each action kind that needs a job,
// and for JobInspectMedia. Hold needs none: it waits for a person, not a
// platform.
func (w *Workers) Handlers() map[string]queue.Handler {
	acts := w.acts()
	hs := make(map[string]queue.Handler, len(acts)+1)
	for k := range acts {
		hs[string(k)] = w.handler(k)
	}
	hs[JobInspectMedia] = w.inspectMedia
	return hs
}

// acts is what carries out each action kind that needs a platform or a
// notifier.
func (w *Workers) acts() map[moderation.ActionKind]actFunc {
	return map[moderation.ActionKind]actFunc{
		moderation.ActionHide:         w.hide,
		ActionUnhide:                  w.unhide,
		moderation.ActionDelete:       w.delete,
		moderation.ActionReply:        w.reply,
		moderation.ActionPrivateReply: w.privateReply,
		moderation.ActionEscalate:     w.escalate,
		moderation.ActionReport:       w.report,
	}
}

// handler is a River job's run of one action; see attempt.
func (w *Workers) handler(kind moderation.ActionKind) queue.Handler {
	return func(ctx context.Context, job queue.Running) error {
		p, err := decodePayload(job.Payload)
		if err != nil {
			return queue.Permanent(fmt.Errorf("%s job %d: %w", kind, job.ID, err))
		}
		return w.attempt(ctx, job, p, kind)
	}
}

// claimable are the states a run may claim an action from: never tried,
// or failed and due again.
var claimable = []store.ActionState{store.ActionPending, store.ActionFailed}

// waitForClaim is how long a job that found its action running under a
// live lease waits before looking again.
const waitForClaim = 2 * time.Second

// attempt is a River job's run of one action. It loads the action and its
// post, does nothing for an action already final, claims the action
// (pending or failed to running, with a lease: of racing runs, on any
// instance, one wins and the others do nothing) and carries it out. An
// action found running belongs to another run: while that run's lease is
// live the job waits for it (Later); once the lease has expired the run
// is taken to have died, and the job takes the action over and runs it
// again, where hide, unhide, delete and escalate repeat and a reply is
// dead-lettered as perhaps sent (see send). kind "" accepts any kind.
// The error is what the queue should make of it: nil, Later, Permanent or
// one to retry.
func (w *Workers) attempt(ctx context.Context, job queue.Running, p Payload, kind moderation.ActionKind) error {
	name := fmt.Sprintf("%s job %d", kind, job.ID)
	a, err := w.store.Action(ctx, p.PracticeID, p.ActionID)
	if errors.Is(err, store.ErrNotFound) {
		return queue.Permanent(fmt.Errorf("%s: %w", name, err))
	}
	if err != nil {
		return fmt.Errorf("%s: loading action: %w", name, err)
	}
	if a.State.Final() {
		w.log.Info("action already final; not repeated", "practice", a.PracticeID, "action", a.ID, "state", a.State)
		return nil
	}
	if _, ok := w.byKind[a.Kind]; !ok || (kind != "" && a.Kind != kind) {
		return queue.Permanent(fmt.Errorf("%s: action %d is a %s", name, a.ID, a.Kind))
	}
	post, err := w.store.Post(ctx, a.PracticeID, a.PostID)
	if err != nil {
		return fmt.Errorf("%s: loading post %d: %w", name, a.PostID, err)
	}
	now := w.now()
	var won bool
	if a.State == store.ActionRunning {
		won, err = w.store.TakeOverAction(ctx, a.PracticeID, a.ID, now.Add(-w.lease), now)
		if err == nil && !won {
			w.log.Info("action running under another run's live claim; waiting", "practice", a.PracticeID, "action", a.ID)
			return queue.Later(waitForClaim, "the action is running under another run's claim")
		}
	} else {
		won, err = w.claim(ctx, a, claimable, now)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !won {
		w.log.Info("action claimed by another run; left to it", "practice", a.PracticeID, "action", a.ID)
		return nil
	}
	return w.carryOut(ctx, run{job: job, a: a, post: post})
}

// claim moves a to running from one of the states from, with a lease
// taken at now, in a group commit, and reports whether this run won it.
func (w *Workers) claim(ctx context.Context, a store.Action, from []store.ActionState, now time.Time) (bool, error) {
	var won bool
	err := w.group.Do(ctx, priority(a.Kind), func(tx store.TxStore) error {
		var err error
		won, err = tx.ClaimAction(ctx, a.PracticeID, a.ID, from, store.ActionRunning, now)
		return err
	})
	return won, err
}

// priority is the group commit priority of a run's writes for an action
// of kind k: hides and escalations first.
func priority(k moderation.ActionKind) Priority {
	if urgent(k) {
		return PriorityHigh
	}
	return PriorityLow
}

// carryOut acts on a claimed action and records what came of it; r.a.State
// is the state before the claim. nil means the action is final (done or
// skipped) and recorded so.
func (w *Workers) carryOut(ctx context.Context, r run) error {
	a := r.a
	// Attempts count across runs: a job handed over by the fast path or
	// the sweeper starts again at 1.
	r.job.Attempt = max(r.job.Attempt, a.Attempts+1)
	o, err := w.byKind[a.Kind](ctx, r)
	switch {
	case errors.Is(err, errHideFirst):
		// Nothing was done: hand the claim back as it was.
		back := a.State
		if back == store.ActionRunning {
			back = store.ActionPending
		}
		if _, cerr := w.store.ClaimAction(context.WithoutCancel(ctx), a.PracticeID, a.ID, []store.ActionState{store.ActionRunning}, back, w.now()); cerr != nil {
			w.log.Error("handing back a claim", "practice", a.PracticeID, "action", a.ID, "err", cerr)
		}
		return queue.Later(waitForHide, err.Error())
	case errors.Is(err, platform.ErrNotSupported):
		// X cannot delete other people's posts; X and websites have no
		// private replies. Nothing failed: the action cannot be done there.
		return w.finish(ctx, r, outcome{state: store.ActionSkipped, reason: "the platform cannot do this here",
			detail: map[string]any{"not_supported": true}})
	case err != nil:
		return w.failed(ctx, r, err)
	}
	return w.finish(ctx, r, o)
}

// finish records an outcome: action state, post status and audit entry in
// one transaction.
func (w *Workers) finish(ctx context.Context, r run, o outcome) error {
	ctx = context.WithoutCancel(ctx) // the platform has acted: record it even if the job's time is up
	now := w.now()
	if o.kind == "" {
		o.kind = store.AuditActed
	}
	detail := map[string]any{"action": r.a.ID, "post": r.post.ID, "kind": r.a.Kind, "state": o.state, "attempt": r.job.Attempt}
	if r.a.Category != "" {
		detail["category"] = r.a.Category
	}
	for k, v := range o.detail {
		detail[k] = v
	}
	err := w.group.Do(ctx, priority(r.a.Kind), func(tx store.TxStore) error {
		if err := tx.UpdateAction(ctx, r.a.PracticeID, r.a.ID, store.ActionUpdate{
			State: o.state, Attempts: r.job.Attempt, LastError: o.reason, DoneAt: now,
		}); err != nil {
			return err
		}
		delete(detail, "status") // a group commit that failed may run this again
		if o.status != "" {
			// A deleted post stays deleted whatever a slower job says.
			changed, err := tx.AdvancePostStatus(ctx, r.a.PracticeID, r.post.ID, o.status)
			if err != nil {
				return err
			}
			if changed {
				detail["status"] = o.status
			}
		}
		_, err := audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: r.a.PracticeID, Kind: o.kind,
			Subject: fmt.Sprintf("action:%d", r.a.ID), Actor: actor, Detail: detail})
		return err
	})
	if err != nil {
		// The platform has acted; the job retries, finds the action not
		// final and repeats an idempotent call (or, for a reply, finds it
		// running and dead-letters it as unknown).
		return fmt.Errorf("recording %s of action %d: %w", r.a.Kind, r.a.ID, err)
	}
	w.log.Info("action finished", "practice", r.a.PracticeID, "action", r.a.ID, "post", r.post.ID, "kind", r.a.Kind, "state", o.state)
	return nil
}

// platformError marks an error the platform returned, so failed can tell a
// platform's definite refusal from a store hiccup worth retrying.
type platformError struct{ err error }

func (e *platformError) Error() string { return e.err.Error() }
func (e *platformError) Unwrap() error { return e.err }

func fromPlatform(err error) error { return &platformError{err: err} }

// errClass names an error for audit detail without its text.
func errClass(err error) string {
	var rl *platform.RateLimitError
	var te *platform.TemporaryError
	switch {
	case errors.Is(err, ErrOutcomeUnknown):
		return "outcome_unknown"
	case errors.As(err, &rl):
		return "rate_limited"
	case errors.Is(err, platform.ErrAuth):
		return "auth"
	case errors.Is(err, platform.ErrPermission):
		return "permission"
	case errors.Is(err, platform.ErrNotSupported):
		return "not_supported"
	case errors.Is(err, platform.ErrGone):
		return "gone"
	case errors.As(err, &te):
		return "temporary"
	}
	return "other"
}

// failed records a failed attempt and tells the queue what to do: retry
// (rate limits, temporary failures, store errors) or give up at once
// (an expired token, a refusal retrying cannot change, an unknown outcome).
func (w *Workers) failed(ctx context.Context, r run, err error) error {
	err = fmt.Errorf("%s action %d on post %d: %w", r.a.Kind, r.a.ID, r.post.ID, err)
	if ctx.Err() != nil {
		return err // the queue is stopping; the job is put back as it was
	}
	var pe *platformError
	permanent := errors.Is(err, ErrOutcomeUnknown) || errors.Is(err, platform.ErrAuth) ||
		(errors.As(err, &pe) && !platform.Retryable(err))
	class := errClass(err)
	first := false
	now := w.now()
	ctx = context.WithoutCancel(ctx)
	rerr := w.group.Do(ctx, priority(r.a.Kind), func(tx store.TxStore) error {
		if err := tx.UpdateAction(ctx, r.a.PracticeID, r.a.ID, store.ActionUpdate{
			State: store.ActionFailed, Attempts: r.job.Attempt, LastError: truncate(err.Error(), maxLastError),
		}); err != nil {
			return err
		}
		if class == "auth" {
			// Tell the practice manager once a day per channel, however
			// many actions the expired token stops.
			key := fmt.Sprintf("notice:reconnect:%s:%s", r.post.Channel, now.UTC().Format(time.DateOnly))
			var err error
			if first, err = tx.MarkSeen(ctx, r.a.PracticeID, key, now); err != nil {
				return err
			}
		}
		_, err := audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: r.a.PracticeID, Kind: store.AuditFailed,
			Subject: fmt.Sprintf("action:%d", r.a.ID), Actor: actor,
			Detail: map[string]any{"action": r.a.ID, "post": r.post.ID, "kind": r.a.Kind, "error": class, "attempt": r.job.Attempt, "permanent": permanent}})
		return err
	})
	if rerr != nil {
		w.log.Error("recording a failed action", "practice", r.a.PracticeID, "action", r.a.ID, "err", rerr)
	}
	w.log.Warn("action failed", "practice", r.a.PracticeID, "action", r.a.ID, "post", r.post.ID, "kind", r.a.Kind, "error", class, "attempt", r.job.Attempt)
	if first {
		w.notify(ctx, Message{PracticeID: r.a.PracticeID, Role: RoleManager, Urgent: true,
			Subject: fmt.Sprintf("Reconnect the %s page: Pagekeeper's access has expired", channelName(r.post.Channel)),
			Body: "The platform refused Pagekeeper's access token, so Pagekeeper cannot hide, delete or reply to posts there. " +
				"Reconnect the page in Pagekeeper's settings; the actions that were stopped are listed as dead letters.",
			Link: PostLink(r.post.ID)})
	}
	if permanent {
		return queue.Permanent(err)
	}
	return err
}

// OnDead is the queue's dead-letter hook: the action becomes dead, the
// audit log says so, and the practice manager is told (unless the cause is
// an expired token, which failed has already reported).
func (w *Workers) OnDead(ctx context.Context, d queue.DeadJob) {
	if d.Kind == JobInspectMedia {
		w.inspectDead(ctx, d) // not an action: the hold it serves stays for a person
		return
	}
	p, err := decodePayload(d.Payload)
	if err != nil {
		w.log.Error("dead job with a bad payload", "job", d.ID, "kind", d.Kind, "err", err)
		return
	}
	now := w.now()
	var a store.Action
	class := errClass(d.Err)
	err = w.store.WithTx(ctx, func(tx store.TxStore) error {
		var err error
		if a, err = tx.Action(ctx, p.PracticeID, p.ActionID); err != nil {
			return err
		}
		if a.State.Final() {
			return nil // finished after all (recorded by a later run)
		}
		if err := tx.UpdateAction(ctx, a.PracticeID, a.ID, store.ActionUpdate{
			State: store.ActionDead, Attempts: max(d.Attempt, a.Attempts), LastError: truncate(d.Err.Error(), maxLastError), DoneAt: now,
		}); err != nil {
			return err
		}
		a.State = store.ActionDead
		_, err = audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: a.PracticeID, Kind: store.AuditDeadLettered,
			Subject: fmt.Sprintf("action:%d", a.ID), Actor: actor,
			Detail: map[string]any{"action": a.ID, "post": a.PostID, "kind": a.Kind, "error": class, "attempts": max(d.Attempt, a.Attempts), "permanent": d.Permanent}})
		return err
	})
	if err != nil {
		w.log.Error("recording a dead letter", "practice", p.PracticeID, "action", p.ActionID, "err", err)
		return
	}
	if a.State != store.ActionDead {
		return
	}
	w.log.Warn("action dead-lettered", "practice", a.PracticeID, "action", a.ID, "post", a.PostID, "kind", a.Kind, "error", class)
	if class == "auth" {
		return
	}
	subject := fmt.Sprintf("Pagekeeper could not %s post %d: a person must look", verb(a.Kind), a.PostID)
	body := "It kept failing (" + class + "). Open the post to see what was decided and do it by hand, or mark it resolved."
	if class == "outcome_unknown" {
		subject = fmt.Sprintf("A reply to post %d may or may not have been sent: please check", a.PostID)
		body = "The platform did not answer after the message was sent. Look at the page before sending it again, so the poster is not messaged twice."
	}
	w.notify(ctx, Message{PracticeID: a.PracticeID, Role: RoleManager, Urgent: a.Urgent || a.Category == moderation.Safeguarding,
		Subject: subject, Body: body, Link: PostLink(a.PostID)})
}

// notify sends m, logging (by id) a failure: the record is already kept.
func (w *Workers) notify(ctx context.Context, m Message) {
	if err := w.notifier.Notify(context.WithoutCancel(ctx), m); err != nil {
		w.log.Error("notifying", "practice", m.PracticeID, "role", m.Role, "link", m.Link, "err", err)
	}
}

// verb says what an action does to a post, for notices.
func verb(k moderation.ActionKind) string {
	switch k {
	case moderation.ActionReply:
		return "reply to"
	case moderation.ActionPrivateReply:
		return "send a private reply to"
	case moderation.ActionReport:
		return "record a report on"
	}
	return string(k)
}

func channelName(ch moderation.Channel) string {
	switch ch {
	case moderation.Facebook:
		return "Facebook"
	case moderation.Instagram:
		return "Instagram"
	case moderation.X:
		return "X"
	}
	return string(ch)
}

// truncate cuts s to at most n bytes, dropping a split character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
