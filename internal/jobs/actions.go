package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// PrivateReplyWindow is how long after a comment Facebook accepts the one
// private reply to it.
const PrivateReplyWindow = 7 * 24 * time.Hour

// platformFor returns the platform account of the run's post. A practice
// with no account on the channel cannot be helped by retrying.
func (w *Workers) platformFor(r run) (Platform, error) {
	p, err := w.connector.Platform(r.a.PracticeID, string(r.post.Channel))
	if err != nil {
		return nil, queue.Permanent(fmt.Errorf("finding the %s account: %w", r.post.Channel, err))
	}
	return p, nil
}

// decision returns the run's decision: the one ingest handed over, or
// loaded.
func (w *Workers) decision(ctx context.Context, r run) (store.Decision, error) {
	if r.dec != nil && r.dec.ID == r.a.DecisionID {
		return *r.dec, nil
	}
	d, err := w.store.Decision(ctx, r.a.PracticeID, r.a.DecisionID)
	if err != nil {
		return store.Decision{}, fmt.Errorf("loading decision %d: %w", r.a.DecisionID, err)
	}
	return d, nil
}

// atRisk reports whether the action's decision says someone may be at
// risk. Policy never asks to remove such a post; this is the second lock.
func (w *Workers) atRisk(ctx context.Context, r run) (bool, error) {
	if r.a.Category == moderation.Safeguarding {
		return true, nil
	}
	d, err := w.decision(ctx, r)
	if err != nil {
		return false, err
	}
	for _, c := range d.Labels {
		if c == moderation.Safeguarding {
			return true, nil
		}
	}
	return false, nil
}

var (
	skipAtRisk = outcome{state: store.ActionSkipped, reason: "never removed: someone may be at risk", detail: map[string]any{"guard": "safeguarding"}}
	skipGone   = outcome{state: store.ActionSkipped, status: store.StatusDeleted, reason: "the post no longer exists", detail: map[string]any{"gone": true}}
)

// hide takes the post out of public view (reversibly).
func (w *Workers) hide(ctx context.Context, r run) (outcome, error) {
	if risk, err := w.atRisk(ctx, r); err != nil || risk {
		return skipAtRisk, err
	}
	p, err := w.platformFor(r)
	if err != nil {
		return outcome{}, err
	}
	if err := p.Hide(ctx, r.ref()); errors.Is(err, platform.ErrGone) {
		return skipGone, nil
	} else if err != nil {
		return outcome{}, fromPlatform(err)
	}
	return outcome{state: store.ActionDone, status: store.StatusHidden}, nil
}

// unhide puts a hidden post back in view.
func (w *Workers) unhide(ctx context.Context, r run) (outcome, error) {
	p, err := w.platformFor(r)
	if err != nil {
		return outcome{}, err
	}
	if err := p.Unhide(ctx, r.ref()); errors.Is(err, platform.ErrGone) {
		return skipGone, nil
	} else if err != nil {
		return outcome{}, fromPlatform(err)
	}
	return outcome{state: store.ActionDone, status: store.StatusVisible}, nil
}

// delete keeps evidence, then deletes. The evidence (what we stored when
// the post arrived, plus a fresh read when the platform still has it) is
// committed, with its audit entry, before Delete is called; a post already
// gone at either step is done, its evidence taken from what we stored.
func (w *Workers) delete(ctx context.Context, r run) (outcome, error) {
	if risk, err := w.atRisk(ctx, r); err != nil || risk {
		return skipAtRisk, err
	}
	if err := w.hiddenFirst(ctx, r); err != nil {
		return outcome{}, err
	}
	p, err := w.platformFor(r)
	if err != nil {
		return outcome{}, err
	}
	snap, err := p.Fetch(ctx, r.ref())
	fresh := err == nil
	if err != nil && !errors.Is(err, platform.ErrGone) {
		return outcome{}, fromPlatform(fmt.Errorf("reading the post before deleting it: %w", err))
	}
	ev, err := w.keepEvidence(ctx, r, snap, fresh)
	if err != nil {
		return outcome{}, err
	}
	detail := map[string]any{"evidence": ev.ID, "sha256": ev.SHA256, "fresh": fresh}
	if !fresh {
		detail["gone"] = true
		return outcome{state: store.ActionDone, status: store.StatusDeleted, detail: detail}, nil
	}
	if err := p.Delete(ctx, r.ref()); errors.Is(err, platform.ErrGone) {
		detail["gone"] = true // deleted by its author, or by an earlier run of this job
	} else if err != nil {
		return outcome{}, fromPlatform(err)
	}
	return outcome{state: store.ActionDone, status: store.StatusDeleted, detail: detail}, nil
}

