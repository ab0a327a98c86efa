package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform"
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

// Poller reads a platform on an interval for one practice and hands what
// it finds to the ingester, for platforms whose webhooks are missing or
// optional (X mentions, WordPress comments). The cursor is stored only
// after every event read has been ingested, so a crash re-reads rather
// than skips; dedupe keys make the re-read harmless.
type Poller struct {
	Name     string // the cursor key and log name, e.g. "x.since_id"
	Practice string
	Fetch    Fetch
	Cursors  Cursors
	Ingester triage.Ingester
	Interval time.Duration // between polls; 1 minute when zero
	Metrics  *Metrics
	Logger   *slog.Logger     // nil discards logs
	Now      func() time.Time // time.Now when nil
}

// Run polls until ctx ends, at once and then every Interval; a platform's
// rate-limit answer with a RetryAt postpones the next poll until then. It
// returns nil when ctx ends.
func (p *Poller) Run(ctx context.Context) error {
	log := p.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	for {
		wait := p.interval()
		n, err := p.Poll(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var rl *platform.RateLimitError
		switch {
		case errors.As(err, &rl) && !rl.RetryAt.IsZero():
			wait = max(wait, rl.RetryAt.Sub(p.now()))
			log.WarnContext(ctx, "poll rate limited", "poller", p.Name, "practice", p.Practice, "until", rl.RetryAt)
		case err != nil:
			log.ErrorContext(ctx, "poll failed", "poller", p.Name, "practice", p.Practice, "err", err)
		case n > 0:
			log.InfoContext(ctx, "polled", "poller", p.Name, "practice", p.Practice, "events", n)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

func (p *Poller) interval() time.Duration {
	if p.Interval > 0 {
		return p.Interval
	}
	return time.Minute
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
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
