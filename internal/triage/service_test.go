package triage

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

const practiceID = "roxbourne"

// wednesday is 11:00 in London on a Wednesday, in surgery hours.
var wednesday = time.Date(2026, 6, 10, 10, 0, 0, 0, time.UTC)

// sunday is 11:00 in London on a Sunday, when the surgery is closed.
var sunday = time.Date(2026, 6, 14, 10, 0, 0, 0, time.UTC)

func testProfile() *profile.Profile {
	open := "08:00-18:30"
	return &profile.Profile{
		Name:  "Roxbourne Medical Centre",
		Links: profile.Links{Reviews: "https://www.nhs.uk/services/gp-surgery/roxbourne/E00000", Complaints: "https://roxbourne.example/complaints", Contact: "https://roxbourne.example/contact"},
		Hours: profile.Hours{"monday": open, "tuesday": open, "wednesday": open, "thursday": open, "friday": open},
		Policy: map[moderation.Category]*profile.Rule{
			moderation.Harassment: {Actions: []moderation.ActionKind{moderation.ActionHide, moderation.ActionEscalate}, EscalateTo: "practice_manager", ReviewBelow: 0.8},
		},
		Shadow: []string{"review"},
	}
}

// stubJudge finds categories by key phrase, with the phrase as the span, so
// tests do not depend on the detectors' models (tested in their packages).
func stubJudge(text string, _ moderation.Channel) []moderation.Finding {
	rules := []struct {
		phrase string
		cat    moderation.Category
		score  float64
		reason string
	}{
		{"idiot", moderation.Harassment, 0.95, "abuse aimed at a person"},
		{"maybe rude", moderation.Harassment, 0.5, "possibly abusive"},
		{"bloody", moderation.Obscene, 0.95, "vulgar language"},
		{"hurt myself", moderation.Safeguarding, 0.9, "mentions self-harm"},
		{"chest pain", moderation.ClinicalRequest, 0.8, "asks for help with an emergency through social media"},
		{"repeat prescription", moderation.ClinicalRequest, 0.9, "asks for care through social media"},
		{"great practice", moderation.Review, 0.9, "a review"},
		{"Dr Hill", moderation.StaffIdentified, 0.9, "names a member of staff"},
	}
	var out []moderation.Finding
	for _, r := range rules {
		if i := strings.Index(text, r.phrase); i >= 0 {
			out = append(out, moderation.Finding{Category: r.cat, Clause: r.cat.Clause(), Start: i, End: i + len(r.phrase), Score: r.score, Reason: r.reason})
		}
	}
	return out
}

type harness struct {
	db  *sqlite.DB
	svc *Service
	now time.Time
}

func newHarness(t *testing.T, mod func(*Config)) *harness {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "pk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.CreatePractice(t.Context(), &store.Practice{ID: practiceID, Name: "Roxbourne", CreatedAt: wednesday}); err != nil {
		t.Fatal(err)
	}
	q, err := queue.NewSQLite(db.SQL(), queue.Config{}) // insert only: no jobs run here
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{db: db, now: wednesday}
	cfg := Config{Store: db, Queue: q, Practices: Static{practiceID: {Profile: testProfile(), Judge: stubJudge}},
		Now: func() time.Time { return h.now }}
	if mod != nil {
		mod(&cfg)
	}
	if h.svc, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	return h
}

var seq int

// comment returns an Added event for a new Facebook comment.
func comment(text string) platform.Event {
	seq++
	id := "998877665544332_" + strings.Repeat("1", 10) + string(rune('0'+seq%10)) + string(rune('0'+seq/10%10))
	ref := platform.Ref{Channel: moderation.Facebook, PageID: "104729381122334", ObjectID: id, ParentID: "104729381122334_998877665544332"}
	raw, _ := json.Marshal(map[string]any{"field": "feed", "value": map[string]any{"item": "comment", "verb": "add", "comment_id": id, "message": text}})
	return platform.Event{Kind: platform.Added, Ref: ref, DedupeKey: "facebook:" + id + ":add:1", Raw: raw,
		Post: moderation.Post{Channel: moderation.Facebook, ExternalID: id, ParentID: ref.ParentID,
			Author: moderation.Author{ID: "7712345098765432", Name: "Sam Patient"}, Text: text, CreatedAt: wednesday}}
}