// errHideFirst means a delete found its decision's hide, reply or private
// reply not yet finished. The policy hides and replies before it deletes
// (a reply to a deleted comment cannot be sent); jobs run concurrently, so
// the delete waits (without using an attempt) rather than race them.
var errHideFirst = errors.New("waiting for the post to be hidden and replied to first")

// waitForHide is how long a delete waits before looking again.
const waitForHide = time.Second

// hiddenFirst returns errHideFirst while a hide, reply or private reply of
// the same decision is not final.
func (w *Workers) hiddenFirst(ctx context.Context, r run) error {
	if r.firstDone {
		return nil
	}
	acts, err := w.store.ActionsForPost(ctx, r.a.PracticeID, r.post.ID)
	if err != nil {
		return fmt.Errorf("loading the post's actions: %w", err)
	}
	for _, a := range acts {
		first := a.Kind == moderation.ActionHide || a.Kind == moderation.ActionReply || a.Kind == moderation.ActionPrivateReply
		if a.DecisionID == r.a.DecisionID && first && !a.State.Final() {
			return errHideFirst
		}
	}
	return nil
}

// keepEvidence stores the evidence for a delete and its audit entry in one
// transaction, committed before the caller deletes anything.
func (w *Workers) keepEvidence(ctx context.Context, r run, snap platform.Snapshot, fresh bool) (store.Evidence, error) {
	ev := store.Evidence{
		PracticeID: r.a.PracticeID, PostID: r.post.ID, CapturedAt: w.now(),
		Text: r.post.Text, AuthorID: r.post.AuthorID, AuthorName: r.post.AuthorName, Permalink: r.post.Permalink,
		Raw: r.post.Raw,
	}
	if fresh {
		b, err := json.Marshal(snap)
		if err != nil {
			return store.Evidence{}, fmt.Errorf("encoding the fresh read: %w", err)
		}
		ev.Fresh = b
		if snap.Text != "" {
			ev.Text = snap.Text // what the public could see last, if edited since
		}
		if snap.Author.ID != "" {
			ev.AuthorID, ev.AuthorName = snap.Author.ID, snap.Author.Name
		}
		if snap.Permalink != "" {
			ev.Permalink = snap.Permalink
		}
	}
	ev.CapturedAt = ev.CapturedAt.UTC().Truncate(time.Microsecond) // what the store keeps, so the hash checks out
	ev.SHA256 = ev.Hash()
	err := w.group.Do(ctx, priority(r.a.Kind), func(tx store.TxStore) error {
		if err := tx.KeepEvidence(ctx, &ev); err != nil {
			return err
		}
		_, err := audit.Append(ctx, tx, audit.Record{Time: ev.CapturedAt, PracticeID: r.a.PracticeID, Kind: store.AuditEvidenceKept,
			Subject: fmt.Sprintf("post:%d", r.post.ID), Actor: actor,
			Detail: map[string]any{"action": r.a.ID, "post": r.post.ID, "evidence": ev.ID, "sha256": ev.SHA256, "fresh": fresh}})
		return err
	})
	if err != nil {
		return store.Evidence{}, fmt.Errorf("keeping evidence: %w", err)
	}
	return ev, nil
}

// reply posts the practice's public reply, at most once.
func (w *Workers) reply(ctx context.Context, r run) (outcome, error) {
	return w.send(ctx, r, func(p Platform) (map[string]any, error) {
		ref, err := p.Reply(ctx, r.ref(), r.a.Text)
		if err != nil {
			return nil, err
		}
		return map[string]any{"reply_id": ref.ObjectID}, nil
	})
}

