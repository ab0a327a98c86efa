// Package storetest is the conformance suite every store backend runs:
// one set of rules (duplicates, not found, transactions, practice
// isolation, the audit chain), so SQLite and PostgreSQL behave alike.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// Tampering is a change an attacker with database access might make to
// the audit log behind Pagekeeper's back.
type Tampering int

// The tamperings the suite checks Verify detects.
const (
	// TamperDetail rewrites the entry's detail.
	TamperDetail Tampering = iota
	// TamperDelete deletes the entry.
	TamperDelete
	// TamperSwap exchanges the entry's seq with the next entry's.
	TamperSwap
	// TamperInsert moves the entry and all later ones up one seq and
	// inserts a forged entry at seq, linked to its predecessor's hash.
	TamperInsert
)

// Tamperer is implemented by a backend's test wrapper to change audit rows
// with raw SQL. Run checks tampering only if the store implements it.
type Tamperer interface {
	TamperAudit(ctx context.Context, practiceID string, seq int64, how Tampering) error
}

// Run runs the suite. open must return a new, empty, migrated store that
// it closes on t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Practices", testPractices},
		{"PostsInsertAndRead", testPostsInsertAndRead},
		{"PostsList", testPostsList},
		{"PostsEditKeepsVersions", testPostsEdit},
		{"PostsStatus", testPostsStatus},
		{"Decisions", testDecisions},
		{"Actions", testActions},
		{"Evidence", testEvidence},
		{"EvidenceMedia", testEvidenceMedia},
		{"ActionText", testActionText},
		{"Users", testUsers},
		{"Dedupe", testDedupe},
		{"Cursors", testCursors},
		{"TxCommits", testTxCommits},
		{"TxRollsBackOnError", testTxRollsBack},
		{"TxRollsBackOnPanic", testTxPanics},
		{"PracticeIsolation", testIsolation},
		{"AuditChain", testAuditChain},
		{"AuditRollsBackWithTx", testAuditRollback},
		{"AuditTampering", testAuditTampering},
		{"Sessions", testSessions},
		{"Reviews", testReviews},
		{"StaffRecords", testStaffRecords},
		{"StaffIsolation", testStaffIsolation},
		{"Edges", testEdges},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
	runProtection(t, open)
	runClaims(t, open)
}

// t0 is a fixed time at microsecond precision, what every backend keeps.
var t0 = time.Date(2026, 11, 21, 9, 30, 0, 123456000, time.UTC)

func practice(t *testing.T, s store.Store, id string) store.Practice {
	t.Helper()
	p := store.Practice{ID: id, Name: "Practice " + id, Profile: []byte("name: " + id + "\n"), CreatedAt: t0}
	if err := s.CreatePractice(t.Context(), &p); err != nil {
		t.Fatalf("CreatePractice(%s): %v", id, err)
	}
	return p
}

func newPost(practiceID, ext string, at time.Time) store.Post {
	return store.Post{
		PracticeID: practiceID, Channel: moderation.Facebook, ExternalID: ext, ParentID: "page_1",
		AuthorID: "u" + ext, AuthorName: "Author " + ext, Text: "text of " + ext,
		Media:     []moderation.Media{{Kind: "photo", URL: "https://example.com/" + ext + ".jpg"}},
		Permalink: "https://facebook.com/" + ext, CreatedAt: at.Add(-time.Minute), ReceivedAt: at,
		Status: store.StatusVisible, Raw: []byte(`{"id":"` + ext + `"}`),
	}
}

func post(t *testing.T, s store.Queries, practiceID, ext string, at time.Time) store.Post {
	t.Helper()
	p := newPost(practiceID, ext, at)
	if err := s.InsertPost(t.Context(), &p); err != nil {
		t.Fatalf("InsertPost(%s): %v", ext, err)
	}
	return p
}

func decision(t *testing.T, s store.Queries, p store.Post) store.Decision {
	t.Helper()
	d := store.Decision{
		PracticeID: p.PracticeID, PostID: p.ID,
		Labels:  []moderation.Category{moderation.Harassment},
		Actions: []moderation.Action{{Kind: moderation.ActionHide, Category: moderation.Harassment}},
		Findings: []moderation.Finding{{Category: moderation.Harassment, Clause: moderation.ClauseConduct,
			Start: 0, End: 4, Score: 0.93, Reason: "abuse aimed at staff"}},
		DecidedBy: store.DecidedByAuto, DecidedAt: t0,
	}
	if err := s.InsertDecision(t.Context(), &d); err != nil {
		t.Fatalf("InsertDecision: %v", err)
	}
	return d
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: err = %v, want %v", what, err, want)
	}
}