func (h *harness) ingest(t *testing.T, ev platform.Event) Result {
	t.Helper()
	res, err := h.svc.Ingest(t.Context(), practiceID, ev)
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	return res
}

func (h *harness) jobCount(t *testing.T) int {
	t.Helper()
	var n int
	if err := h.db.SQL().QueryRowContext(t.Context(), `SELECT count(*) FROM river_job`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (h *harness) actions(t *testing.T, postID int64) []store.Action {
	t.Helper()
	as, err := h.db.ActionsForPost(t.Context(), practiceID, postID)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func kindsAndStates(as []store.Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, string(a.Kind)+":"+string(a.State))
	}
	return out
}

func (h *harness) auditKinds(t *testing.T) []store.AuditKind {
	t.Helper()
	if _, err := audit.Verify(t.Context(), h.db, practiceID); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
	es, err := h.db.AuditEntries(t.Context(), practiceID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []store.AuditKind
	for _, e := range es {
		out = append(out, e.Kind)
	}
	return out
}

func TestIngestStoresDecisionActionsAndJobsTogether(t *testing.T) {
	h := newHarness(t, nil)
	ev := comment("You are an idiot")
	res := h.ingest(t, ev)
	if res.Duplicate || res.PostID == 0 {
		t.Fatalf("result %+v", res)
	}
	post, err := h.db.Post(t.Context(), practiceID, res.PostID)
	if err != nil {
		t.Fatal(err)
	}
	if string(post.Raw) != string(ev.Raw) || post.Text != "You are an idiot" || post.Status != store.StatusVisible {
		t.Errorf("stored post %+v", post)
	}
	ds, err := h.db.DecisionsForPost(t.Context(), practiceID, res.PostID)
	if err != nil || len(ds) != 1 {
		t.Fatalf("decisions %v, %v", ds, err)
	}
	wantF := []moderation.Finding{{Category: moderation.Harassment, Clause: moderation.ClauseConduct, Start: 11, End: 16, Score: 0.95, Reason: "abuse aimed at a person"}}
	if diff := cmp.Diff(wantF, ds[0].Findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if got, want := kindsAndStates(h.actions(t, res.PostID)), []string{"escalate:pending", "hide:pending"}; !slices.Equal(got, want) {
		t.Errorf("actions %v, want %v", got, want)
	}
	if n := h.jobCount(t); n != 2 {
		t.Errorf("%d jobs, want 2", n)
	}
	if got, want := h.auditKinds(t), []store.AuditKind{store.AuditReceived, store.AuditJudged, store.AuditDecided}; !slices.Equal(got, want) {
		t.Errorf("audit %v, want %v", got, want)
	}
	es, _ := h.db.AuditEntries(t.Context(), practiceID, 0, 100)
	for _, e := range es {
		if strings.Contains(string(e.Detail), "idiot") || strings.Contains(string(e.Detail), "Sam") {
			t.Errorf("audit detail carries patient text: %s", e.Detail)
		}
	}
}

func TestIngestRedeliveryChangesNothing(t *testing.T) {
	h := newHarness(t, nil)
	ev := comment("You are an idiot")
	var wg sync.WaitGroup
	results := make([]Result, 3)
	for i := range results {
		wg.Go(func() { results[i] = h.ingest(t, ev) })
	}
	wg.Wait()
	var fresh int
	var postID int64
	for _, r := range results {
		if !r.Duplicate {
			fresh++
			postID = r.PostID
		}
	}
	if fresh != 1 {
		t.Fatalf("%d deliveries handled as new, want 1: %+v", fresh, results)
	}
	if ds, _ := h.db.DecisionsForPost(t.Context(), practiceID, postID); len(ds) != 1 {
		t.Errorf("%d decisions, want 1", len(ds))
	}
	if n := h.jobCount(t); n != 2 {
		t.Errorf("%d jobs, want 2", n)
	}
}

func TestIngestShadow(t *testing.T) {
	tests := []struct {
		name      string
		shadowAll bool
		text      string
		want      []string
	}{
		{"category in shadow", false, "What a great practice", []string{"reply:shadow"}},
		{"import: every action in shadow", true, "You are an idiot", []string{"escalate:shadow", "hide:shadow"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.ShadowAll = tt.shadowAll })
			res := h.ingest(t, comment(tt.text))
			if got := kindsAndStates(h.actions(t, res.PostID)); !slices.Equal(got, tt.want) {
				t.Errorf("actions %v, want %v", got, tt.want)
			}
			if n := h.jobCount(t); n != 0 {
				t.Errorf("%d jobs, want none", n)
			}
			ds, _ := h.db.DecisionsForPost(t.Context(), practiceID, res.PostID)
			if len(ds) != 1 || ds[0].Shadow != tt.shadowAll {
				t.Errorf("decisions %+v", ds)
			}
		})
	}
}

func TestIngestHolds(t *testing.T) {
	t.Run("photo", func(t *testing.T) {
		h := newHarness(t, nil)
		ev := comment("")
		ev.Post.Media = []moderation.Media{{Kind: "photo", URL: "https://scontent.xx.fbcdn.net/1.jpg"}}
		res := h.ingest(t, ev)
		as := h.actions(t, res.PostID)
		if got := kindsAndStates(as); !slices.Equal(got, []string{"hold:pending"}) || !strings.Contains(as[0].Text, "clause 5") {
			t.Fatalf("actions %v (%+v)", got, as)
		}
		if p, _ := h.db.Post(t.Context(), practiceID, res.PostID); p.Status != store.StatusHeld {
			t.Errorf("status %q, want held", p.Status)
		}
		if n := h.jobCount(t); n != 0 {
			t.Errorf("%d jobs for a hold", n)
		}
	})
	t.Run("low score", func(t *testing.T) {
		h := newHarness(t, nil)
		res := h.ingest(t, comment("that was maybe rude"))
		as := h.actions(t, res.PostID)
		if got := kindsAndStates(as); !slices.Equal(got, []string{"hold:pending"}) || !strings.Contains(as[0].Text, "not sure") {
			t.Errorf("actions %v (%q)", got, as[0].Text)
		}
	})
	t.Run("edit clears a hidden post", func(t *testing.T) {
		h := newHarness(t, nil)
		ev := comment("You are an idiot")
		res := h.ingest(t, ev)
		if err := h.db.SetPostStatus(t.Context(), practiceID, res.PostID, store.StatusHidden); err != nil {
			t.Fatal(err)
		}
		ed := ev
		ed.Kind, ed.DedupeKey, ed.Post.Text = platform.Edited, ev.DedupeKey+":edit", "Sorry, I was upset"
		res2 := h.ingest(t, ed)
		if res2.PostID != res.PostID {
			t.Fatalf("edit made post %d, want %d", res2.PostID, res.PostID)
		}
		as := h.actions(t, res.PostID)
		if got := kindsAndStates(as); !slices.Equal(got, []string{"escalate:pending", "hide:pending", "hold:pending"}) {
			t.Errorf("actions %v", got)
		}
		p, _ := h.db.Post(t.Context(), practiceID, res.PostID)
		if p.Status != store.StatusHidden || p.Text != "Sorry, I was upset" {
			t.Errorf("post %q %q", p.Status, p.Text)
		}
		if vs, _ := h.db.PostVersions(t.Context(), practiceID, res.PostID); len(vs) != 1 || vs[0].Text != "You are an idiot" {
			t.Errorf("versions %+v", vs)
		}
	})
}

func TestIngestEditAndRemove(t *testing.T) {
	h := newHarness(t, nil)
	ev := comment("Thanks for today")
	res := h.ingest(t, ev)
	if len(h.actions(t, res.PostID)) != 0 {
		t.Fatal("a clean post got actions")
	}
	ed := ev
	ed.Kind, ed.DedupeKey, ed.Post.Text = platform.Edited, ev.DedupeKey+":edit", "Thanks for nothing, idiot"
	h.ingest(t, ed)
	if got := kindsAndStates(h.actions(t, res.PostID)); !slices.Equal(got, []string{"escalate:pending", "hide:pending"}) {
		t.Errorf("after edit: %v", got)
	}
	if ds, _ := h.db.DecisionsForPost(t.Context(), practiceID, res.PostID); len(ds) != 2 {
		t.Errorf("%d decisions, want one per version", len(ds))
	}
	rm := ev
	rm.Kind, rm.DedupeKey = platform.Removed, ev.DedupeKey+":remove"
	h.ingest(t, rm)
	if p, _ := h.db.Post(t.Context(), practiceID, res.PostID); p.Status != store.StatusDeleted {
		t.Errorf("status after removal %q", p.Status)
	}
	unknown := comment("never seen")
	unknown.Kind = platform.Removed
	if r := h.ingest(t, unknown); r.PostID != 0 {
		t.Errorf("removal of an unknown post stored %d", r.PostID)
	}
	got := h.auditKinds(t)
	if n := len(got); n != 3+3+1 {
		t.Errorf("audit %v", got)
	}
}

func TestIngestUrgentReplyOutOfHours(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		text string
		want map[moderation.ActionKind]string // reply kinds and their text
	}{
		{"emergency in hours: the rule's reply", wednesday, "chest pain, can someone call me", map[moderation.ActionKind]string{moderation.ActionReply: "We can't deal with requests"}},
		{"emergency out of hours: the urgent reply", sunday, "chest pain, can someone call me", map[moderation.ActionKind]string{moderation.ActionReply: "We're concerned"}},
		{"routine request out of hours: the rule's reply", sunday, "repeat prescription please", map[moderation.ActionKind]string{moderation.ActionReply: "We can't deal with requests"}},
		{"safeguarding out of hours", sunday, "I want to hurt myself", map[moderation.ActionKind]string{moderation.ActionPrivateReply: "We're concerned"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, nil)
			h.now = tt.at
			res := h.ingest(t, comment(tt.text))
			got := map[moderation.ActionKind]string{}
			for _, a := range h.actions(t, res.PostID) {
				if a.Kind == moderation.ActionReply || a.Kind == moderation.ActionPrivateReply {
					got[a.Kind] = a.Text
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("replies %v, want %v", got, tt.want)
			}
			for k, prefix := range tt.want {
				if !strings.HasPrefix(got[k], prefix) {
					t.Errorf("%s text %q, want it to start %q", k, got[k], prefix)
				}
			}
		})
	}
}

