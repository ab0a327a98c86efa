package triage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/policy"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Judge returns a post's findings; detect.Engine.Judge is one.
type Judge func(text string, ch moderation.Channel) []moderation.Finding

// Practices gives what triage needs to know of a practice: its profile and
// its detectors. ErrUnknownPractice (wrapped) for a practice it does not know.
type Practices interface {
	Practice(ctx context.Context, id string) (*profile.Profile, Judge, error)
}

// ErrUnknownPractice means an event arrived for a practice with no profile.
var ErrUnknownPractice = errors.New("unknown practice")

// Practice is one practice's profile and detectors.
type Practice struct {
	Profile *profile.Profile
	Judge   Judge
}

// Static is a fixed set of practices by id.
type Static map[string]Practice

// Practice returns the practice with id; see Practices.
func (s Static) Practice(_ context.Context, id string) (*profile.Profile, Judge, error) {
	p, ok := s[id]
	if !ok || p.Profile == nil || p.Judge == nil {
		return nil, nil, fmt.Errorf("practice %q: %w", id, ErrUnknownPractice)
	}
	return p.Profile, p.Judge, nil
}

// Config is what a Service needs. Store, Queue and Practices are required.
type Config struct {
	Store     store.Store
	Queue     queue.Queue
	Practices Practices
	Now       func() time.Time // time.Now when nil
	Logger    *slog.Logger     // discards when nil
	// Location is where surgery hours are kept; Europe/London when nil.
	Location *time.Location
	// ShadowAll judges and records every post with every action in shadow
	// state and no jobs: for importing historical posts, which must never
	// be acted on now.
	ShadowAll bool
	// Dispatcher, when set, carries out decisions at once: ingest commits
	// the pending actions (the durable record of the work) without River
	// jobs and hands them to it after the commit. Nil inserts a River job
	// per pending action in the ingest transaction.
	Dispatcher Dispatcher
	// InspectMedia adds, for a post with photos held for a person, a job
	// (jobs.JobInspectMedia) that reads the photos' metadata into the
	// hold's reason and keeps them, stripped, as evidence.
	InspectMedia bool
	// Committer, when set, commits each ingest in a transaction shared
	// with other webhooks' ingests (and, if the dispatcher's workers share
	// it, the fast path's writes, which go first): one commit for many
	// webhooks on SQLite's one connection. An ingest that fails fails
	// alone, and Ingest returns only once its own rows have committed.
	// Nil: a transaction per ingest.
	Committer *jobs.Committer
}

// Dispatcher carries out a committed decision's pending actions (in their
// stored order) without waiting for the job queue; jobs.Dispatcher is
// one. It is given the post and decision as stored, so it need not read
// them back. Dispatch must not block and reports whether it took the
// actions; actions it does not take stay pending for a sweeper to enqueue.
type Dispatcher interface {
	Dispatch(w jobs.Work) bool
}

// Service is the Ingester: it stores an event's post, judges it, decides,
// and saves the decision, its actions and their jobs in one transaction.
type Service struct {
	store     store.Store
	queue     queue.Queue
	practices Practices
	now       func() time.Time
	log       *slog.Logger
	loc       *time.Location
	shadowAll bool
	inspect   bool
	dispatch  Dispatcher
	commit    *jobs.Committer
}

var _ Ingester = (*Service)(nil)

// New returns a Service for cfg.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Queue == nil || cfg.Practices == nil {
		return nil, errors.New("creating triage: store, queue and practices are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Europe/London")
		if err != nil {
			return nil, fmt.Errorf("creating triage: %w", err)
		}
		cfg.Location = loc
	}
	return &Service{store: cfg.Store, queue: cfg.Queue, practices: cfg.Practices, now: cfg.Now,
		log: cfg.Logger, loc: cfg.Location, shadowAll: cfg.ShadowAll, inspect: cfg.InspectMedia,
		dispatch: cfg.Dispatcher, commit: cfg.Committer}, nil
}

// maxTries bounds retries of an ingest that lost a race for an audit
// sequence number or a post's natural key to another process.
const maxTries = 3

