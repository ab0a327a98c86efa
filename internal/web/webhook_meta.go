package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/facebook"
	"github.com/pagekeeper/pagekeeper/internal/platform/instagram"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
)

// metaVerify answers Meta's subscription check (platforms.md §1.3).
func (s *Server) metaVerify(w http.ResponseWriter, r *http.Request) {
	if s.cfg.MetaVerifyToken == "" {
		http.NotFound(w, r)
		return
	}
	meta.ServeVerify(w, r, s.cfg.MetaVerifyToken)
}

// metaReceive takes a Facebook Page feed or Instagram webhook (§1.4-1.8,
// §3.2). The signature is checked over the raw bytes before anything is
// parsed. A batch is handled change by change: good changes are stored even
// when others are malformed, and the answer is then 400 naming the bad ones
// (a redelivery stores nothing twice).
func (s *Server) metaReceive(w http.ResponseWriter, r *http.Request) {
	start := s.cfg.Now()
	result := s.metaHandle(w, r)
	s.cfg.Metrics.Webhook("meta", result, s.cfg.Now().Sub(start))
}

func (s *Server) metaHandle(w http.ResponseWriter, r *http.Request) string {
	if len(s.cfg.MetaAppSecret) == 0 {
		return s.fail(w, r, "meta", errNotFound)
	}
	body, err := meta.ReadWebhook(r, s.cfg.MetaAppSecret)
	if err != nil {
		return s.fail(w, r, "meta", err)
	}
	var head struct {
		Object string `json:"object"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return s.fail(w, r, "meta", malformed(errors.New("not a JSON object")))
	}
	var events []platform.Event
	var perr error
	var ch moderation.Channel
	switch head.Object {
	case "page":
		ch = moderation.Facebook
		events, perr = facebook.ParseFeed(body)
	case "instagram":
		ch = moderation.Instagram
		events, perr = instagram.ParseWebhook(body)
	default:
		return s.fail(w, r, "meta", malformed(fmt.Errorf("object %.32q is not handled (want page or instagram)", head.Object)))
	}
	find := func(ev platform.Event) (*Practice, error) {
		p, ok := s.practiceFor(ch, ev.Ref.PageID)
		if !ok {
			return nil, fmt.Errorf("%s account %s: %w", ch, ev.Ref.PageID, errNotFound)
		}
		return p, nil
	}
	var cerr error
	if ch == moderation.Instagram {
		events, cerr = s.completeMentions(r, events, find)
	}
	if err := s.ingestAll(r.Context(), events, find); err != nil {
		return s.fail(w, r, "meta", err)
	}
	if cerr != nil {
		return s.fail(w, r, "meta", cerr)
	}
	if perr != nil {
		return s.fail(w, r, "meta", malformed(perr))
	}
	w.WriteHeader(http.StatusOK)
	return "ok"
}

// completeMentions fills in Instagram mention events, whose payload holds
// only ids, through the practice's Instagram client. A mention that cannot
// be read for a passing reason (rate limit, outage) makes the returned
// error non-nil, so the caller answers 503 and Meta redelivers: the other
// events are stored meanwhile and dedupe absorbs them next time. A mention
// that can never be read (gone, no permission, no client) is logged and
// dropped.
func (s *Server) completeMentions(r *http.Request, events []platform.Event, find func(platform.Event) (*Practice, error)) ([]platform.Event, error) {
	var retry error
	out := events[:0:0]
	for _, ev := range events {
		if !instagram.IsMention(ev) {
			out = append(out, ev)
			continue
		}
		p, err := find(ev)
		if err != nil || p.Instagram == nil {
			s.log.WarnContext(r.Context(), "instagram mention skipped: no client to read it", "account", ev.Ref.PageID)
			continue
		}
		full, err := p.Instagram.Complete(r.Context(), ev)
		if err != nil {
			if platform.Retryable(err) {
				retry = fmt.Errorf("reading instagram mention: %w", err)
			} else {
				s.log.WarnContext(r.Context(), "instagram mention skipped", "account", ev.Ref.PageID, "err", err)
			}
			continue
		}
		out = append(out, full)
	}
	return out, retry
}