func TestSafeguardingIsNeverRemoved(t *testing.T) {
	h := newHarness(t, nil)
	res := h.ingest(t, comment("You idiot, I want to hurt myself"))
	for _, a := range h.actions(t, res.PostID) {
		if a.Kind.Removes() {
			t.Errorf("a safeguarding post got %s", a.Kind)
		}
	}
	// The second lock, should policy ever ask for a removal.
	acts := []moderation.Action{{Kind: moderation.ActionEscalate}, {Kind: moderation.ActionHide}, {Kind: moderation.ActionDelete}, {Kind: moderation.ActionPrivateReply}}
	got := guardSafeguarding([]moderation.Category{moderation.Harassment, moderation.Safeguarding}, slices.Clone(acts))
	if want := []moderation.Action{{Kind: moderation.ActionEscalate}, {Kind: moderation.ActionPrivateReply}}; !cmp.Equal(got, want) {
		t.Errorf("guard kept %v", got)
	}
	if got := guardSafeguarding([]moderation.Category{moderation.Harassment}, slices.Clone(acts)); len(got) != 4 {
		t.Errorf("guard changed a post no one is at risk in: %v", got)
	}
}

// failingStore fails the audit entry of one kind, after everything before
// it in the transaction (post, decision, actions, jobs) was written.
type failingStore struct {
	store.Store
	kind store.AuditKind
}

