package protection_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/protection"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestExport(t *testing.T) {
	ctx := t.Context()
	s := openStore(t)
	p := record(t, s, "p1", "c1", "fb-1", t0, moderation.Harassment, moderation.ActionHide, store.ActionDone)
	if err := s.EditPost(ctx, "p1", p.ID, "edited by fb-1", []byte("not json"), t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	record(t, s, "p1", "c2", "fb-2", t0, moderation.Harassment, moderation.ActionHide, store.ActionDone)
	record(t, s, "p2", "c1", "fb-1", t0, moderation.Harassment, moderation.ActionHide, store.ActionDone)
	ban := store.PageBan{PracticeID: "p1", Channel: moderation.Facebook, AuthorID: "fb-1", PostID: p.ID, Reason: "repeated abuse", DecidedBy: 1, DecidedAt: t0}
	if err := s.AddPageBan(ctx, &ban); err != nil {
		t.Fatal(err)
	}

	x, err := protection.Export(ctx, s, "p1", "fb-1", t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Posts) != 1 || len(x.PageBans) != 1 {
		t.Fatalf("export has %d posts, %d bans; want 1 and 1 (not fb-2's, not practice p2's)", len(x.Posts), len(x.PageBans))
	}
	sp := x.Posts[0]
	if sp.Text != "edited by fb-1" || len(sp.Versions) != 1 || sp.Versions[0].Text != p.Text ||
		len(sp.Decisions) != 1 || len(sp.Actions) != 1 || len(sp.Evidence) != 1 || !sp.Evidence[0].Intact {
		t.Errorf("exported post = %+v", sp)
	}
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"text":"edited by fb-1"`, `"raw":"not json"`, `"message":"what fb-1 wrote"`, `"categories":["harassment"]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("export JSON lacks %s:\n%s", want, b)
		}
	}
	if strings.Contains(string(b), "fb-2") {
		t.Error("export holds another poster's data")
	}
	if _, err := protection.Export(ctx, s, "nope", "fb-1", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Export(unknown practice) = %v; want ErrNotFound", err)
	}
	if x, err := protection.Export(ctx, s, "p1", "nobody", t0); err != nil || len(x.Posts) != 0 {
		t.Errorf("Export(nobody) = %d posts, %v; want an empty export", len(x.Posts), err)
	}
}

func TestErase(t *testing.T) {
	ctx := t.Context()
	s := openStore(t)
	p := record(t, s, "p1", "c1", "fb-1", t0, moderation.Harassment, moderation.ActionHide, store.ActionDone)
	keep := record(t, s, "p1", "c2", "fb-2", t0, moderation.Harassment, moderation.ActionHide, store.ActionDone)

	res, err := protection.Erase(ctx, s, protection.EraseRequest{PracticeID: "p1", AuthorID: "fb-1", Actor: "cli", Now: t0})
	if err != nil || len(res.Posts) != 1 || res.Override {
		t.Fatalf("Erase = %+v, %v", res, err)
	}
	got, err := s.Post(ctx, "p1", p.ID)
	if err != nil || got.Text != "" || got.AuthorName != "" || len(got.Raw) != 0 || got.Status != store.StatusHidden {
		t.Errorf("erased post = %+v, %v; want skeleton only", got, err)
	}
	if es, _ := s.EvidenceForPost(ctx, "p1", p.ID); len(es) != 0 {
		t.Errorf("evidence after erasure = %d, want none", len(es))
	}
	if as, _ := s.ActionsForPost(ctx, "p1", p.ID); len(as) != 1 {
		t.Errorf("actions after erasure = %d, want kept", len(as))
	}
	if got, _ := s.Post(ctx, "p1", keep.ID); got.Text != keep.Text {
		t.Error("erasure touched another poster's post")
	}
	last, err := s.LastAudit(ctx, "p1")
	if err != nil || last.Kind != store.AuditErased || !strings.Contains(string(last.Detail), `"posts":[`) {
		t.Errorf("audit after erasure = %+v, %v", last, err)
	}
	if _, err := audit.Verify(ctx, s, "p1"); err != nil {
		t.Errorf("audit chain after erasure: %v", err)
	}
	if _, err := protection.Erase(ctx, s, protection.EraseRequest{PracticeID: "p1", AuthorID: "nobody", Actor: "cli", Now: t0}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Erase(nobody) = %v; want ErrNotFound", err)
	}
}

func TestEraseRefusesOpenSafeguarding(t *testing.T) {
	ctx := t.Context()
	tests := []struct {
		name  string
		label moderation.Category
		kind  moderation.ActionKind
		state store.ActionState
		want  string
	}{
		{"unreviewed escalation", moderation.Harassment, moderation.ActionEscalate, store.ActionDone, "escalation"},
		{"unreviewed safeguarding", moderation.Safeguarding, moderation.ActionEscalate, store.ActionDone, "safeguarding"},
		{"action still pending", moderation.Harassment, moderation.ActionDelete, store.ActionPending, "delete action is pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t)
			p := record(t, s, "p1", "c1", "fb-1", t0, tt.label, tt.kind, tt.state)
			req := protection.EraseRequest{PracticeID: "p1", AuthorID: "fb-1", Actor: "cli", Now: t0}
			_, err := protection.Erase(ctx, s, req)
			var oe *protection.OpenError
			if !errors.Is(err, protection.ErrOpen) || !errors.As(err, &oe) || oe.Posts[p.ID] == "" || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Erase = %v; want an OpenError about post %d saying %q", err, p.ID, tt.want)
			}
			if got, _ := s.Post(ctx, "p1", p.ID); got.Text != p.Text {
				t.Fatal("a refused erasure changed the post")
			}
			req.Reason = "IG lead approved: request upheld, police hold a copy"
			res, err := protection.Erase(ctx, s, req)
			if err != nil || !res.Override {
				t.Fatalf("Erase with a reason = %+v, %v", res, err)
			}
			last, _ := s.LastAudit(ctx, "p1")
			if !strings.Contains(string(last.Detail), `"override":true`) || !strings.Contains(string(last.Detail), "IG lead approved") {
				t.Errorf("override audit detail = %s", last.Detail)
			}
		})
	}

	// Once a person has reviewed the escalation the erasure goes ahead.
	s := openStore(t)
	p := record(t, s, "p1", "c1", "fb-1", t0, moderation.Safeguarding, moderation.ActionEscalate, store.ActionDone)
	if err := s.MarkReviewed(ctx, "p1", p.ID, 1, store.OutcomeEscalated, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := protection.Erase(ctx, s, protection.EraseRequest{PracticeID: "p1", AuthorID: "fb-1", Actor: "cli", Now: t0}); err != nil {
		t.Errorf("Erase after review: %v", err)
	}
}
