package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// JobSLA is the kind of the periodic job that tells practice managers
// about posts left waiting for review past the practice's target.
const JobSLA = "sla"

// slaCursor is the cursor key under which a practice's alerted posts are
// kept: the ids of posts still waiting that a manager has been told about.
const slaCursor = "sla.alerted"

// slaQueueLimit bounds how many waiting posts one run looks at per practice.
const slaQueueLimit = 1000

// SLA alerts a practice's manager, once per post, when a post has waited
// for review longer than Target (the review queue's "overdue"). Each alert
// is an audit entry; neither alert nor entry carries patient text.
//
// The posts already alerted are kept with the practice's cursors, not as
// dedupe keys, which Retention forgets after 36 hours; the list is pruned
// to posts still waiting, so it stays as short as the queue. An alert is at
// least once: it is recorded after the notifier accepts it, so a failed send
// is tried again next run, and a crash between the two repeats it.
type SLA struct {
	Store     store.Store // required
	Notifier  Notifier    // required
	Practices []string    // the practices to watch; required
	// Waiting is how long a post received at from has waited by to, as the
	// review queue counts it (the practice's surgery hours). Required.
	Waiting func(ctx context.Context, practiceID string, from, to time.Time) (time.Duration, error)
	Target  time.Duration    // required
	Now     func() time.Time // time.Now when nil
	Logger  *slog.Logger     // discards when nil
}

// Handler is the queue handler for JobSLA jobs.
func (s *SLA) Handler() (queue.Handler, error) {
	if s.Store == nil || s.Notifier == nil || s.Waiting == nil || s.Target <= 0 {
		return nil, errors.New("creating the review-target job: store, notifier, waiting and target are required")
	}
	c := *s
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return func(ctx context.Context, job queue.Running) error {
		var errs []error
		for _, p := range c.Practices {
			if err := c.check(ctx, p); err != nil {
				errs = append(errs, fmt.Errorf("checking review targets of %s: %w", p, err))
			}
		}
		return errors.Join(errs...)
	}, nil
}

// check alerts the practice's overdue posts not alerted before.
func (s *SLA) check(ctx context.Context, practiceID string) error {
	now := s.Now()
	items, err := s.Store.ReviewQueue(ctx, practiceID, store.QueueFilter{State: store.QueueNeedsReview, Limit: slaQueueLimit})
	if err != nil {
		return err
	}
	alerted, err := readAlerted(ctx, s.Store, practiceID)
	if err != nil {
		return err
	}
	waiting := make([]int64, 0, len(items))
	var failed []error
	for _, it := range items {
		if !it.Review.ReviewedAt.IsZero() {
			continue
		}
		waiting = append(waiting, it.Post.ID)
		if slices.Contains(alerted, it.Post.ID) {
			continue
		}
		w, err := s.Waiting(ctx, practiceID, it.Post.ReceivedAt, now)
		if err != nil {
			return err
		}
		if w <= s.Target {
			continue
		}
		if err := s.alert(ctx, practiceID, it.Post, w, now); err != nil {
			failed = append(failed, err)
		}
	}
	// Forget posts no longer waiting (reviewed, or gone from the queue).
	return errors.Join(append(failed, s.prune(ctx, practiceID, waiting))...)
}

// alert tells the practice manager about one post, then records that it did.
func (s *SLA) alert(ctx context.Context, practiceID string, post store.Post, waited time.Duration, now time.Time) error {
	m := Message{PracticeID: practiceID, Role: RoleManager,
		Subject: fmt.Sprintf("Post %d has waited more than %s for review", post.ID, hours(s.Target)),
		Body: fmt.Sprintf("A post on %s has waited %s of surgery time for a person to review it; the practice's target is %s. "+
			"Open it to review it, or assign it to someone who can.", channelName(post.Channel), hours(waited), hours(s.Target)),
		Link: PostLink(post.ID)}
	if err := s.Notifier.Notify(ctx, m); err != nil {
		return fmt.Errorf("telling the practice manager about post %d: %w", post.ID, err)
	}
	err := s.Store.WithTx(ctx, func(tx store.TxStore) error {
		ids, err := readAlerted(ctx, tx, practiceID)
		if err != nil {
			return err
		}
		if slices.Contains(ids, post.ID) {
			return nil
		}
		if err := writeAlerted(ctx, tx, practiceID, append(ids, post.ID)); err != nil {
			return err
		}
		_, err = audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: practiceID, Kind: store.AuditEscalated,
			Subject: fmt.Sprintf("post:%d", post.ID), Actor: actor,
			Detail: map[string]any{"post": post.ID, "role": RoleManager, "reason": "review_overdue",
				"waited_minutes": int64(waited / time.Minute), "target_minutes": int64(s.Target / time.Minute)}})
		return err
	})
	if err != nil {
		return fmt.Errorf("recording the review-target alert for post %d: %w", post.ID, err)
	}
	s.Logger.InfoContext(ctx, "review target passed: practice manager told", "practice", practiceID, "post", post.ID)
	return nil
}

// prune keeps only the alerted posts still waiting.
func (s *SLA) prune(ctx context.Context, practiceID string, waiting []int64) error {
	return s.Store.WithTx(ctx, func(tx store.TxStore) error {
		ids, err := readAlerted(ctx, tx, practiceID)
		if err != nil {
			return err
		}
		kept := slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return !slices.Contains(waiting, id) })
		if len(kept) == len(ids) {
			return nil
		}
		return writeAlerted(ctx, tx, practiceID, kept)
	})
}

func readAlerted(ctx context.Context, c store.Cursors, practiceID string) ([]int64, error) {
	v, err := c.Cursor(ctx, practiceID, slaCursor)
	if err != nil || v == "" {
		return nil, err
	}
	var ids []int64
	if err := json.Unmarshal([]byte(v), &ids); err != nil {
		return nil, fmt.Errorf("reading the alerted posts: %w", err)
	}
	return ids, nil
}

func writeAlerted(ctx context.Context, c store.Cursors, practiceID string, ids []int64) error {
	b, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return c.SetCursor(ctx, practiceID, slaCursor, string(b))
}

// hours writes d for a person: "4 hours", "1 hour 30 minutes".
func hours(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case h == 0:
		return plural(m, "minute")
	case m == 0:
		return plural(h, "hour")
	}
	return plural(h, "hour") + " " + plural(m, "minute")
}