var errInjected = errors.New("injected store failure")

func (f failingStore) WithTx(ctx context.Context, fn func(store.TxStore) error) error {
	return f.Store.WithTx(ctx, func(tx store.TxStore) error { return fn(failingTx{tx, f.kind}) })
}

type failingTx struct {
	store.TxStore
	kind store.AuditKind
}

func (f failingTx) InsertAudit(ctx context.Context, e *store.AuditEntry) error {
	if e.Kind == f.kind {
		return errInjected
	}
	return f.TxStore.InsertAudit(ctx, e)
}

func TestIngestRollsBackAsOne(t *testing.T) {
	h := newHarness(t, nil)
	q, err := queue.NewSQLite(h.db.SQL(), queue.Config{})
	if err != nil {
		t.Fatal(err)
	}
	bad, err := New(Config{Store: failingStore{h.db, store.AuditDecided}, Queue: q,
		Practices: Static{practiceID: {Profile: testProfile(), Judge: stubJudge}}, Now: func() time.Time { return wednesday }})
	if err != nil {
		t.Fatal(err)
	}
	ev := comment("You are an idiot")
	if _, err := bad.Ingest(t.Context(), practiceID, ev); !errors.Is(err, errInjected) {
		t.Fatalf("Ingest: %v, want the injected failure", err)
	}
	if n := h.jobCount(t); n != 0 {
		t.Errorf("%d jobs survived the rollback", n)
	}
	if ps, _ := h.db.ListPosts(t.Context(), practiceID, store.PostFilter{}); len(ps) != 0 {
		t.Errorf("%d posts survived the rollback", len(ps))
	}
	if kinds := h.auditKinds(t); len(kinds) != 0 {
		t.Errorf("audit entries survived the rollback: %v", kinds)
	}
	// The dedupe mark rolled back too: the platform's redelivery is handled.
	if res := h.ingest(t, ev); res.Duplicate || res.PostID == 0 {
		t.Errorf("redelivery after a rollback: %+v", res)
	}
	if n := h.jobCount(t); n != 2 {
		t.Errorf("%d jobs after redelivery, want 2", n)
	}
}