func testPractices(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := practice(t, s, "b-practice")
	practice(t, s, "a-practice")
	got, err := s.Practice(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("Practice (-want +got):\n%s", diff)
	}
	dup := a
	wantErr(t, "CreatePractice twice", s.CreatePractice(ctx, &dup), store.ErrDuplicate)
	_, err = s.Practice(ctx, "nope")
	wantErr(t, "Practice(nope)", err, store.ErrNotFound)
	wantErr(t, "UpdatePracticeProfile(nope)", s.UpdatePracticeProfile(ctx, "nope", nil), store.ErrNotFound)
	if err := s.UpdatePracticeProfile(ctx, a.ID, []byte("name: new\n")); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Practice(ctx, a.ID); string(got.Profile) != "name: new\n" {
		t.Errorf("profile after update = %q", got.Profile)
	}
	all, err := s.ListPractices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID != "a-practice" || all[1].ID != "b-practice" {
		t.Errorf("ListPractices = %v, want a-practice, b-practice", all)
	}
}

func testPostsInsertAndRead(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	p := post(t, s, "p1", "c1", t0)
	if p.ID == 0 {
		t.Fatal("InsertPost did not set ID")
	}
	got, err := s.Post(ctx, "p1", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("Post (-want +got):\n%s", diff)
	}
	got, err = s.PostByExternalID(ctx, "p1", moderation.Facebook, "c1")
	if err != nil || got.ID != p.ID {
		t.Errorf("PostByExternalID = %d, %v; want %d", got.ID, err, p.ID)
	}
	if d := got.Domain(); d.ID == "" || d.Author.Name != p.AuthorName || d.Text != p.Text {
		t.Errorf("Domain() = %+v", d)
	}

	tests := []struct {
		name string
		post store.Post
		want error
	}{
		{"same external id", newPost("p1", "c1", t0), store.ErrDuplicate},
		{"unknown practice", newPost("nope", "c2", t0), store.ErrNotFound},
	}
	for _, tt := range tests {
		err := s.InsertPost(ctx, &tt.post)
		wantErr(t, tt.name, err, tt.want)
	}
	other := newPost("p1", "c1", t0)
	other.Channel = moderation.Instagram
	if err := s.InsertPost(ctx, &other); err != nil {
		t.Errorf("same external id on another channel: %v", err)
	}
	_, err = s.Post(ctx, "p1", 999999)
	wantErr(t, "Post(missing)", err, store.ErrNotFound)
	_, err = s.PostByExternalID(ctx, "p1", moderation.X, "c1")
	wantErr(t, "PostByExternalID(other channel)", err, store.ErrNotFound)
}

