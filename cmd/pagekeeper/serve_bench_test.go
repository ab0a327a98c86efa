package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
)

// Flags for BenchmarkWebhookToHide (see bench/README.md).
var (
	benchRate      = flag.Float64("rate", 20, "webhooks per second BenchmarkWebhookToHide sends")
	benchQueuePoll = flag.Duration("queue-poll", time.Second, "how often workers look for due jobs (serve's default is 1s)")
)

// BenchmarkWebhookToHide drives b.N signed Facebook webhooks, each with an
// abusive comment, at -rate per second into the real service (SQLite,
// triage, River queue, workers) and measures, per comment, the time from
// sending the webhook to its answer and to the fake Graph API receiving
// the hide call. Run it with a fixed count, e.g. -benchtime 600x.
func BenchmarkWebhookToHide(b *testing.B) {
	_, g, base := e2eService(b, *benchQueuePoll)
	text := "Dean on reception is a useless tw@t who shouldn't be allowed near the public"
	n := b.N
	ids := make([]string, n)
	sent := make([]time.Time, n)
	answered := make([]time.Duration, n)
	var wg sync.WaitGroup
	var failed sync.Map
	interval := time.Duration(float64(time.Second) / *benchRate)
	b.ResetTimer()
	start := time.Now()
	for i := range n {
		if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
			time.Sleep(wait)
		}
		ids[i] = fmt.Sprintf("998877665544332_%d", 3000000000000000+i)
		g.Put(platformtest.GraphObject{ID: ids[i], Text: text, FromID: "7712345098765432", PostID: demoPagePost, Created: time.Now()})
		sent[i] = time.Now()
		wg.Go(func() {
			codes, err := g.SendWebhook(b.Context(), base+"/webhooks/meta", feedComment(ids[i], text), platformtest.SendOptions{Secret: e2eSecret})
			answered[i] = time.Since(sent[i])
			if err != nil || codes[0] != 200 {
				failed.Store(i, fmt.Sprint(codes, err))
			}
		})
	}
	sendTime := time.Since(start)
	wg.Wait()
	failed.Range(func(k, v any) bool {
		b.Fatalf("webhook %v failed: %v", k, v)
		return false
	})
	hidden := map[string]time.Time{}
	deadline := time.Now().Add(2*time.Minute + time.Duration(n)*10*time.Millisecond)
	for len(hidden) < n {
		for _, c := range g.Calls() {
			if c.Method == "POST" && c.Form.Get("is_hidden") == "true" {
				id := strings.TrimPrefix(c.Path, "/")
				if _, ok := hidden[id]; !ok {
					hidden[id] = c.Time
				}
			}
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d comments hidden before the deadline", len(hidden), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.StopTimer()
	toHide := make([]time.Duration, n)
	for i, id := range ids {
		toHide[i] = hidden[id].Sub(sent[i])
	}
	slices.Sort(toHide)
	slices.Sort(answered)
	q := func(d []time.Duration, p float64) float64 {
		return float64(d[min(len(d)-1, int(p*float64(len(d))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(float64(n)/sendTime.Seconds(), "webhooks/s")
	b.ReportMetric(q(answered, 0.50), "p50-ack-ms")
	b.ReportMetric(q(answered, 0.99), "p99-ack-ms")
	b.ReportMetric(q(toHide, 0.50), "p50-hide-ms")
	b.ReportMetric(q(toHide, 0.99), "p99-hide-ms")
	b.ReportMetric(0, "ns/op")
}
