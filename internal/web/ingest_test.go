package web

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
)

func TestIngestCountsOnlyNewDecisions(t *testing.T) {
	in := &fakeIngester{labels: []moderation.Category{moderation.Complaint}}
	m := NewMetrics()
	e := platform.Event{Kind: platform.Added, DedupeKey: "k"}
	for range 2 {
		if _, err := ingest(t.Context(), in, m, "p", e); err != nil {
			t.Fatal(err)
		}
	}
	mfs, _ := m.Registry().Gather()
	for _, mf := range mfs {
		if mf.GetName() == "pagekeeper_decisions_total" {
			if v := mf.Metric[0].GetCounter().GetValue(); v != 1 {
				t.Errorf("decisions counted %v times, want 1 (the redelivery is a duplicate)", v)
			}
			return
		}
	}
	t.Error("no decision counted")
}

func TestIngestFailureWraps(t *testing.T) {
	in := &fakeIngester{err: errStore}
	_, err := ingest(t.Context(), in, nil, "p", platform.Event{Ref: platform.Ref{Channel: moderation.X, ObjectID: "1"}})
	if err == nil {
		t.Fatal("no error")
	}
	if code, _, _ := status(err); code != 503 {
		t.Errorf("status %d, want 503", code)
	}
}