func TestIngestErrors(t *testing.T) {
	h := newHarness(t, nil)
	if _, err := h.svc.Ingest(t.Context(), "nowhere", comment("hello")); !errors.Is(err, ErrUnknownPractice) {
		t.Errorf("unknown practice: %v", err)
	}
	ev := comment("hello")
	ev.DedupeKey = ""
	if _, err := h.svc.Ingest(t.Context(), practiceID, ev); err == nil {
		t.Error("an event without a dedupe key was accepted")
	}
	if _, err := New(Config{}); err == nil {
		t.Error("New accepted a config without a store")
	}
}

func TestEditDoesNotReplyTwice(t *testing.T) {
	h := newHarness(t, nil)
	ev := comment("Dr Hill was rude")
	res := h.ingest(t, ev)
	ed := ev
	ed.Kind, ed.DedupeKey, ed.Post.Text = platform.Edited, ev.DedupeKey+":edit", "Dr Hill was very rude"
	h.ingest(t, ed)
	var replies int
	for _, a := range h.actions(t, res.PostID) {
		if a.Kind == moderation.ActionPrivateReply {
			replies++
		}
	}
	if replies != 1 {
		t.Errorf("%d private replies across an edit, want 1", replies)
	}
	if ds, _ := h.db.DecisionsForPost(t.Context(), practiceID, res.PostID); len(ds) != 2 {
		t.Errorf("%d decisions, want 2", len(ds))
	}
}

