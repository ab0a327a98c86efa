package web

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// Metrics is Pagekeeper's Prometheus metrics, on a private registry (with
// the Go and process collectors), so tests can make as many as they like.
// Labels take only closed sets (categories, action kinds, outcomes, route
// names): never ids or text. A nil *Metrics records nothing, so callers
// need not check.
type Metrics struct {
	reg             *prometheus.Registry
	decisions       *prometheus.CounterVec
	actions         *prometheus.CounterVec
	jobRetries      prometheus.Counter
	jobFailures     *prometheus.CounterVec
	webhooks        *prometheus.CounterVec
	webhookDuration *prometheus.HistogramVec
	actionLatency   *prometheus.HistogramVec
}

// latencyBuckets run from a millisecond to two minutes: a webhook is
// answered in milliseconds, an action waits for a worker and a platform.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120}

// NewMetrics returns metrics on a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pagekeeper_decisions_total",
			Help: "Posts decided, by category (a post with several counts once in each; none for a post with no category).",
		}, []string{"category"}),
		actions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pagekeeper_actions_total",
			Help: "Action attempts, by action kind and outcome (done, failed: will retry, dead: given up).",
		}, []string{"action", "outcome"}),
		jobRetries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pagekeeper_job_retries_total",
			Help: "Job attempts that failed and will be tried again.",
		}),
		jobFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pagekeeper_job_failures_total",
			Help: "Jobs that failed for good (dead-lettered), by action kind.",
		}, []string{"action"}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pagekeeper_webhooks_total",
			Help: "Webhook deliveries, by route (meta, x, website) and result (ok, bad_signature, malformed, too_large, not_found, error).",
		}, []string{"platform", "result"}),
		webhookDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pagekeeper_webhook_duration_seconds",
			Help:    "Time from a webhook's arrival to our answer, by route; the events are durable when it ends.",
			Buckets: latencyBuckets,
		}, []string{"platform"}),
		actionLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pagekeeper_action_latency_seconds",
			Help:    "Time from an event's arrival to the platform call that carried out its action, by action kind.",
			Buckets: latencyBuckets,
		}, []string{"action"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.decisions, m.actions, m.jobRetries, m.jobFailures, m.webhooks, m.webhookDuration, m.actionLatency,
	)
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry returns the registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Decision counts a decided post under each of its labels.
func (m *Metrics) Decision(labels []moderation.Category) {
	if m == nil {
		return
	}
	if len(labels) == 0 {
		m.decisions.WithLabelValues("none").Inc()
		return
	}
	for _, c := range labels {
		if c.Valid() {
			m.decisions.WithLabelValues(string(c)).Inc()
		}
	}
}

// Action counts an action's outcome: "done", "failed" (will retry) or
// "dead" (given up).
func (m *Metrics) Action(kind moderation.ActionKind, outcome string) {
	if m != nil && kind.Valid() {
		m.actions.WithLabelValues(string(kind), outcome).Inc()
	}
}

// ActionLatency records how long after its event's arrival an action's
// platform call completed.
func (m *Metrics) ActionLatency(kind moderation.ActionKind, d time.Duration) {
	if m != nil && kind.Valid() {
		m.actionLatency.WithLabelValues(string(kind)).Observe(d.Seconds())
	}
}

// JobRetry counts a failed attempt that will be retried.
func (m *Metrics) JobRetry() {
	if m != nil {
		m.jobRetries.Inc()
	}
}

// JobFailure counts a job dead-lettered for an action kind.
func (m *Metrics) JobFailure(kind moderation.ActionKind) {
	if m != nil && kind.Valid() {
		m.jobFailures.WithLabelValues(string(kind)).Inc()
	}
}

// Webhook counts a delivery to route with its result and how long it took.
func (m *Metrics) Webhook(route, result string, d time.Duration) {
	if m == nil {
		return
	}
	m.webhooks.WithLabelValues(route, result).Inc()
	m.webhookDuration.WithLabelValues(route).Observe(d.Seconds())
}
