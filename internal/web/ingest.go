package web

import (
	"context"
	"fmt"

	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

// ingestAll hands each event to the ingester, in order, for the practice
// find names. Events for accounts no practice owns are logged and skipped:
// refusing them would only make the platform retry for days. It stops at
// the first ingest failure: the caller answers 503, the platform redelivers
// the whole batch and dedupe absorbs what was already stored.
func (s *Server) ingestAll(ctx context.Context, events []platform.Event, find func(platform.Event) (*Practice, error)) error {
	for _, ev := range events {
		p, err := find(ev)
		if err != nil {
			s.log.WarnContext(ctx, "event skipped", "channel", ev.Ref.Channel, "account", ev.Ref.PageID, "err", err)
			continue
		}
		if _, err := ingest(ctx, s.cfg.Ingester, s.cfg.Metrics, p.ID, ev); err != nil {
			return err
		}
	}
	return nil
}

// ingest hands one event to in for practiceID and counts its decision.
func ingest(ctx context.Context, in triage.Ingester, m *Metrics, practiceID string, ev platform.Event) (triage.Result, error) {
	res, err := in.Ingest(ctx, practiceID, ev)
	if err != nil {
		return res, fmt.Errorf("ingesting %s for %s: %w", ev.Ref, practiceID, err)
	}
	if !res.Duplicate && res.PostID != 0 {
		m.Decision(res.Decision.Labels)
	}
	return res, nil
}
