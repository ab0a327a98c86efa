package web

import (
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

func TestMetricsExposed(t *testing.T) {
	ts := newTestServer(t, nil)
	ts.in.labels = []moderation.Category{moderation.Harassment, moderation.Obscene}
	ts.do("POST", "/webhooks/meta", []byte(vector), signed(vector))
	ts.do("POST", "/webhooks/meta", []byte(vector), nil)
	ts.metrics.Action(moderation.ActionHide, "done")
	ts.metrics.ActionLatency(moderation.ActionHide, 120*time.Millisecond)
	ts.metrics.JobRetry()
	ts.metrics.JobFailure(moderation.ActionDelete)
	rec := ts.do("GET", "/metrics", nil, nil)
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	out := rec.Body.String()
	for _, want := range []string{
		`pagekeeper_decisions_total{category="harassment"} 1`,
		`pagekeeper_decisions_total{category="obscene"} 1`,
		`pagekeeper_webhooks_total{platform="meta",result="ok"} 1`,
		`pagekeeper_webhooks_total{platform="meta",result="bad_signature"} 1`,
		`pagekeeper_webhook_duration_seconds_count{platform="meta"} 2`,
		`pagekeeper_actions_total{action="hide",outcome="done"} 1`,
		`pagekeeper_action_latency_seconds_count{action="hide"} 1`,
		`pagekeeper_job_retries_total 1`,
		`pagekeeper_job_failures_total{action="delete"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(out, testPageID) || strings.Contains(out, "Waited") {
		t.Error("metrics carry an id or text")
	}
}

func TestMetricsNilIsSafe(t *testing.T) {
	var m *Metrics
	m.Decision(nil)
	m.Action(moderation.ActionHide, "done")
	m.ActionLatency(moderation.ActionHide, time.Second)
	m.JobRetry()
	m.JobFailure(moderation.ActionHide)
	m.Webhook("meta", "ok", time.Second)
}

func TestMetricsDecisionWithoutLabels(t *testing.T) {
	m := NewMetrics()
	m.Decision(nil)
	m.Decision([]moderation.Category{"not-a-category"})
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "pagekeeper_decisions_total" {
			continue
		}
		if len(mf.Metric) != 1 || mf.Metric[0].GetLabel()[0].GetValue() != "none" || mf.Metric[0].GetCounter().GetValue() != 1 {
			t.Errorf("decisions = %v, want only none = 1 (unknown categories are not labels)", mf.Metric)
		}
		return
	}
	t.Error("no pagekeeper_decisions_total")
}
