package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func user(t *testing.T, s store.Store, email, role string, practices ...string) store.User {
	t.Helper()
	u := store.User{Email: email, Role: role, Practices: practices, CreatedAt: t0}
	if err := s.CreateUser(t.Context(), &u); err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func testSessions(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	u := user(t, s, "r@example.org", store.RoleReception, "p1")
	sess := store.Session{ID: "abc123", UserID: u.ID, CreatedAt: t0, SeenAt: t0}
	if err := s.CreateSession(ctx, &sess); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "CreateSession(same id)", s.CreateSession(ctx, &sess), store.ErrDuplicate)
	orphan := store.Session{ID: "orphan", UserID: 999999, CreatedAt: t0, SeenAt: t0}
	wantErr(t, "CreateSession(unknown user)", s.CreateSession(ctx, &orphan), store.ErrNotFound)
	got, err := s.Session(ctx, "abc123")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sess, got); diff != "" {
		t.Errorf("Session (-want +got):\n%s", diff)
	}
	later := t0.Add(10 * time.Minute)
	if err := s.TouchSession(ctx, "abc123", later); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Session(ctx, "abc123"); !got.SeenAt.Equal(later) {
		t.Errorf("SeenAt after touch = %v, want %v", got.SeenAt, later)
	}
	wantErr(t, "TouchSession(missing)", s.TouchSession(ctx, "nope", later), store.ErrNotFound)

	old := store.Session{ID: "old", UserID: u.ID, CreatedAt: t0.Add(-13 * time.Hour), SeenAt: t0}
	idle := store.Session{ID: "idle", UserID: u.ID, CreatedAt: t0, SeenAt: t0.Add(-time.Hour)}
	for _, x := range []*store.Session{&old, &idle} {
		if err := s.CreateSession(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.DeleteExpiredSessions(ctx, t0.Add(-30*time.Minute), t0.Add(-12*time.Hour))
	if err != nil || n != 2 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 2", n, err)
	}
	if _, err := s.Session(ctx, "abc123"); err != nil {
		t.Errorf("a live session was deleted: %v", err)
	}
	if err := s.DeleteSession(ctx, "abc123"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Session(ctx, "abc123")
	wantErr(t, "Session(deleted)", err, store.ErrNotFound)
	if err := s.DeleteSession(ctx, "abc123"); err != nil {
		t.Errorf("DeleteSession(gone) = %v, want nil", err)
	}

	other := user(t, s, "other@example.org", store.RoleReception, "p1")
	for _, x := range []store.Session{{ID: "u1", UserID: u.ID}, {ID: "u2", UserID: u.ID}, {ID: "o1", UserID: other.ID}} {
		x.CreatedAt, x.SeenAt = t0, t0
		if err := s.CreateSession(ctx, &x); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.DeleteUserSessions(ctx, u.ID); err != nil || n != 2 {
		t.Errorf("DeleteUserSessions = %d, %v; want 2", n, err)
	}
	_, err = s.Session(ctx, "u1")
	wantErr(t, "Session(of a signed-out user)", err, store.ErrNotFound)
	if _, err := s.Session(ctx, "o1"); err != nil {
		t.Errorf("another user's session was deleted: %v", err)
	}
}

func testReviews(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	u := user(t, s, "r@example.org", store.RoleReception, "p1")
	user(t, s, "m@example.org", store.RolePracticeManager, "p1", "p2")
	user(t, s, "other@example.org", store.RoleReception, "p2")

	clean := post(t, s, "p1", "clean", t0)
	flagged := post(t, s, "p1", "flagged", t0.Add(time.Minute))
	decision(t, s, flagged) // harassment, with a finding
	hidden := post(t, s, "p1", "hidden", t0.Add(2*time.Minute))
	dh := decision(t, s, hidden)
	if err := s.SetPostStatus(ctx, "p1", hidden.ID, store.StatusHidden); err != nil {
		t.Fatal(err)
	}
	ig := newPost("p1", "insta", t0.Add(3*time.Minute))
	ig.Channel = moderation.Instagram
	if err := s.InsertPost(ctx, &ig); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPostStatus(ctx, "p1", ig.ID, store.StatusHeld); err != nil {
		t.Fatal(err)
	}
	post(t, s, "p2", "elsewhere", t0)

	_, err := s.Review(ctx, "p1", flagged.ID)
	wantErr(t, "Review(untouched)", err, store.ErrNotFound)
	ids := func(items []store.QueueItem) []int64 {
		var out []int64
		for _, it := range items {
			out = append(out, it.Post.ID)
		}
		return out
	}
	queue := func(f store.QueueFilter) []int64 {
		t.Helper()
		items, err := s.ReviewQueue(ctx, "p1", f)
		if err != nil {
			t.Fatalf("ReviewQueue(%+v): %v", f, err)
		}
		return ids(items)
	}
	tests := []struct {
		name string
		f    store.QueueFilter
		want []int64
	}{
		{"needs review, oldest first", store.QueueFilter{State: store.QueueNeedsReview}, []int64{flagged.ID, hidden.ID, ig.ID}},
		{"acted", store.QueueFilter{State: store.QueueActed}, []int64{hidden.ID}},
		{"all, newest first", store.QueueFilter{State: store.QueueAll}, []int64{ig.ID, hidden.ID, flagged.ID, clean.ID}},
		{"category", store.QueueFilter{Category: moderation.Harassment}, []int64{hidden.ID, flagged.ID}},
		{"channel", store.QueueFilter{Channel: moderation.Instagram}, []int64{ig.ID}},
		{"restored: none yet", store.QueueFilter{State: store.QueueRestored}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, queue(tt.f)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	items, _ := s.ReviewQueue(ctx, "p1", store.QueueFilter{State: store.QueueActed})
	if len(items) != 1 || len(items[0].Labels) != 1 || items[0].Labels[0] != moderation.Harassment {
		t.Errorf("queue item labels = %+v, want the latest decision's", items)
	}

	if err := s.AssignPost(ctx, "p1", flagged.ID, u.ID, t0); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{flagged.ID}, queue(store.QueueFilter{AssignedTo: u.ID})); diff != "" {
		t.Errorf("assigned (-want +got):\n%s", diff)
	}
	if err := s.MarkReviewed(ctx, "p1", flagged.ID, u.ID, store.OutcomeConfirmed, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	r, err := s.Review(ctx, "p1", flagged.ID)
	want := store.Review{PracticeID: "p1", PostID: flagged.ID, AssignedTo: u.ID, AssignedAt: t0,
		ReviewedBy: u.ID, ReviewedAt: t0.Add(time.Hour), Outcome: store.OutcomeConfirmed}
	if err != nil || !cmp.Equal(want, r) {
		t.Errorf("Review = %+v, %v; want %+v", r, err, want)
	}
	if diff := cmp.Diff([]int64{hidden.ID, ig.ID}, queue(store.QueueFilter{State: store.QueueNeedsReview})); diff != "" {
		t.Errorf("needs review after a review (-want +got):\n%s", diff)
	}
	unhide := store.ActionFromDomain(dh, moderation.Action{Kind: "unhide"}, t0)
	if err := s.InsertAction(ctx, &unhide); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{hidden.ID}, queue(store.QueueFilter{State: store.QueueRestored})); diff != "" {
		t.Errorf("restored (-want +got):\n%s", diff)
	}
	_, err = s.ReviewQueue(ctx, "p1", store.QueueFilter{State: "bogus"})
	if err == nil {
		t.Error("ReviewQueue(unknown state) succeeded")
	}

	byAuthor, err := s.PostsByAuthor(ctx, "p1", moderation.Facebook, flagged.AuthorID, 0)
	if err != nil || len(byAuthor) != 1 || byAuthor[0].ID != flagged.ID {
		t.Errorf("PostsByAuthor = %+v, %v", byAuthor, err)
	}
	users, err := s.ListUsers(ctx, "p1")
	if err != nil || len(users) != 2 || users[0].Email != "m@example.org" || users[1].Email != "r@example.org" {
		t.Errorf("ListUsers(p1) = %+v, %v", users, err)
	}
}

func testStaffRecords(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	p := post(t, s, "p1", "x", t0)
	d := decision(t, s, p)
	f := store.Feedback{PracticeID: "p1", PostID: p.ID, DecisionID: d.ID, Category: moderation.Harassment,
		Verdict: store.VerdictNotABreach, UserID: 7, Note: "banter between friends", CreatedAt: t0}
	if err := s.AddFeedback(ctx, &f); err != nil {
		t.Fatal(err)
	}
	got, err := s.FeedbackSince(ctx, "p1", t0.Add(-time.Hour))
	if err != nil || len(got) != 1 || !cmp.Equal(f, got[0]) {
		t.Errorf("FeedbackSince = %+v, %v; want %+v", got, err, f)
	}
	if got, _ := s.FeedbackSince(ctx, "p1", t0.Add(time.Hour)); len(got) != 0 {
		t.Errorf("FeedbackSince(later) = %+v, want none", got)
	}
	bad := f
	bad.PostID = 999999
	wantErr(t, "AddFeedback(unknown post)", s.AddFeedback(ctx, &bad), store.ErrNotFound)

	b := store.PageBan{PracticeID: "p1", Channel: moderation.Facebook, AuthorID: p.AuthorID, AuthorName: p.AuthorName,
		PostID: p.ID, Reason: "repeated abuse of reception staff", DecidedBy: 7, DecidedAt: t0}
	if err := s.AddPageBan(ctx, &b); err != nil {
		t.Fatal(err)
	}
	bans, err := s.PageBans(ctx, "p1", moderation.Facebook, p.AuthorID)
	if err != nil || len(bans) != 1 || !cmp.Equal(b, bans[0]) {
		t.Errorf("PageBans = %+v, %v; want %+v", bans, err, b)
	}
	if bans, _ := s.PageBans(ctx, "p1", moderation.X, p.AuthorID); len(bans) != 0 {
		t.Errorf("PageBans(other channel) = %+v", bans)
	}
	orphan := b
	orphan.PracticeID = "nope"
	wantErr(t, "AddPageBan(unknown practice)", s.AddPageBan(ctx, &orphan), store.ErrNotFound)

	pt := store.PolicyTest{PracticeID: "p1", Name: "abuse of reception is hidden", Channel: moderation.Facebook,
		Text: "reception are useless idiots", WantLabels: []moderation.Category{moderation.Harassment},
		WantActions: []moderation.ActionKind{moderation.ActionHide}, CreatedBy: 7, CreatedAt: t0}
	if err := s.AddPolicyTest(ctx, &pt); err != nil {
		t.Fatal(err)
	}
	clean := store.PolicyTest{PracticeID: "p1", Text: "thank you all", CreatedAt: t0}
	if err := s.AddPolicyTest(ctx, &clean); err != nil {
		t.Fatal(err)
	}
	tests, err := s.PolicyTests(ctx, "p1")
	clean.WantLabels, clean.WantActions = []moderation.Category{}, []moderation.ActionKind{}
	if err != nil || !cmp.Equal([]store.PolicyTest{pt, clean}, tests) {
		t.Errorf("PolicyTests = %+v, %v", tests, err)
	}
	wantErr(t, "DeletePolicyTest(other practice)", s.DeletePolicyTest(ctx, "p2", pt.ID), store.ErrNotFound)
	if err := s.DeletePolicyTest(ctx, "p1", pt.ID); err != nil {
		t.Fatal(err)
	}
	if tests, _ := s.PolicyTests(ctx, "p1"); len(tests) != 1 {
		t.Errorf("after delete: %d tests, want 1", len(tests))
	}
}

// testStaffIsolation checks the staff records of one practice cannot be
// read or written through another's id.
func testStaffIsolation(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "A")
	practice(t, s, "B")
	pb := post(t, s, "B", "b", t0)
	decision(t, s, pb)
	checks := []struct {
		name string
		err  error
	}{
		{"AssignPost", s.AssignPost(ctx, "A", pb.ID, 1, t0)},
		{"MarkReviewed", s.MarkReviewed(ctx, "A", pb.ID, 1, store.OutcomeConfirmed, t0)},
		{"AddFeedback", s.AddFeedback(ctx, &store.Feedback{PracticeID: "A", PostID: pb.ID, Category: moderation.Harassment,
			Verdict: store.VerdictNotABreach, CreatedAt: t0})},
	}
	for _, c := range checks {
		wantErr(t, c.name+" as the wrong practice", c.err, store.ErrNotFound)
	}
	if items, err := s.ReviewQueue(ctx, "A", store.QueueFilter{}); err != nil || len(items) != 0 {
		t.Errorf("ReviewQueue(A) = %d items, %v; want none of B's", len(items), err)
	}
	if posts, err := s.PostsByAuthor(ctx, "A", pb.Channel, pb.AuthorID, 0); err != nil || len(posts) != 0 {
		t.Errorf("PostsByAuthor(A) = %d posts, %v; want none of B's", len(posts), err)
	}
}