func TestIngestEnqueuesPhotoInspection(t *testing.T) {
	photo := []moderation.Media{{Kind: "photo", URL: "https://scontent.xx.fbcdn.net/1.jpg"}}
	tests := []struct {
		name      string
		inspect   bool
		shadowAll bool
		text      string
		media     []moderation.Media
		want      int // inspection jobs
	}{
		{"photo", true, false, "", photo, 1},
		{"photo on a post held for its words", true, false, "that was maybe rude", photo, 1},
		{"photo and a hide", true, false, "You are an idiot", photo, 1},
		{"no photos", true, false, "Thanks for today", nil, 0},
		{"a video only", true, false, "", []moderation.Media{{Kind: "video", URL: "https://video.xx.fbcdn.net/1.mp4"}}, 0},
		{"a photo without an address", true, false, "", []moderation.Media{{Kind: "photo"}}, 0},
		{"import: nothing is fetched", true, true, "", photo, 0},
		{"inspection off", false, false, "", photo, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.InspectMedia, c.ShadowAll = tt.inspect, tt.shadowAll })
			ev := comment(tt.text)
			ev.Post.Media = tt.media
			res := h.ingest(t, ev)
			rows, err := h.db.SQL().QueryContext(t.Context(), `SELECT json(args) FROM river_job WHERE kind = 'inspect_media'`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var args []string
			for rows.Next() {
				var a string
				if err := rows.Scan(&a); err != nil {
					t.Fatal(err)
				}
				args = append(args, a)
			}
			if len(args) != tt.want {
				t.Fatalf("%d inspection jobs, want %d", len(args), tt.want)
			}
			if tt.want == 0 {
				return
			}
			var hold store.Action
			for _, a := range h.actions(t, res.PostID) {
				if a.Kind == moderation.ActionHold {
					hold = a
				}
			}
			var p struct {
				Practice string `json:"practice"`
				Action   int64  `json:"action"`
			}
			if err := json.Unmarshal([]byte(args[0]), &p); err != nil || p.Practice != practiceID || p.Action != hold.ID {
				t.Errorf("inspection job args %s (%v), want the hold %d", args[0], err, hold.ID)
			}
			if strings.Contains(args[0], "fbcdn") || strings.Contains(args[0], "Sam") {
				t.Errorf("inspection job args carry more than ids: %s", args[0])
			}
		})
	}
}

func TestRolledBackIngestLeavesNoInspection(t *testing.T) {
	h := newHarness(t, nil)
	q, err := queue.NewSQLite(h.db.SQL(), queue.Config{})
	if err != nil {
		t.Fatal(err)
	}
	bad, err := New(Config{Store: failingStore{h.db, store.AuditDecided}, Queue: q, InspectMedia: true,
		Practices: Static{practiceID: {Profile: testProfile(), Judge: stubJudge}}, Now: func() time.Time { return wednesday }})
	if err != nil {
		t.Fatal(err)
	}
	ev := comment("")
	ev.Post.Media = []moderation.Media{{Kind: "photo", URL: "https://scontent.xx.fbcdn.net/1.jpg"}}
	if _, err := bad.Ingest(t.Context(), practiceID, ev); !errors.Is(err, errInjected) {
		t.Fatalf("Ingest: %v, want the injected failure", err)
	}
	if n := h.jobCount(t); n != 0 {
		t.Errorf("%d jobs survived the rollback", n)
	}
}

// poisonStore fails, in any transaction, the insert of a post whose text
// holds "poison", and counts transactions.
type poisonStore struct {
	store.Store
	txs *int64
	mu  *sync.Mutex
}

func (p poisonStore) WithTx(ctx context.Context, fn func(store.TxStore) error) error {
	p.mu.Lock()
	*p.txs++
	p.mu.Unlock()
	return p.Store.WithTx(ctx, func(tx store.TxStore) error { return fn(poisonTx{tx}) })
}

type poisonTx struct{ store.TxStore }

func (p poisonTx) InsertPost(ctx context.Context, post *store.Post) error {
	if strings.Contains(post.Text, "poison") {
		return errInjected
	}
	return p.TxStore.InsertPost(ctx, post)
}