// privateReply sends the one private reply, at most once, within the
// platform's window after the post.
func (w *Workers) privateReply(ctx context.Context, r run) (outcome, error) {
	posted := r.post.CreatedAt
	if posted.IsZero() {
		posted = r.post.ReceivedAt
	}
	if age := w.now().Sub(posted); age > PrivateReplyWindow {
		return outcome{state: store.ActionSkipped, reason: "too late: a private reply must be sent within 7 days of the post",
			detail: map[string]any{"too_late": true}}, nil
	}
	return w.send(ctx, r, func(p Platform) (map[string]any, error) {
		return nil, p.PrivateReply(ctx, r.ref(), r.a.Text)
	})
}

// send sends a message that must not go twice. The action is committed as
// running (claimed) before the call; finding it running before the claim
// means an earlier attempt may have sent it.
func (w *Workers) send(ctx context.Context, r run, call func(Platform) (map[string]any, error)) (outcome, error) {
	if r.a.State == store.ActionRunning {
		return outcome{}, fmt.Errorf("an earlier attempt stopped while sending: %w", ErrOutcomeUnknown)
	}
	if strings.TrimSpace(r.a.Text) == "" {
		return outcome{state: store.ActionSkipped, reason: "no text to send"}, nil
	}
	p, err := w.platformFor(r)
	if err != nil {
		return outcome{}, err
	}
	// The run's claim has already committed the action as running.
	detail, err := call(p)
	var rl *platform.RateLimitError
	switch {
	case err == nil:
		return outcome{state: store.ActionDone, detail: detail}, nil
	case errors.Is(err, platform.ErrGone):
		return skipGone, nil
	case errors.As(err, &rl) || !platform.Retryable(err) && ctx.Err() == nil:
		// The platform answered: it did not send. Safe to retry (rate
		// limit) or to give up (a refusal).
		return outcome{}, fromPlatform(err)
	default:
		// A timeout, a lost connection or a 5xx: it may have been sent.
		return outcome{}, fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
	}
}

// escalate tells the role the rule names. Subject and body carry ids,
// categories and the detectors' reasons, never what the poster wrote.
func (w *Workers) escalate(ctx context.Context, r run) (outcome, error) {
	role := r.a.Role
	if role == "" {
		role = RoleManager
	}
	d, err := w.decision(ctx, r)
	if err != nil {
		return outcome{}, err
	}
	urgent := r.a.Urgent || r.a.Category == moderation.Safeguarding
	m := Message{PracticeID: r.a.PracticeID, Role: role, Urgent: urgent, Link: PostLink(r.post.ID),
		Subject: fmt.Sprintf("%s post needs you: %s (post %d)", capitalise(withArticle(channelName(r.post.Channel))), r.a.Category.Describe(), r.post.ID),
		Body:    escalationBody(d)}
	if urgent {
		m.Subject = fmt.Sprintf("Urgent: someone may be at risk, in %s post (post %d)", withArticle(channelName(r.post.Channel)), r.post.ID)
	}
	if err := w.notifier.Notify(ctx, m); err != nil {
		return outcome{}, fmt.Errorf("notifying %s: %w", role, err)
	}
	return outcome{state: store.ActionDone, kind: store.AuditEscalated, detail: map[string]any{"role": role, "urgent": urgent}}, nil
}

// withArticle puts "a" or "an" before a platform's name ("an Instagram",
// "an X": the letter is said "ex").
func withArticle(name string) string {
	if name == "X" || (name != "" && strings.ContainsRune("AEIOUaeiou", rune(name[0]))) {
		return "an " + name
	}
	return "a " + name
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// escalationBody lists what was found, by category and clause. It leaves out
// the findings' reasons, which may quote the post or name people: email can
// leave the practice's secure systems, so staff read the post and the reasons
// after signing in, through the link.
func escalationBody(d store.Decision) string {
	var b strings.Builder
	b.WriteString("Pagekeeper found:\n")
	seen := map[string]bool{}
	for _, f := range d.Findings {
		line := fmt.Sprintf("- %s (clause %s)\n", f.Category.Describe(), f.Category.Clause())
		if !seen[line] {
			seen[line] = true
			b.WriteString(line)
		}
	}
	b.WriteString("Open the post to read it, see why, and see what Pagekeeper did.")
	return b.String()
}

// report records the incident the guidance asks to be reported. It needs
// no platform: the audit entry is the report, and staff see it on the post.
func (w *Workers) report(_ context.Context, r run) (outcome, error) {
	return outcome{state: store.ActionDone, detail: map[string]any{"clause": r.a.Category.Clause()}}, nil
}