// Ingest handles one event in one transaction; see Ingester. A redelivered
// event (same DedupeKey) returns Duplicate and changes nothing. If anything
// fails, nothing is kept: not the post, the dedupe mark, the decision nor
// its jobs, so the platform's redelivery is handled afresh.
func (s *Service) Ingest(ctx context.Context, practiceID string, ev platform.Event) (Result, error) {
	if ev.DedupeKey == "" {
		return Result{}, fmt.Errorf("ingesting %s event for %s: no dedupe key", ev.Kind, ev.Ref)
	}
	prof, judge, err := s.practices.Practice(ctx, practiceID)
	if err != nil {
		return Result{}, fmt.Errorf("ingesting %s event for %s: %w", ev.Kind, ev.Ref, err)
	}
	// Judging and deciding need only the event: done before the
	// transaction, they hold no other webhook's write back.
	var j judged
	if ev.Kind == platform.Added || ev.Kind == platform.Edited {
		j.findings = judge(ev.Post.Text, channelOf(ev))
		if j.findings == nil {
			j.findings = []moderation.Finding{}
		}
		j.decision = policy.Decide(prof, j.findings)
	}
	var res Result
	var work jobs.Work // pending actions for the dispatcher, once committed
	for try := 1; ; try++ {
		res, work = Result{}, jobs.Work{}
		fn := func(tx store.TxStore) error {
			var err error
			res, work, err = s.ingest(ctx, tx, practiceID, prof, j, ev)
			return err
		}
		if s.commit != nil {
			err = s.commit.Do(ctx, jobs.PriorityNormal, fn)
		} else {
			err = s.store.WithTx(ctx, fn)
		}
		if err == nil || !errors.Is(err, store.ErrDuplicate) || try == maxTries {
			break
		}
	}
	if err != nil {
		return Result{}, fmt.Errorf("ingesting %s event for %s: %w", ev.Kind, ev.Ref, err)
	}
	if len(work.Actions) > 0 && !s.dispatch.Dispatch(work) {
		s.log.Warn("dispatcher busy; the decision's actions wait for the sweeper", "practice", practiceID, "post", res.PostID)
	}
	s.log.Info("ingested", "practice", practiceID, "event", ev.Kind, "post", res.PostID, "duplicate", res.Duplicate,
		"labels", res.Decision.Labels, "actions", len(res.Decision.Actions))
	return res, nil
}

// judged is an added or edited post's findings and the policy's decision.
type judged struct {
	findings []moderation.Finding
	decision moderation.Decision
}

// channelOf is the channel of an event's post.
func channelOf(ev platform.Event) moderation.Channel {
	if ev.Post.Channel != "" {
		return ev.Post.Channel
	}
	return ev.Ref.Channel
}