// TestIngestGroupCommit: with a Committer, webhooks that arrive while a
// commit is in progress share the next transaction; each Ingest returns
// its own outcome: one that fails keeps nothing (its redelivery is
// ingested afresh) and fails none of the others, a redelivery in the same
// transaction is a duplicate, and the audit chain verifies.
func TestIngestGroupCommit(t *testing.T) {
	var txs int64
	var mu sync.Mutex
	var c *jobs.Committer
	var dispatched []int64
	h := newHarness(t, func(cfg *Config) {
		c = jobs.NewCommitter(poisonStore{cfg.Store, &txs, &mu}, 64)
		cfg.Committer = c
		cfg.Dispatcher = dispatchFunc(func(w jobs.Work) bool {
			mu.Lock()
			defer mu.Unlock()
			dispatched = append(dispatched, w.Post.ID)
			return true
		})
	})
	// round ingests evs while a write holds the commit, so that they
	// queue for one transaction, and returns their results and errors.
	round := func(evs []platform.Event) ([]Result, []error) {
		t.Helper()
		release := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			if err := c.Do(t.Context(), jobs.PriorityNormal, func(store.TxStore) error { <-release; return nil }); err != nil {
				t.Error(err)
			}
		})
		for c.Waiting() != 0 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(10 * time.Millisecond) // the holder is in its transaction
		res, errs := make([]Result, len(evs)), make([]error, len(evs))
		for i, ev := range evs {
			wg.Go(func() { res[i], errs[i] = h.svc.Ingest(t.Context(), practiceID, ev) })
		}
		for deadline := time.Now().Add(10 * time.Second); c.Waiting() < len(evs); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d ingests queued, want %d", c.Waiting(), len(evs))
			}
		}
		close(release)
		wg.Wait()
		return res, errs
	}

	var evs []platform.Event
	for range 6 {
		evs = append(evs, comment("You are an idiot"))
	}
	txs = 0
	res, errs := round(evs)
	for i, err := range errs {
		if err != nil || res[i].PostID == 0 || res[i].Duplicate {
			t.Errorf("ingest %d: %+v, %v", i, res[i], err)
		}
	}
	if txs >= int64(len(evs)) {
		t.Errorf("%d transactions for %d ingests and a holder: none shared", txs, len(evs))
	}

	poison := comment("poison idiot")
	good := comment("You are an idiot")
	evs = []platform.Event{comment("idiot one"), poison, good, good, comment("idiot two")}
	res, errs = round(evs)
	if !errors.Is(errs[1], errInjected) {
		t.Errorf("the poisoned ingest: %v, want the injected failure", errs[1])
	}
	for _, i := range []int{0, 4} {
		if errs[i] != nil || res[i].PostID == 0 || res[i].Duplicate {
			t.Errorf("ingest %d beside a failing one: %+v, %v", i, res[i], errs[i])
		}
	}
	if errs[2] != nil || errs[3] != nil || res[2].Duplicate == res[3].Duplicate {
		t.Errorf("a webhook and its redelivery in one commit: %+v %v, %+v %v; want one stored, one duplicate", res[2], errs[2], res[3], errs[3])
	}
	ps, err := h.db.ListPosts(t.Context(), practiceID, store.PostFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 9 {
		t.Errorf("%d posts stored, want 9 (6 + 3; not the poisoned one)", len(ps))
	}
	for _, p := range ps {
		if strings.Contains(p.Text, "poison") {
			t.Errorf("the failed ingest's post was kept: %d", p.ID)
		}
		if as := h.actions(t, p.ID); len(as) == 0 {
			t.Errorf("post %d has no actions", p.ID)
		}
	}
	mu.Lock()
	if len(dispatched) != 9 {
		t.Errorf("%d decisions dispatched, want 9", len(dispatched))
	}
	mu.Unlock()
	h.auditKinds(t) // verifies the chain
	// Nothing of the failed ingest was kept, its dedupe mark included:
	// its redelivery is ingested afresh.
	poison.Post.Text = "an idiot"
	if r, err := h.svc.Ingest(t.Context(), practiceID, poison); err != nil || r.Duplicate || r.PostID == 0 {
		t.Errorf("redelivery of the failed webhook: %+v, %v", r, err)
	}
}

type dispatchFunc func(jobs.Work) bool

func (f dispatchFunc) Dispatch(w jobs.Work) bool { return f(w) }