func testPostsList(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	var ids []int64
	for i := range 5 {
		p := post(t, s, "p1", fmt.Sprint("c", i), t0.Add(time.Duration(i)*time.Minute))
		ids = append(ids, p.ID)
	}
	if err := s.SetPostStatus(ctx, "p1", ids[1], store.StatusHidden); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    store.PostFilter
		want []int64
	}{
		{"all newest first", store.PostFilter{}, []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{"limit", store.PostFilter{Limit: 2}, []int64{ids[4], ids[3]}},
		{"status", store.PostFilter{Status: store.StatusHidden}, []int64{ids[1]}},
		{"before", store.PostFilter{Before: t0.Add(2 * time.Minute)}, []int64{ids[1], ids[0]}},
	}
	for _, tt := range tests {
		ps, err := s.ListPosts(ctx, "p1", tt.f)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []int64
		for _, p := range ps {
			got = append(got, p.ID)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ListPosts %s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func testPostsEdit(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	p := post(t, s, "p1", "c1", t0)
	for i, text := range []string{"second", "third"} {
		if err := s.EditPost(ctx, "p1", p.ID, text, []byte(text), t0.Add(time.Duration(i+1)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := s.Post(ctx, "p1", p.ID)
	if got.Text != "third" || string(got.Raw) != "third" {
		t.Errorf("after edits text = %q raw = %q, want third", got.Text, got.Raw)
	}
	vs, err := s.PostVersions(ctx, "p1", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.PostVersion{
		{PostID: p.ID, Version: 1, Text: p.Text, Raw: p.Raw, Replaced: t0.Add(time.Hour)},
		{PostID: p.ID, Version: 2, Text: "second", Raw: []byte("second"), Replaced: t0.Add(2 * time.Hour)},
	}
	if diff := cmp.Diff(want, vs); diff != "" {
		t.Errorf("PostVersions (-want +got):\n%s", diff)
	}
	wantErr(t, "EditPost(missing)", s.EditPost(ctx, "p1", 999999, "x", nil, t0), store.ErrNotFound)
}

func testPostsStatus(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	p := post(t, s, "p1", "c1", t0)
	for _, st := range []store.PostStatus{store.StatusHeld, store.StatusHidden, store.StatusDeleted, store.StatusVisible} {
		if err := s.SetPostStatus(ctx, "p1", p.ID, st); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Post(ctx, "p1", p.ID); got.Status != st {
			t.Errorf("status = %q, want %q", got.Status, st)
		}
	}
	if err := s.SetPostStatus(ctx, "p1", p.ID, "gone"); err == nil {
		t.Error("SetPostStatus accepted an invalid status")
	}
	wantErr(t, "SetPostStatus(missing)", s.SetPostStatus(ctx, "p1", 999999, store.StatusHidden), store.ErrNotFound)
}

func testDecisions(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	p := post(t, s, "p1", "c1", t0)
	d := decision(t, s, p)
	shadow := store.Decision{PracticeID: "p1", PostID: p.ID, Shadow: true, DecidedBy: "user:7", DecidedAt: t0.Add(time.Hour)}
	if err := s.InsertDecision(ctx, &shadow); err != nil {
		t.Fatal(err)
	}
	got, err := s.Decision(ctx, "p1", d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, got); diff != "" {
		t.Errorf("Decision (-want +got):\n%s", diff)
	}
	all, err := s.DecisionsForPost(ctx, "p1", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID != d.ID || !all[1].Shadow || all[1].DecidedBy != "user:7" || len(all[1].Findings) != 0 {
		t.Errorf("DecisionsForPost = %+v", all)
	}
	_, err = s.Decision(ctx, "p1", 999999)
	wantErr(t, "Decision(missing)", err, store.ErrNotFound)
	bad := store.Decision{PracticeID: "p1", PostID: 999999, DecidedBy: "auto", DecidedAt: t0}
	wantErr(t, "InsertDecision(missing post)", s.InsertDecision(ctx, &bad), store.ErrNotFound)
}

func testActions(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	p := post(t, s, "p1", "c1", t0)
	d := decision(t, s, p)
	var as []store.Action
	for _, ma := range []moderation.Action{
		{Kind: moderation.ActionHide, Category: moderation.Harassment},
		{Kind: moderation.ActionEscalate, Role: "practice manager", Urgent: true, Category: moderation.Harassment},
		{Kind: moderation.ActionReply, Text: "Please contact us directly.", Shadow: true},
	} {
		a := store.ActionFromDomain(d, ma, t0)
		if err := s.InsertAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
		as = append(as, a)
	}
	if as[2].State != store.ActionShadow || as[0].State != store.ActionPending {
		t.Errorf("ActionFromDomain states = %q, %q", as[0].State, as[2].State)
	}
	got, err := s.Action(ctx, "p1", as[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(as[1], got); diff != "" {
		t.Errorf("Action (-want +got):\n%s", diff)
	}
	u := store.ActionUpdate{State: store.ActionDone, Attempts: 2, LastError: "rate limited", DoneAt: t0.Add(time.Minute)}
	if err := s.UpdateAction(ctx, "p1", as[0].ID, u); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Action(ctx, "p1", as[0].ID)
	if got.State != u.State || got.Attempts != 2 || got.LastError != u.LastError || !got.DoneAt.Equal(u.DoneAt) {
		t.Errorf("after UpdateAction = %+v", got)
	}
	pending, err := s.ActionsInState(ctx, "p1", store.ActionPending)
	if err != nil || len(pending) != 1 || pending[0].ID != as[1].ID {
		t.Errorf("ActionsInState(pending) = %v, %v", pending, err)
	}
	forPost, err := s.ActionsForPost(ctx, "p1", p.ID)
	if err != nil || len(forPost) != 3 {
		t.Errorf("ActionsForPost = %d actions, %v", len(forPost), err)
	}
	wantErr(t, "UpdateAction(missing)", s.UpdateAction(ctx, "p1", 999999, u), store.ErrNotFound)
	if err := s.UpdateAction(ctx, "p1", as[0].ID, store.ActionUpdate{State: "exploded"}); err == nil {
		t.Error("UpdateAction accepted an invalid state")
	}
	_, err = s.Action(ctx, "p1", 999999)
	wantErr(t, "Action(missing)", err, store.ErrNotFound)
	bad := store.ActionFromDomain(store.Decision{PracticeID: "p1", ID: 999999, PostID: p.ID}, moderation.Action{Kind: moderation.ActionHide}, t0)
	wantErr(t, "InsertAction(missing decision)", s.InsertAction(ctx, &bad), store.ErrNotFound)
}

func testEvidence(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	p := post(t, s, "p1", "c1", t0)
	e := store.Evidence{PracticeID: "p1", PostID: p.ID, CapturedAt: t0, Text: p.Text, AuthorID: p.AuthorID,
		AuthorName: p.AuthorName, Permalink: p.Permalink, Raw: p.Raw, Fresh: []byte(`{"text":"fresh"}`)}
	e.SHA256 = e.Hash()
	if err := s.KeepEvidence(ctx, &e); err != nil {
		t.Fatal(err)
	}
	got, err := s.EvidenceForPost(ctx, "p1", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("EvidenceForPost = %d items, want 1", len(got))
	}
	if diff := cmp.Diff(e, got[0]); diff != "" {
		t.Errorf("Evidence (-want +got):\n%s", diff)
	}
	if !got[0].Intact() {
		t.Error("stored evidence no longer hashes to its SHA256")
	}
	bad := e
	bad.PostID = 999999
	wantErr(t, "KeepEvidence(missing post)", s.KeepEvidence(ctx, &bad), store.ErrNotFound)
}

func testUsers(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	u := store.User{Email: "Manager@Example.org", Name: "Pat Manager", PasswordHash: "$argon2id$x",
		Role: store.RoleManager, Practices: []string{"p2", "p1"}, CreatedAt: t0}
	if err := s.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	got, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("User (-want +got):\n%s", diff)
	}
	if got, err := s.UserByEmail(ctx, "manager@example.ORG"); err != nil || got.ID != u.ID {
		t.Errorf("UserByEmail(other case) = %d, %v", got.ID, err)
	}
	dup := store.User{Email: "MANAGER@example.org", Role: store.RoleStaff, CreatedAt: t0}
	wantErr(t, "CreateUser(same email)", s.CreateUser(ctx, &dup), store.ErrDuplicate)
	orphan := store.User{Email: "x@example.org", Role: store.RoleStaff, Practices: []string{"nope"}, CreatedAt: t0}
	wantErr(t, "CreateUser(unknown practice)", s.CreateUser(ctx, &orphan), store.ErrNotFound)
	_, err = s.UserByEmail(ctx, "x@example.org")
	wantErr(t, "user with unknown practice was rolled back", err, store.ErrNotFound)
	if err := s.SetPassword(ctx, u.ID, "$argon2id$y"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.User(ctx, u.ID); got.PasswordHash != "$argon2id$y" {
		t.Errorf("password hash = %q", got.PasswordHash)
	}
	wantErr(t, "SetPassword(missing)", s.SetPassword(ctx, 999999, "h"), store.ErrNotFound)
	if err := s.SetUserRole(ctx, u.ID, store.RoleIGLead); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.User(ctx, u.ID); got.Role != store.RoleIGLead {
		t.Errorf("role after SetUserRole = %q", got.Role)
	}
	wantErr(t, "SetUserRole(missing)", s.SetUserRole(ctx, 999999, store.RoleReception), store.ErrNotFound)
	if err := s.RemoveUserPractice(ctx, u.ID, "p1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.User(ctx, u.ID); !slices.Equal(got.Practices, []string{"p2"}) {
		t.Errorf("practices after RemoveUserPractice = %v, want [p2]", got.Practices)
	}
	if n := lenErr(s.ListUsers(ctx, "p1")); n != 0 {
		t.Errorf("ListUsers(p1) after removal = %d users, want 0", n)
	}
	wantErr(t, "RemoveUserPractice(again)", s.RemoveUserPractice(ctx, u.ID, "p1"), store.ErrNotFound)
	wantErr(t, "RemoveUserPractice(missing user)", s.RemoveUserPractice(ctx, 999999, "p2"), store.ErrNotFound)
	_, err = s.User(ctx, 999999)
	wantErr(t, "User(missing)", err, store.ErrNotFound)
}

func testDedupe(t *testing.T, s store.Store) {
	ctx := t.Context()
	tests := []struct {
		name     string
		practice string
		key      string
		at       time.Time
		want     bool
	}{
		{"first delivery", "p1", "k1", t0, true},
		{"redelivery", "p1", "k1", t0.Add(time.Hour), false},
		{"same key, other practice", "p2", "k1", t0.Add(2 * time.Hour), true},
		{"new key", "p1", "k2", t0.Add(3 * time.Hour), true},
	}
	for _, tt := range tests {
		got, err := s.MarkSeen(ctx, tt.practice, tt.key, tt.at)
		if err != nil || got != tt.want {
			t.Errorf("%s: MarkSeen = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	n, err := s.ForgetSeenBefore(ctx, t0.Add(90*time.Minute))
	if err != nil || n != 1 {
		t.Errorf("ForgetSeenBefore = %d, %v; want 1", n, err)
	}
	if first, _ := s.MarkSeen(ctx, "p1", "k1", t0); !first {
		t.Error("a forgotten key is still seen")
	}
	err = s.WithTx(ctx, func(tx store.TxStore) error {
		if first, err := tx.MarkSeen(ctx, "p1", "k3", t0); err != nil || !first {
			t.Errorf("MarkSeen in tx = %v, %v", first, err)
		}
		return errors.New("handling failed")
	})
	if err == nil {
		t.Fatal("WithTx returned nil for a failed fn")
	}
	if first, _ := s.MarkSeen(ctx, "p1", "k3", t0); !first {
		t.Error("a mark from a rolled-back transaction survived")
	}
}

// triage writes a post, its decision, its actions and an audit entry in
// tx, the way the triage use case does.
func triage(t *testing.T, tx store.TxStore, practiceID, ext string) (store.Post, error) {
	t.Helper()
	ctx := t.Context()
	p := newPost(practiceID, ext, t0)
	if err := tx.InsertPost(ctx, &p); err != nil {
		return p, err
	}
	d := store.Decision{PracticeID: practiceID, PostID: p.ID, DecidedBy: store.DecidedByAuto, DecidedAt: t0,
		Actions: []moderation.Action{{Kind: moderation.ActionHide}}}
	if err := tx.InsertDecision(ctx, &d); err != nil {
		return p, err
	}
	a := store.ActionFromDomain(d, d.Actions[0], t0)
	if err := tx.InsertAction(ctx, &a); err != nil {
		return p, err
	}
	_, err := audit.Append(ctx, tx, audit.Record{Time: t0, PracticeID: practiceID, Kind: store.AuditDecided,
		Subject: fmt.Sprint("post:", p.ID), Actor: "auto", Detail: map[string]any{"decision": d.ID}})
	return p, err
}

func testTxCommits(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	var p store.Post
	err := s.WithTx(ctx, func(tx store.TxStore) error {
		if tx.DriverTx() == nil {
			t.Error("DriverTx() = nil")
		}
		var err error
		p, err = triage(t, tx, "p1", "c1")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if as, err := s.ActionsForPost(ctx, "p1", p.ID); err != nil || len(as) != 1 {
		t.Errorf("after commit: %d actions, %v", len(as), err)
	}
}

func testTxRollsBack(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	boom := errors.New("boom")
	err := s.WithTx(ctx, func(tx store.TxStore) error {
		if _, err := triage(t, tx, "p1", "c1"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WithTx = %v, want fn's error", err)
	}
	_, err = s.PostByExternalID(ctx, "p1", moderation.Facebook, "c1")
	wantErr(t, "post after rollback", err, store.ErrNotFound)
	// A store error inside the transaction rolls back what came before it.
	err = s.WithTx(ctx, func(tx store.TxStore) error {
		if _, err := triage(t, tx, "p1", "c2"); err != nil {
			return err
		}
		_, err := triage(t, tx, "p1", "c2")
		return err
	})
	wantErr(t, "duplicate inside tx", err, store.ErrDuplicate)
	_, err = s.PostByExternalID(ctx, "p1", moderation.Facebook, "c2")
	wantErr(t, "post after failed tx", err, store.ErrNotFound)
	if _, err := s.LastAudit(ctx, "p1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("audit after rollback: %v, want empty log", err)
	}
}

func testTxPanics(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	func() {
		defer func() {
			if recover() == nil {
				t.Error("WithTx swallowed a panic")
			}
		}()
		s.WithTx(ctx, func(tx store.TxStore) error {
			triage(t, tx, "p1", "c1")
			panic("bug")
		})
	}()
	_, err := s.PostByExternalID(ctx, "p1", moderation.Facebook, "c1")
	wantErr(t, "post after panic", err, store.ErrNotFound)
	// The store is still usable.
	post(t, s, "p1", "c2", t0)
}

func testIsolation(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "A")
	practice(t, s, "B")
	pa := post(t, s, "A", "shared-id", t0)
	pb := post(t, s, "B", "shared-id", t0)
	db := decision(t, s, pb)
	ab := store.ActionFromDomain(db, moderation.Action{Kind: moderation.ActionHide}, t0)
	if err := s.InsertAction(ctx, &ab); err != nil {
		t.Fatal(err)
	}
	eb := store.Evidence{PracticeID: "B", PostID: pb.ID, CapturedAt: t0, Text: pb.Text}
	eb.SHA256 = eb.Hash()
	if err := s.KeepEvidence(ctx, &eb); err != nil {
		t.Fatal(err)
	}
	if err := s.EditPost(ctx, "B", pb.ID, "edited", nil, t0); err != nil {
		t.Fatal(err)
	}

	// Reads as practice A with B's ids find nothing.
	checks := []struct {
		name string
		err  error
	}{
		{"Post", second(s.Post(ctx, "A", pb.ID))},
		{"Decision", second(s.Decision(ctx, "A", db.ID))},
		{"Action", second(s.Action(ctx, "A", ab.ID))},
		{"EditPost", s.EditPost(ctx, "A", pb.ID, "x", nil, t0)},
		{"SetPostStatus", s.SetPostStatus(ctx, "A", pb.ID, store.StatusDeleted)},
		{"UpdateAction", s.UpdateAction(ctx, "A", ab.ID, store.ActionUpdate{State: store.ActionDone})},
	}
	for _, c := range checks {
		wantErr(t, c.name+" across practices", c.err, store.ErrNotFound)
	}
	if p, err := s.PostByExternalID(ctx, "A", moderation.Facebook, "shared-id"); err != nil || p.ID != pa.ID {
		t.Errorf("PostByExternalID(A) = %d, %v; want A's post %d", p.ID, err, pa.ID)
	}
	empty := []struct {
		name string
		n    int
		err  error
	}{
		{"ListPosts", lenErr(s.ListPosts(ctx, "A", store.PostFilter{})), nil},
		{"DecisionsForPost", lenErr(s.DecisionsForPost(ctx, "A", pb.ID)), nil},
		{"ActionsForPost", lenErr(s.ActionsForPost(ctx, "A", pb.ID)), nil},
		{"ActionsInState", lenErr(s.ActionsInState(ctx, "A", store.ActionPending)), nil},
		{"EvidenceForPost", lenErr(s.EvidenceForPost(ctx, "A", pb.ID)), nil},
		{"PostVersions", lenErr(s.PostVersions(ctx, "A", pb.ID)), nil},
	}
	for _, e := range empty {
		want := 0
		if e.name == "ListPosts" {
			want = 1 // A's own post only
		}
		if e.n != want {
			t.Errorf("%s as A with B's ids returned %d rows, want %d", e.name, e.n, want)
		}
	}
	ps, _ := s.ListPosts(ctx, "A", store.PostFilter{})
	for _, p := range ps {
		if p.PracticeID != "A" {
			t.Errorf("ListPosts(A) returned %s's post %d", p.PracticeID, p.ID)
		}
	}
	// Writes naming A cannot hang rows off B's posts.
	d := store.Decision{PracticeID: "A", PostID: pb.ID, DecidedBy: "auto", DecidedAt: t0}
	wantErr(t, "InsertDecision(A, B's post)", s.InsertDecision(ctx, &d), store.ErrNotFound)
	a := store.ActionFromDomain(store.Decision{PracticeID: "A", ID: db.ID, PostID: pb.ID}, moderation.Action{Kind: moderation.ActionDelete}, t0)
	wantErr(t, "InsertAction(A, B's decision)", s.InsertAction(ctx, &a), store.ErrNotFound)
	e := store.Evidence{PracticeID: "A", PostID: pb.ID, CapturedAt: t0}
	wantErr(t, "KeepEvidence(A, B's post)", s.KeepEvidence(ctx, &e), store.ErrNotFound)
	// B's rows are untouched.
	if got, _ := s.Post(ctx, "B", pb.ID); got.Status != store.StatusVisible || got.Text != "edited" {
		t.Errorf("B's post changed by A's writes: %+v", got)
	}
}

func second[T any](_ T, err error) error { return err }

func lenErr[T any](xs []T, err error) int {
	if err != nil {
		return -1
	}
	return len(xs)
}

// appendN appends n entries to the practice's chain, in one transaction each.
func appendN(t *testing.T, s store.Store, practiceID string, n int) []store.AuditEntry {
	t.Helper()
	kinds := store.AuditKinds()
	var out []store.AuditEntry
	for i := range n {
		err := s.WithTx(t.Context(), func(tx store.TxStore) error {
			e, err := audit.Append(t.Context(), tx, audit.Record{
				Time: t0.Add(time.Duration(i) * time.Second), PracticeID: practiceID, Kind: kinds[i%len(kinds)],
				Subject: fmt.Sprint("post:", i), Actor: "auto",
				Detail: map[string]any{"post": i, "categories": []string{"harassment"}, "b": "<&>"},
			})
			out = append(out, e)
			return err
		})
		if err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
	}
	return out
}

func testAuditChain(t *testing.T, s store.Store) {
	ctx := t.Context()
	es := appendN(t, s, "p1", 12)
	appendN(t, s, "p2", 3)
	for i, e := range es {
		if e.Seq != int64(i+1) {
			t.Errorf("entry %d has seq %d", i, e.Seq)
		}
		if i > 0 && e.PrevHash != es[i-1].Hash {
			t.Errorf("entry %d not linked to its predecessor", e.Seq)
		}
	}
	last, err := s.LastAudit(ctx, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(es[len(es)-1], last); diff != "" {
		t.Errorf("LastAudit (-want +got):\n%s", diff)
	}
	head, err := audit.Verify(ctx, s, "p1")
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if head.Seq != 12 || head.Hash != last.Hash {
		t.Errorf("Verify head = %+v, want seq 12 hash %s", head, last.Hash)
	}
	if h, err := audit.Verify(ctx, s, "p2"); err != nil || h.Seq != 3 {
		t.Errorf("Verify(p2) = %+v, %v", h, err)
	}
	if h, err := audit.Verify(ctx, s, "empty"); err != nil || h.Seq != 0 {
		t.Errorf("Verify(empty) = %+v, %v", h, err)
	}
	page, err := s.AuditEntries(ctx, "p1", 10, 5)
	if err != nil || len(page) != 2 || page[0].Seq != 11 {
		t.Errorf("AuditEntries(after 10) = %d entries, %v", len(page), err)
	}
	var buf bytes.Buffer
	exported, err := audit.Export(ctx, s, "p1", &buf)
	if err != nil || exported != head {
		t.Fatalf("Export = %+v, %v", exported, err)
	}
	if n := strings.Count(buf.String(), "\n"); n != 12 {
		t.Errorf("export has %d lines, want 12", n)
	}
	if h, err := audit.VerifyExport(&buf); err != nil || h != head {
		t.Errorf("VerifyExport = %+v, %v", h, err)
	}
	dup := es[0]
	wantErr(t, "InsertAudit(same seq)", s.InsertAudit(ctx, &dup), store.ErrDuplicate)
}

func testAuditRollback(t *testing.T, s store.Store) {
	ctx := t.Context()
	appendN(t, s, "p1", 2)
	err := s.WithTx(ctx, func(tx store.TxStore) error {
		if _, err := audit.Append(ctx, tx, audit.Record{Time: t0, PracticeID: "p1", Kind: store.AuditActed}); err != nil {
			return err
		}
		return errors.New("action failed")
	})
	if err == nil {
		t.Fatal("WithTx returned nil")
	}
	appendN(t, s, "p1", 1)
	if h, err := audit.Verify(ctx, s, "p1"); err != nil || h.Seq != 3 {
		t.Errorf("after rollback Verify = %+v, %v; want seq 3 and no gap", h, err)
	}
}

func testAuditTampering(t *testing.T, s store.Store) {
	tm, ok := s.(Tamperer)
	if !ok {
		t.Skip("the store under test offers no Tamperer hook")
	}
	tests := []struct {
		name    string
		how     Tampering
		seq     int64
		wantSeq int64
		want    error
	}{
		{"changed detail", TamperDetail, 4, 4, audit.ErrAltered},
		{"removed entry", TamperDelete, 4, 5, audit.ErrGap},
		{"reordered entries", TamperSwap, 4, 4, audit.ErrBrokenLink},
		{"inserted entry", TamperInsert, 4, 4, audit.ErrAltered},
		{"changed first entry", TamperDetail, 1, 1, audit.ErrAltered},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			pid := fmt.Sprint("tamper", i)
			appendN(t, s, pid, 8)
			if _, err := audit.Verify(ctx, s, pid); err != nil {
				t.Fatalf("Verify before tampering: %v", err)
			}
			if err := tm.TamperAudit(ctx, pid, tt.seq, tt.how); err != nil {
				t.Fatal(err)
			}
			_, err := audit.Verify(ctx, s, pid)
			var ve *audit.VerifyError
			if !errors.As(err, &ve) || ve.Seq != tt.wantSeq || !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want entry %d: %v", err, tt.wantSeq, tt.want)
			}
		})
	}
	t.Run("removed tail", func(t *testing.T) {
		ctx := t.Context()
		es := appendN(t, s, "tail", 5)
		known := audit.Head{Seq: es[4].Seq, Hash: es[4].Hash}
		if err := tm.TamperAudit(ctx, "tail", 5, TamperDelete); err != nil {
			t.Fatal(err)
		}
		if _, err := audit.Verify(ctx, s, "tail"); err != nil {
			t.Errorf("Verify alone cannot see a cut tail, yet said %v", err)
		}
		_, err := audit.VerifyAgainst(ctx, s, "tail", known)
		var ve *audit.VerifyError
		if !errors.As(err, &ve) || ve.Seq != 5 || !errors.Is(err, audit.ErrTruncated) {
			t.Errorf("VerifyAgainst = %v, want entry 5: %v", err, audit.ErrTruncated)
		}
	})
}

func testCursors(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	if got, err := s.Cursor(ctx, "p1", "x.since_id"); err != nil || got != "" {
		t.Errorf("Cursor before any SetCursor = %q, %v; want \"\", nil", got, err)
	}
	steps := []struct {
		name, practice, key, value string
	}{
		{"first value", "p1", "x.since_id", "100"},
		{"replaced", "p1", "x.since_id", "200"},
		{"other key", "p1", "wordpress.after", "2026-11-21T08:12:44Z"},
		{"other practice", "p2", "x.since_id", "5"},
	}
	for _, st := range steps {
		if err := s.SetCursor(ctx, st.practice, st.key, st.value); err != nil {
			t.Fatalf("%s: SetCursor: %v", st.name, err)
		}
	}
	tests := []struct{ practice, key, want string }{
		{"p1", "x.since_id", "200"},
		{"p1", "wordpress.after", "2026-11-21T08:12:44Z"},
		{"p2", "x.since_id", "5"},
		{"p2", "wordpress.after", ""},
	}
	for _, tt := range tests {
		if got, err := s.Cursor(ctx, tt.practice, tt.key); err != nil || got != tt.want {
			t.Errorf("Cursor(%s, %s) = %q, %v; want %q", tt.practice, tt.key, got, err, tt.want)
		}
	}
	wantErr(t, "SetCursor for an unknown practice", s.SetCursor(ctx, "nobody", "k", "v"), store.ErrNotFound)
	err := s.WithTx(ctx, func(tx store.TxStore) error {
		if err := tx.SetCursor(ctx, "p1", "x.since_id", "300"); err != nil {
			t.Errorf("SetCursor in tx: %v", err)
		}
		return errors.New("polling failed")
	})
	if err == nil {
		t.Fatal("WithTx returned nil for a failed fn")
	}
	if got, _ := s.Cursor(ctx, "p1", "x.since_id"); got != "200" {
		t.Errorf("a cursor from a rolled-back transaction survived: %q", got)
	}
}