// ingest is Ingest inside the transaction, with the post judged. With a
// dispatcher it also returns the pending actions to hand it once the
// transaction commits. It may run more than once (a group commit that
// failed is retried ingest by ingest): it only sets what it returns.
func (s *Service) ingest(ctx context.Context, tx store.TxStore, practiceID string, prof *profile.Profile, j judged, ev platform.Event) (Result, jobs.Work, error) {
	type Work = jobs.Work
	now := s.now()
	first, err := tx.MarkSeen(ctx, practiceID, ev.DedupeKey, now)
	if err != nil {
		return Result{}, Work{}, err
	}
	if !first {
		return Result{Duplicate: true}, Work{}, nil
	}
	ch := channelOf(ev)
	ext := ev.Post.ExternalID
	if ext == "" {
		ext = ev.Ref.ObjectID
	}
	existing, err := tx.PostByExternalID(ctx, practiceID, ch, ext)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Result{}, Work{}, err
	}
	log := audit.NewBatch(tx) // up to three entries: the chain's head is read once
	rec := func(kind store.AuditKind, postID int64, detail map[string]any) error {
		_, err := audit.Append(ctx, log, audit.Record{Time: now, PracticeID: practiceID, Kind: kind,
			Subject: fmt.Sprintf("post:%d", postID), Actor: store.DecidedByAuto, Detail: detail})
		return err
	}

	switch ev.Kind {
	case platform.Removed, platform.Hidden, platform.Unhid:
		if !known {
			return Result{}, Work{}, nil // nothing of ours to update
		}
		status := map[platform.EventKind]store.PostStatus{platform.Removed: store.StatusDeleted,
			platform.Hidden: store.StatusHidden, platform.Unhid: store.StatusVisible}[ev.Kind]
		if err := tx.SetPostStatus(ctx, practiceID, existing.ID, status); err != nil {
			return Result{}, Work{}, err
		}
		return Result{PostID: existing.ID}, Work{}, rec(store.AuditReceived, existing.ID,
			map[string]any{"post": existing.ID, "event": ev.Kind, "channel": ch, "status": status})
	case platform.Added, platform.Edited:
	default:
		return Result{}, Work{}, fmt.Errorf("unknown event kind %q", ev.Kind)
	}

	var post store.Post
	var event platform.EventKind
	switch {
	case known && existing.Text == ev.Post.Text && ev.Kind == platform.Added:
		// The same post by another route (an import of a post a webhook
		// brought): nothing new to judge.
		return Result{PostID: existing.ID, Duplicate: true}, Work{}, nil
	case known:
		if err := tx.EditPost(ctx, practiceID, existing.ID, ev.Post.Text, ev.Raw, now); err != nil {
			return Result{}, Work{}, err
		}
		post = existing
		post.Text, post.Raw = ev.Post.Text, ev.Raw
		event = platform.Edited
	default:
		mp := ev.Post
		mp.PracticeID, mp.Channel, mp.ExternalID = practiceID, ch, ext
		if mp.ParentID == "" {
			mp.ParentID = ev.Ref.ParentID
		}
		post = store.PostFromDomain(mp, ev.Raw, now)
		if err := tx.InsertPost(ctx, &post); err != nil {
			return Result{}, Work{}, err
		}
		event = platform.Added
	}
	if err := rec(store.AuditReceived, post.ID, map[string]any{"post": post.ID, "event": event, "channel": ch,
		"external_id": ext, "media": len(post.Media)}); err != nil {
		return Result{}, Work{}, err
	}

	d := j.decision
	if err := rec(store.AuditJudged, post.ID, map[string]any{"post": post.ID, "labels": d.Labels, "findings": findingSummary(j.findings)}); err != nil {
		return Result{}, Work{}, err
	}
	var earlier []store.Action
	if known {
		if earlier, err = tx.ActionsForPost(ctx, practiceID, post.ID); err != nil {
			return Result{}, Work{}, err
		}
	}
	var holds []hold
	d, holds = s.complete(prof, post, existing, known, earlier, d, now)

	sd := store.Decision{PracticeID: practiceID, PostID: post.ID, Labels: d.Labels, Actions: d.Actions,
		Findings: d.Findings, Shadow: s.shadowAll, DecidedBy: store.DecidedByAuto, DecidedAt: now}
	if err := tx.InsertDecision(ctx, &sd); err != nil {
		return Result{}, Work{}, err
	}
	var kinds []string
	var held, jobsAdded int
	var work []store.Action
	var waiting store.Action // the first hold waiting for a person
	for i, a := range d.Actions {
		sa := store.ActionFromDomain(sd, a, now)
		if a.Kind == moderation.ActionHold && sa.State != store.ActionShadow {
			held++
		}
		if a.Kind == moderation.ActionNone {
			continue
		}
		if h := holdFor(holds, i); h != "" {
			sa.Text = h // for a hold, Text is the reason a reviewer sees
		}
		if err := tx.InsertAction(ctx, &sa); err != nil {
			return Result{}, Work{}, err
		}
		kinds = append(kinds, string(sa.Kind)+":"+string(sa.State))
		if sa.Kind == moderation.ActionHold && sa.State == store.ActionPending && waiting.ID == 0 {
			waiting = sa
		}
		if sa.State == store.ActionPending && sa.Kind != moderation.ActionHold {
			if s.dispatch != nil {
				work = append(work, sa) // the pending row is the record; dispatched after the commit
				continue
			}
			if _, err := s.queue.InsertTx(ctx, tx, jobs.JobFor(sa)); err != nil {
				return Result{}, Work{}, err
			}
			jobsAdded++
		}
	}
	// Photos are inspected only for a person who will look: not for a
	// shadow hold, nor an import, so no photo is fetched without need.
	if s.inspect && waiting.ID != 0 && !s.shadowAll && len(jobs.Photos(post.Media)) > 0 {
		if _, err := s.queue.InsertTx(ctx, tx, jobs.InspectMediaJob(waiting)); err != nil {
			return Result{}, Work{}, err
		}
		jobsAdded++
	}
	// A hold waits for a person; the post shows as held unless it is
	// already out of view.
	if held > 0 && (!known || existing.Status == store.StatusVisible) {
		if err := tx.SetPostStatus(ctx, practiceID, post.ID, store.StatusHeld); err != nil {
			return Result{}, Work{}, err
		}
	}
	detail := map[string]any{"post": post.ID, "decision": sd.ID, "labels": d.Labels, "actions": kinds, "jobs": jobsAdded, "shadow": s.shadowAll}
	if len(work) > 0 {
		detail["dispatched"] = len(work)
	}
	if len(holds) > 0 {
		codes := make([]string, 0, len(holds))
		for _, h := range holds {
			codes = append(codes, h.code)
		}
		detail["holds"] = codes
	}
	if err := rec(store.AuditDecided, post.ID, detail); err != nil {
		return Result{}, Work{}, err
	}
	if held > 0 && (!known || existing.Status == store.StatusVisible) {
		post.Status = store.StatusHeld
	}
	return Result{PostID: post.ID, Decision: d}, Work{Post: post, Decision: sd, Actions: work}, nil
}

// findingSummary is the audit form of findings: category, clause, span
// and score, never the text the span covers.
func findingSummary(fs []moderation.Finding) []map[string]any {
	out := make([]map[string]any, 0, len(fs))
	for _, f := range fs {
		out = append(out, map[string]any{"category": f.Category, "clause": f.Clause, "start": f.Start, "end": f.End, "score": f.Score})
	}
	return out
}

