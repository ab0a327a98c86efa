package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

func TestFormatTime(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"zero", time.Time{}, ""},
		{"utc", time.Date(2026, 1, 2, 3, 4, 5, 6_789_000, time.UTC), "2026-01-02T03:04:05.006789Z"},
		{"nanoseconds dropped", time.Date(2026, 1, 2, 3, 4, 5, 999, time.UTC), "2026-01-02T03:04:05.000000Z"},
		{"offset made utc", time.Date(2026, 6, 1, 10, 0, 0, 0, time.FixedZone("BST", 3600)), "2026-06-01T09:00:00.000000Z"},
	}
	for _, tt := range tests {
		got := FormatTime(tt.in)
		if got != tt.want {
			t.Errorf("%s: FormatTime = %q, want %q", tt.name, got, tt.want)
		}
		back, err := ParseTime(got)
		if err != nil || !back.Equal(tt.in.Truncate(time.Microsecond)) {
			t.Errorf("%s: ParseTime(%q) = %v, %v", tt.name, got, back, err)
		}
	}
	if _, err := ParseTime("yesterday"); err == nil {
		t.Error("ParseTime accepted nonsense")
	}
}

func TestEvidenceHash(t *testing.T) {
	base := Evidence{PracticeID: "p1", PostID: 7, CapturedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Text: "ab", AuthorID: "u1", AuthorName: "A", Permalink: "https://x", Raw: []byte("{}"), Fresh: []byte(`{"a":1}`)}
	h := base.Hash()
	if len(h) != 64 {
		t.Fatalf("hash %q is not hex SHA-256", h)
	}
	if base.Hash() != h {
		t.Error("Hash is not deterministic")
	}
	changes := []struct {
		name string
		edit func(*Evidence)
	}{
		{"practice", func(e *Evidence) { e.PracticeID = "p2" }},
		{"post", func(e *Evidence) { e.PostID = 8 }},
		{"time", func(e *Evidence) { e.CapturedAt = e.CapturedAt.Add(time.Microsecond) }},
		{"text", func(e *Evidence) { e.Text = "ab " }},
		{"boundary moved", func(e *Evidence) { e.Text, e.AuthorID = "abu", "1" }},
		{"author", func(e *Evidence) { e.AuthorName = "B" }},
		{"permalink", func(e *Evidence) { e.Permalink = "https://y" }},
		{"raw", func(e *Evidence) { e.Raw = []byte("[]") }},
		{"fresh", func(e *Evidence) { e.Fresh = nil }},
	}
	for _, c := range changes {
		e := base
		c.edit(&e)
		if e.Hash() == h {
			t.Errorf("changing %s left the hash unchanged", c.name)
		}
	}
	base.ID, base.SHA256 = 99, h
	if base.Hash() != h || !base.Intact() {
		t.Error("ID or SHA256 changed the hash")
	}
}

func TestStates(t *testing.T) {
	for _, s := range []PostStatus{StatusVisible, StatusHidden, StatusDeleted, StatusHeld} {
		if !s.Valid() {
			t.Errorf("%q not valid", s)
		}
	}
	if PostStatus("gone").Valid() || ActionState("gone").Valid() || AuditKind("gone").Valid() {
		t.Error("an unknown state is valid")
	}
	final := map[ActionState]bool{ActionDone: true, ActionDead: true, ActionSkipped: true, ActionShadow: true}
	for _, s := range []ActionState{ActionPending, ActionRunning, ActionDone, ActionFailed, ActionDead, ActionSkipped, ActionShadow} {
		if !s.Valid() || s.Final() != final[s] {
			t.Errorf("%q: valid %v final %v", s, s.Valid(), s.Final())
		}
	}
	if len(AuditKinds()) != 12 {
		t.Errorf("%d audit kinds, want 12", len(AuditKinds()))
	}
	for _, k := range AuditKinds() {
		if !k.Valid() {
			t.Errorf("%q not valid", k)
		}
	}
}

func TestPostDomainRoundTrip(t *testing.T) {
	at := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	mp := moderation.Post{PracticeID: "p1", Channel: moderation.X, ExternalID: "e1", ParentID: "e0",
		Author: moderation.Author{ID: "u", Name: "N"}, Text: "hi", Permalink: "https://x.com/e1", CreatedAt: at,
		Media: []moderation.Media{{Kind: "photo", URL: "https://x"}}}
	sp := PostFromDomain(mp, []byte("raw"), at.Add(time.Second))
	if sp.Status != StatusVisible || string(sp.Raw) != "raw" || !sp.ReceivedAt.Equal(at.Add(time.Second)) {
		t.Errorf("PostFromDomain = %+v", sp)
	}
	sp.ID = 42
	mp.ID = "42"
	if diff := cmp.Diff(mp, sp.Domain()); diff != "" {
		t.Errorf("Domain (-want +got):\n%s", diff)
	}
}

func TestActionFromDomain(t *testing.T) {
	d := Decision{ID: 3, PracticeID: "p1", PostID: 9}
	tests := []struct {
		name   string
		d      Decision
		a      moderation.Action
		want   ActionState
		wantID int64
	}{
		{"live", d, moderation.Action{Kind: moderation.ActionHide}, ActionPending, 3},
		{"shadow action", d, moderation.Action{Kind: moderation.ActionHide, Shadow: true}, ActionShadow, 3},
		{"shadow decision", Decision{ID: 4, Shadow: true}, moderation.Action{Kind: moderation.ActionReply}, ActionShadow, 4},
	}
	for _, tt := range tests {
		got := ActionFromDomain(tt.d, tt.a, time.Time{})
		if got.State != tt.want || got.DecisionID != tt.wantID || got.Kind != tt.a.Kind {
			t.Errorf("%s: %+v", tt.name, got)
		}
	}
}
