package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/web"
)

func gathered(t *testing.T, m *web.Metrics) map[string]float64 {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, mt := range mf.Metric {
			key := mf.GetName()
			for _, l := range mt.GetLabel() {
				key += "," + l.GetValue()
			}
			switch {
			case mt.Counter != nil:
				out[key] = mt.GetCounter().GetValue()
			case mt.Histogram != nil:
				out[key] = float64(mt.GetHistogram().GetSampleCount())
			}
		}
	}
	return out
}

func TestMeteredHandlersCountOutcomes(t *testing.T) {
	m := web.NewMetrics()
	fail := errors.New("graph down")
	hs := meteredHandlers(map[string]queue.Handler{
		"hide":   func(context.Context, queue.Running) error { return nil },
		"delete": func(context.Context, queue.Running) error { return fail },
	}, m)
	hs["hide"](t.Context(), queue.Running{Attempt: 1, MaxAttempts: 3})
	hs["delete"](t.Context(), queue.Running{Attempt: 1, MaxAttempts: 3})
	hs["delete"](t.Context(), queue.Running{Attempt: 3, MaxAttempts: 3})
	var deadCalled bool
	meteredDead(func(context.Context, queue.DeadJob) { deadCalled = true }, m)(t.Context(), queue.DeadJob{Running: queue.Running{Kind: "delete"}})
	got := gathered(t, m)
	for key, want := range map[string]float64{
		"pagekeeper_actions_total,hide,done":     1,
		"pagekeeper_actions_total,delete,failed": 1,
		"pagekeeper_actions_total,delete,dead":   1,
		"pagekeeper_job_retries_total":           1,
		"pagekeeper_job_failures_total,delete":   1,
	} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	if !deadCalled {
		t.Error("the workers' OnDead was not called")
	}
}

func TestMeteredOutcomeCountsTheFastPath(t *testing.T) {
	m := web.NewMetrics()
	o := meteredOutcome(m)
	o(moderation.ActionHide, "done")
	o(moderation.ActionReply, "failed")
	o(moderation.ActionReply, "dead")
	got := gathered(t, m)
	for key, want := range map[string]float64{
		"pagekeeper_actions_total,hide,done":    1,
		"pagekeeper_actions_total,reply,failed": 1,
		"pagekeeper_actions_total,reply,dead":   1,
		"pagekeeper_job_retries_total":          1,
		"pagekeeper_job_failures_total,reply":   1,
	} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
}

type fakePosts struct{ received time.Time }

func (f fakePosts) PostByExternalID(context.Context, string, moderation.Channel, string) (store.Post, error) {
	return store.Post{ReceivedAt: f.received}, nil
}

type okPlatform struct{ platform.Ref }

func (okPlatform) Hide(context.Context, platform.Ref) error   { return nil }
func (okPlatform) Unhide(context.Context, platform.Ref) error { return nil }
func (okPlatform) Delete(context.Context, platform.Ref) error { return platform.ErrGone }
func (okPlatform) Reply(context.Context, platform.Ref, string) (platform.Ref, error) {
	return platform.Ref{}, nil
}
func (okPlatform) PrivateReply(context.Context, platform.Ref, string) error { return nil }
func (okPlatform) Fetch(context.Context, platform.Ref) (platform.Snapshot, error) {
	return platform.Snapshot{}, nil
}

func TestConnectorMetersLatency(t *testing.T) {
	m := web.NewMetrics()
	c := &connector{platforms: map[string]map[moderation.Channel]jobs.Platform{"p": {moderation.Facebook: okPlatform{}}},
		posts: fakePosts{received: time.Now().Add(-time.Second)}, metrics: m}
	p, err := c.Platform("p", "facebook")
	if err != nil {
		t.Fatal(err)
	}
	p.Hide(t.Context(), platform.Ref{ObjectID: "1"})
	p.Delete(t.Context(), platform.Ref{ObjectID: "1"}) // failed: not observed
	got := gathered(t, m)
	if got["pagekeeper_action_latency_seconds,hide"] != 1 || got["pagekeeper_action_latency_seconds,delete"] != 0 {
		t.Errorf("latency observations: %v", got)
	}
	if _, err := c.Platform("p", "x"); !errors.Is(err, platform.ErrNotSupported) {
		t.Errorf("unconnected channel: %v", err)
	}
}

// TestRunningPracticeKeepsSettingsPageChanges checks a restart keeps a
// profile staff saved on the settings page, and otherwise takes the file.
func TestRunningPracticeKeepsSettingsPageChanges(t *testing.T) {
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	prof, eng, raw, err := loadDemoPractice("")
	if err != nil {
		t.Fatal(err)
	}
	p := appPractice{ID: "ashgrove", Name: prof.Name, Profile: prof, ProfileYAML: raw, Judge: eng.Judge}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if _, err := runningPractice(ctx, db, p, log); err != nil {
		t.Fatal(err)
	}
	edited := []byte(strings.Replace(string(raw), "aliases: [Dean]", "aliases: [Dean, Deano]", 1))
	if err := db.UpdatePracticeProfile(ctx, "ashgrove", edited); err != nil {
		t.Fatal(err)
	}
	got, err := runningPractice(ctx, db, p, log)
	if err != nil || !bytes.Equal(got.ProfileYAML, raw) {
		t.Fatalf("without a settings-page change the file wins: %v", err)
	}
	if err := db.UpdatePracticeProfile(ctx, "ashgrove", edited); err != nil {
		t.Fatal(err)
	}
	if err := db.WithTx(ctx, func(tx store.TxStore) error {
		_, err := audit.Append(ctx, tx, audit.Record{Time: time.Now(), PracticeID: "ashgrove", Kind: store.AuditStaffAction,
			Subject: "practice:ashgrove", Actor: "user:1", Detail: map[string]any{"action": "settings"}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	got, err = runningPractice(ctx, db, p, log)
	if err != nil || !bytes.Equal(got.ProfileYAML, edited) || got.Judge == nil {
		t.Fatalf("a settings-page change was undone by a restart: %v", err)
	}
	found := false
	for _, s := range got.Profile.Staff {
		found = found || (s.Name == "Dean Marsh" && slices.Contains(s.Aliases, "Deano"))
	}
	if !found {
		t.Error("the running profile lacks the alias saved on the settings page")
	}
	if stored, _ := db.Practice(ctx, "ashgrove"); !bytes.Equal(stored.Profile, edited) {
		t.Error("the stored profile was overwritten by the file")
	}
}