// hold is a hold action triage added or explained, by its index in the
// decision's actions.
type hold struct {
	index  int
	code   string // "media", "low_score", "edited_after_removal"
	reason string // what a reviewer reads
}

func holdFor(hs []hold, i int) string {
	for _, h := range hs {
		if h.index == i {
			return h.reason
		}
	}
	return ""
}

// complete adds what triage knows beyond the profile's rules: the urgent
// reply out of hours, a hold for photos and videos (clause 5), a hold for
// an edit that clears a post already taken down, the safeguarding lock,
// and one reply of each kind per post across edits; ShadowAll makes every
// action shadow. Actions keep the policy's order.
func (s *Service) complete(prof *profile.Profile, post store.Post, existing store.Post, known bool, earlier []store.Action, d moderation.Decision, now time.Time) (moderation.Decision, []hold) {
	acts := slices.Clone(d.Actions)
	allShadow := s.shadowAll || prof.InShadow("")

	if cat, ok := urgent(d.Findings); ok && OutOfHours(prof.Hours, now, s.loc) {
		acts = urgentReply(prof, acts, cat, s.shadowAll || prof.InShadow(cat))
	}
	if len(post.Media) > 0 && !hasHold(acts, "") {
		acts = append(acts, moderation.Action{Kind: moderation.ActionHold, Shadow: allShadow})
	}
	removes := slices.ContainsFunc(acts, func(a moderation.Action) bool { return a.Kind.Removes() && !a.Shadow })
	if known && !removes && (existing.Status == store.StatusHidden || existing.Status == store.StatusDeleted) && !hasHold(acts, "") {
		acts = append(acts, moderation.Action{Kind: moderation.ActionHold, Shadow: allShadow})
	}
	acts = guardSafeguarding(d.Labels, acts)
	acts = onceAReply(earlier, acts)
	if s.shadowAll {
		for i := range acts {
			acts[i].Shadow = true
		}
	}
	acts = order(acts)

	var holds []hold
	for i, a := range acts {
		if a.Kind != moderation.ActionHold {
			continue
		}
		switch {
		case a.Category != "":
			holds = append(holds, hold{i, "low_score", "Pagekeeper is not sure this is " + a.Category.Describe() + ": a person should decide"})
		case len(post.Media) > 0:
			holds = append(holds, hold{i, "media", "has a photo or video: check it shows no patients or staff (clause 5)"})
		default:
			holds = append(holds, hold{i, "edited_after_removal", "edited after it was taken down and no longer breaks the guidance: decide whether to restore it"})
		}
	}
	d.Actions = acts
	return d, holds
}

// onceAReply drops a re-judged post's reply or private reply when an
// earlier decision already sent, or will send, one of that kind: an edit
// must not make the practice answer twice (and Facebook allows one private
// reply per comment).
func onceAReply(earlier []store.Action, acts []moderation.Action) []moderation.Action {
	sent := map[moderation.ActionKind]bool{}
	for _, a := range earlier {
		switch a.State {
		case store.ActionShadow, store.ActionSkipped, store.ActionDead:
		default:
			sent[a.Kind] = true
		}
	}
	return slices.DeleteFunc(acts, func(a moderation.Action) bool {
		return (a.Kind == moderation.ActionReply || a.Kind == moderation.ActionPrivateReply) && !a.Shadow && sent[a.Kind]
	})
}

// hasHold reports whether acts hold the post for category c ("" for any).
func hasHold(acts []moderation.Action, c moderation.Category) bool {
	return slices.ContainsFunc(acts, func(a moderation.Action) bool {
		return a.Kind == moderation.ActionHold && (c == "" || a.Category == c)
	})
}

// guardSafeguarding drops any hide or delete from a decision whose labels
// include safeguarding. Policy already never asks for one; this lock stays
// in case a rule or a change to policy ever does.
func guardSafeguarding(labels []moderation.Category, acts []moderation.Action) []moderation.Action {
	if !slices.Contains(labels, moderation.Safeguarding) {
		return acts
	}
	return slices.DeleteFunc(acts, func(a moderation.Action) bool { return a.Kind.Removes() })
}

// actionOrder is policy's order of carrying out, kept when triage adds actions.
var actionOrder = []moderation.ActionKind{
	moderation.ActionEscalate, moderation.ActionHold, moderation.ActionHide,
	moderation.ActionPrivateReply, moderation.ActionReply, moderation.ActionReport, moderation.ActionDelete,
}

func order(acts []moderation.Action) []moderation.Action {
	rank := func(k moderation.ActionKind) int {
		if i := slices.Index(actionOrder, k); i >= 0 {
			return i
		}
		return len(actionOrder)
	}
	slices.SortStableFunc(acts, func(a, b moderation.Action) int { return rank(a.Kind) - rank(b.Kind) })
	return acts
}
