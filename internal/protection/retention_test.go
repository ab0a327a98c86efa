package protection_test

import (
	"crypto/rand"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/protection"
	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

var t0 = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)

// openStore returns an encrypted SQLite store with practices p1 and p2.
func openStore(t *testing.T) store.ProtectedStore {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "pagekeeper.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	k, err := sealed.GenerateKey(rand.Reader, t0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := sealed.NewKeyring(k)
	if err != nil {
		t.Fatal(err)
	}
	s := sealed.Wrap(db, r)
	for _, id := range []string{"p1", "p2"} {
		if err := s.CreatePractice(t.Context(), &store.Practice{ID: id, Name: id, CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// record stores a post by author received at, judged with labels, one
// action in state st, and evidence; with an audit entry, as triage does.
func record(t *testing.T, s store.Store, practiceID, ext, author string, at time.Time, label moderation.Category,
	kind moderation.ActionKind, st store.ActionState) store.Post {
	t.Helper()
	ctx := t.Context()
	p := store.Post{PracticeID: practiceID, Channel: moderation.Facebook, ExternalID: ext, AuthorID: author,
		AuthorName: "Name of " + author, Text: "what " + author + " wrote in " + ext, ReceivedAt: at, Status: store.StatusHidden,
		Raw: []byte(`{"message":"what ` + author + ` wrote"}`)}
	err := s.WithTx(ctx, func(tx store.TxStore) error {
		if err := tx.InsertPost(ctx, &p); err != nil {
			return err
		}
		d := store.Decision{PracticeID: practiceID, PostID: p.ID, Labels: []moderation.Category{label},
			Findings:  []moderation.Finding{{Category: label, Start: 0, End: 4, Score: 0.9, Reason: "quotes \"" + ext + "\""}},
			DecidedBy: store.DecidedByAuto, DecidedAt: at}
		if err := tx.InsertDecision(ctx, &d); err != nil {
			return err
		}
		a := store.ActionFromDomain(d, moderation.Action{Kind: kind, Category: label}, at)
		a.State = st
		if err := tx.InsertAction(ctx, &a); err != nil {
			return err
		}
		e := store.Evidence{PracticeID: practiceID, PostID: p.ID, CapturedAt: at, Text: p.Text, AuthorID: author, Raw: p.Raw}
		e.SHA256 = e.Hash()
		if err := tx.KeepEvidence(ctx, &e); err != nil {
			return err
		}
		_, err := audit.Append(ctx, tx, audit.Record{Time: at, PracticeID: practiceID, Kind: store.AuditDecided,
			Subject: "post:" + ext, Actor: "auto", Detail: map[string]any{"decision": d.ID}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPurge(t *testing.T) {
	ctx := t.Context()
	s := openStore(t)
	now := t0.Add(7 * 365 * protection.Day)
	ancient := record(t, s, "p1", "ancient", "fb-1", t0, moderation.Harassment, moderation.ActionHide, store.ActionDone)
	twoYears := record(t, s, "p1", "two-years", "fb-1", now.Add(-2*365*protection.Day), moderation.Harassment, moderation.ActionHide, store.ActionDone)
	fresh := record(t, s, "p1", "fresh", "fb-2", now.Add(-protection.Day), moderation.Harassment, moderation.ActionHide, store.ActionDone)
	other := record(t, s, "p2", "fresh", "fb-3", now.Add(-protection.Day), moderation.Harassment, moderation.ActionHide, store.ActionDone)
	if _, err := s.MarkSeen(ctx, "p1", "old-delivery", now.Add(-30*protection.Day)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkSeen(ctx, "p1", "new-delivery", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}

	c, err := protection.Purge(ctx, s, protection.DefaultLimits(), now)
	if err != nil {
		t.Fatal(err)
	}
	want := protection.PracticeCounts{PostContent: 1, Decisions: 1} // the ancient post's evidence goes with its decisions
	if c.Practices["p1"] != want || len(c.Practices) != 1 || c.DedupeKeys != 1 {
		t.Errorf("Purge = %+v; want p1 %+v and one dedupe key", c, want)
	}
	if _, err := s.Post(ctx, "p1", ancient.ID); err == nil {
		t.Error("a post past the decisions limit is still there")
	}
	got, err := s.Post(ctx, "p1", twoYears.ID)
	if err != nil || got.Text != "" || got.AuthorName != "" || got.AuthorID != "fb-1" {
		t.Errorf("two-year-old post = %+v, %v; want its skeleton without content", got, err)
	}
	if es, _ := s.EvidenceForPost(ctx, "p1", twoYears.ID); len(es) != 1 || !es[0].Intact() {
		t.Errorf("two-year-old evidence = %+v; want kept (6 years) and intact", es)
	}
	for _, p := range []store.Post{fresh, other} {
		if got, err := s.Post(ctx, p.PracticeID, p.ID); err != nil || got.Text != p.Text {
			t.Errorf("fresh post %s/%d = %q, %v; want untouched", p.PracticeID, p.ID, got.Text, err)
		}
	}

	// One "purged" entry with counts, no text; the chain still verifies.
	last, err := s.LastAudit(ctx, "p1")
	if err != nil || last.Kind != store.AuditPurged || last.Actor != protection.Actor {
		t.Fatalf("last audit entry = %+v, %v; want a purge entry", last, err)
	}
	var detail map[string]any
	if err := json.Unmarshal(last.Detail, &detail); err != nil {
		t.Fatal(err)
	}
	if detail["post_content"] != 1.0 || detail["decisions"] != 1.0 || strings.Contains(string(last.Detail), "wrote") {
		t.Errorf("purge detail = %s", last.Detail)
	}
	for _, p := range []string{"p1", "p2"} {
		if _, err := audit.Verify(ctx, s, p); err != nil {
			t.Errorf("audit chain of %s after purge: %v", p, err)
		}
	}
	if _, err := s.LastAudit(ctx, "p2"); err != nil {
		t.Fatal(err)
	} else if e, _ := s.LastAudit(ctx, "p2"); e.Kind == store.AuditPurged {
		t.Error("a practice that lost nothing got a purge entry")
	}

	// A second run finds nothing and writes nothing.
	c, err = protection.Purge(ctx, s, protection.DefaultLimits(), now)
	if err != nil || len(c.Practices) != 0 {
		t.Errorf("second Purge = %+v, %v; want nothing", c, err)
	}
	if again, _ := s.LastAudit(ctx, "p1"); again.Seq != last.Seq {
		t.Errorf("a run that purged nothing appended entry %d", again.Seq)
	}
}

func TestPurgeKeepsUnfinishedWork(t *testing.T) {
	ctx := t.Context()
	s := openStore(t)
	now := t0.Add(7 * 365 * protection.Day)
	busy := record(t, s, "p1", "busy", "fb-1", t0, moderation.Harassment, moderation.ActionDelete, store.ActionFailed)
	if _, err := protection.Purge(ctx, s, protection.DefaultLimits(), now); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Post(ctx, "p1", busy.ID); err != nil || got.Text != busy.Text {
		t.Errorf("a post whose delete is still being retried = %q, %v; want kept whole", got.Text, err)
	}
}

func TestLimitsValidate(t *testing.T) {
	ok := protection.DefaultLimits()
	if err := ok.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	forever := protection.Limits{}
	if err := forever.Validate(); err != nil {
		t.Errorf("all zero (keep everything): %v", err)
	}
	tests := []struct {
		name string
		edit func(*protection.Limits)
		want string
	}{
		{"negative", func(l *protection.Limits) { l.Sessions = -time.Hour }, "sessions is negative"},
		{"decisions before content", func(l *protection.Limits) { l.Decisions = 30 * protection.Day }, "shorter than post_content"},
		{"decisions before evidence", func(l *protection.Limits) { l.Evidence = 10 * 365 * protection.Day }, "shorter than evidence"},
		{"content kept for ever", func(l *protection.Limits) { l.PostContent = 0 }, "for ever"},
	}
	for _, tt := range tests {
		l := protection.DefaultLimits()
		tt.edit(&l)
		if err := l.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
		if _, err := protection.Purge(t.Context(), openStore(t), l, t0); err == nil {
			t.Errorf("%s: Purge ran with invalid limits", tt.name)
		}
	}
}
