package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

// Fetch reads what is new on a platform since cursor ("" the first time)
// and returns it, oldest first, with the cursor to pass next time. On a
// partial failure it returns the events read so far, the cursor unchanged,
// and the error.
type Fetch func(ctx context.Context, cursor string) (events []platform.Event, next string, err error)

// Cursors is where a Poller keeps its cursor; store.Cursors satisfies it.
type Cursors interface {
	Cursor(ctx context.Context, practiceID, key string) (string, error)
	SetCursor(ctx context.Context, practiceID, key, value string) error
}

// Poller reads a platform for one practice and hands what it finds to the
// ingester, for platforms whose webhooks are missing or optional (X
// mentions, WordPress comments). Its polls run as a periodic job (PollJobs),
// so however many instances serve, one polls at a time. The cursor is
// stored only after every event read has been ingested, so a crash
// re-reads rather than skips; dedupe keys make the re-read harmless.
type Poller struct {
	Name     string // the cursor key and log name, e.g. "x.since_id"
	Practice string
	Fetch    Fetch
	Cursors  Cursors
	Ingester triage.Ingester
	Interval time.Duration // between polls; 1 minute when zero
	Metrics  *Metrics
	Logger   *slog.Logger // nil discards logs
}

// JobPoll is the kind of the periodic job that polls once.
const JobPoll = "poll"

// pollPayload names the poller a poll job runs.
type pollPayload struct {
	Practice string `json:"practice"`
	Poller   string `json:"poller"`
}

// PollJobs returns a periodic job for each poller, every its Interval (at
// least a second) and once when an instance becomes leader, and the handler that runs one
// poll of the poller a job names. A rate-limit answer with a RetryAt is
// returned to the queue, which puts the poll (and so the next) off until
// then.
func PollJobs(pollers []*Poller) ([]queue.Periodic, queue.Handler, error) {
	byKey := map[pollPayload]*Poller{}
	var ps []queue.Periodic
	for _, p := range pollers {
		k := pollPayload{Practice: p.Practice, Poller: p.Name}
		if k.Practice == "" || k.Poller == "" || p.Fetch == nil || p.Cursors == nil || p.Ingester == nil {
			return nil, nil, fmt.Errorf("poller %q of practice %q: name, practice, fetch, cursors and ingester are required", p.Name, p.Practice)
		}
		if byKey[k] != nil {
			return nil, nil, fmt.Errorf("practice %q has two %q pollers", p.Practice, p.Name)
		}
		byKey[k] = p
		b, err := json.Marshal(k)
		if err != nil {
			return nil, nil, err
		}
		ps = append(ps, queue.Periodic{Kind: JobPoll, Payload: b, Every: max(p.interval(), time.Second), RunOnStart: true})
	}
	h := func(ctx context.Context, job queue.Running) error {
		var k pollPayload
		if err := json.Unmarshal(job.Payload, &k); err != nil {
			return queue.Permanent(fmt.Errorf("poll job %d: decoding payload: %w", job.ID, err))
		}
		p := byKey[k]
		if p == nil {
			// Inserted by an instance with another config (a rolling deploy).
			return queue.Permanent(fmt.Errorf("poll job %d: no poller %q for practice %q here", job.ID, k.Poller, k.Practice))
		}
		return p.pollLogged(ctx)
	}
	return ps, h, nil
}

// pollLogged polls once and logs the outcome by poller and practice.
func (p *Poller) pollLogged(ctx context.Context) error {
	log := p.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	n, err := p.Poll(ctx)
	var rl *platform.RateLimitError
	switch {
	case ctx.Err() != nil:
	case errors.As(err, &rl) && !rl.RetryAt.IsZero():
		log.WarnContext(ctx, "poll rate limited", "poller", p.Name, "practice", p.Practice, "until", rl.RetryAt)
	case err != nil:
		log.ErrorContext(ctx, "poll failed", "poller", p.Name, "practice", p.Practice, "err", err)
	case n > 0:
		log.InfoContext(ctx, "polled", "poller", p.Name, "practice", p.Practice, "events", n)
	}
	return err
}

func (p *Poller) interval() time.Duration {
	if p.Interval > 0 {
		return p.Interval
	}
	return time.Minute
}

// Poll reads once, ingests what it read and advances the cursor, returning
// how many events were ingested. Events read before a fetch error are
// still ingested; the cursor then stays where it was.
func (p *Poller) Poll(ctx context.Context) (int, error) {
	cur, err := p.Cursors.Cursor(ctx, p.Practice, p.Name)
	if err != nil {
		return 0, fmt.Errorf("polling %s: %w", p.Name, err)
	}
	events, next, ferr := p.Fetch(ctx, cur)
	for i, ev := range events {
		if _, err := ingest(ctx, p.Ingester, p.Metrics, p.Practice, ev); err != nil {
			return i, fmt.Errorf("polling %s: %w", p.Name, err)
		}
	}
	if ferr != nil {
		return len(events), fmt.Errorf("polling %s: %w", p.Name, ferr)
	}
	if next != cur {
		if err := p.Cursors.SetCursor(ctx, p.Practice, p.Name, next); err != nil {
			return len(events), fmt.Errorf("polling %s: %w", p.Name, err)
		}
	}
	return len(events), nil
}

// MentionReader reads an X account's mentions (x.Client satisfies it).
type MentionReader interface {
	Mentions(ctx context.Context, sinceID string) ([]platform.Event, string, error)
}

// XMentions fetches X mentions with since_id as the cursor (platforms.md §4.2).
func XMentions(c MentionReader) Fetch {
	return c.Mentions
}

// CommentLister lists a WordPress site's comments (wordpress.Client satisfies it).
type CommentLister interface {
	Comments(ctx context.Context, after time.Time) ([]platform.Event, time.Time, error)
}

// WordPressComments fetches WordPress comments with the newest date_gmt
// seen (RFC 3339) as the cursor (platforms.md §7.6 a).
func WordPressComments(c CommentLister) Fetch {
	return func(ctx context.Context, cursor string) ([]platform.Event, string, error) {
		var after time.Time
		if cursor != "" {
			t, err := time.Parse(time.RFC3339Nano, cursor)
			if err != nil {
				return nil, cursor, fmt.Errorf("reading wordpress cursor %q: %w", cursor, err)
			}
			after = t
		}
		events, newest, err := c.Comments(ctx, after)
		if err != nil {
			return events, cursor, err
		}
		if newest.IsZero() {
			return events, cursor, nil
		}
		return events, newest.UTC().Format(time.RFC3339Nano), nil
	}
}
