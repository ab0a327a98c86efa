package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// runClaims runs the store.ActionClaims conformance subtests.
func runClaims(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"ClaimAction", testClaimAction},
		{"ClaimActionRace", testClaimActionRace},
		{"StaleActions", testStaleActions},
		{"Lease", testLease},
		{"TakeOverRace", testTakeOverRace},
		{"AdvancePostStatus", testAdvancePostStatus},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

// claimActions stores a decision on a new post with actions of kinds,
// created at at, and returns them.
func claimActions(t *testing.T, s store.Store, practiceID, ext string, at time.Time, kinds ...moderation.ActionKind) []store.Action {
	t.Helper()
	d := decision(t, s, post(t, s, practiceID, ext, at))
	var out []store.Action
	for _, k := range kinds {
		a := store.ActionFromDomain(d, moderation.Action{Kind: k}, at)
		if err := s.InsertAction(t.Context(), &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func testClaimAction(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	a := claimActions(t, s, "p1", "c1", t0, moderation.ActionHide)[0]
	from := []store.ActionState{store.ActionPending, store.ActionFailed}

	if ok, err := s.ClaimAction(ctx, "p2", a.ID, from, store.ActionRunning, t0); err != nil || ok {
		t.Errorf("claim from another practice = %v, %v; want false, nil", ok, err)
	}
	if ok, err := s.ClaimAction(ctx, "p1", a.ID+1000, from, store.ActionRunning, t0); err != nil || ok {
		t.Errorf("claim of an absent action = %v, %v; want false, nil", ok, err)
	}
	if ok, err := s.ClaimAction(ctx, "p1", a.ID, from, store.ActionRunning, t0); err != nil || !ok {
		t.Fatalf("first claim = %v, %v; want true, nil", ok, err)
	}
	if got, _ := s.Action(ctx, "p1", a.ID); got.State != store.ActionRunning {
		t.Errorf("after claim, state = %q", got.State)
	}
	if ok, err := s.ClaimAction(ctx, "p1", a.ID, from, store.ActionRunning, t0); err != nil || ok {
		t.Errorf("second claim = %v, %v; want false, nil", ok, err)
	}
	// A claim can hand the action back, and inside a transaction it rolls
	// back with everything else.
	if ok, err := s.ClaimAction(ctx, "p1", a.ID, []store.ActionState{store.ActionRunning}, store.ActionPending, t0); err != nil || !ok {
		t.Errorf("release = %v, %v", ok, err)
	}
	err := s.WithTx(ctx, func(tx store.TxStore) error {
		if ok, err := tx.ClaimAction(ctx, "p1", a.ID, from, store.ActionRunning, t0); err != nil || !ok {
			t.Errorf("claim in tx = %v, %v", ok, err)
		}
		return errRollback
	})
	if err != errRollback {
		t.Fatalf("WithTx = %v", err)
	}
	if got, _ := s.Action(ctx, "p1", a.ID); got.State != store.ActionPending {
		t.Errorf("after rolled-back claim, state = %q; want pending", got.State)
	}
	if _, err := s.ClaimAction(ctx, "p1", a.ID, from, "bogus", t0); err == nil {
		t.Error("claim to an invalid state: no error")
	}
}

// errRollback makes WithTx roll back.
var errRollback = errorString("roll back")

type errorString string

func (e errorString) Error() string { return string(e) }

func testClaimActionRace(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	as := claimActions(t, s, "p1", "c1", t0, moderation.ActionHide, moderation.ActionReply, moderation.ActionDelete)
	from := []store.ActionState{store.ActionPending, store.ActionFailed}
	const claimers = 8
	for _, a := range as {
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range claimers {
			wg.Go(func() {
				ok, err := s.ClaimAction(ctx, "p1", a.ID, from, store.ActionRunning, t0)
				if err != nil {
					t.Errorf("claim: %v", err)
				}
				if ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("action %d: %d of %d racing claimers won; want exactly 1", a.ID, wins, claimers)
		}
	}
}

func testStaleActions(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	old, recent := t0, t0.Add(time.Hour)
	a1 := claimActions(t, s, "p1", "c1", old, moderation.ActionHide, moderation.ActionHold, moderation.ActionReply, moderation.ActionDelete)
	a2 := claimActions(t, s, "p2", "c2", old, moderation.ActionHide, moderation.ActionEscalate)
	fresh := claimActions(t, s, "p1", "c3", recent, moderation.ActionHide)
	// a1: hide pending, hold pending (never stale), reply running, delete done.
	if ok, err := s.ClaimAction(ctx, "p1", a1[2].ID, []store.ActionState{store.ActionPending}, store.ActionRunning, t0); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := s.UpdateAction(ctx, "p1", a1[3].ID, store.ActionUpdate{State: store.ActionDone, DoneAt: old}); err != nil {
		t.Fatal(err)
	}
	// a2: hide failed, escalate shadow-free pending.
	if err := s.UpdateAction(ctx, "p2", a2[0].ID, store.ActionUpdate{State: store.ActionFailed, Attempts: 1}); err != nil {
		t.Fatal(err)
	}
	ids := func(as []store.Action) []int64 {
		var out []int64
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	cut := old.Add(time.Minute)
	got, err := s.StaleActions(ctx, cut, cut, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{a1[0].ID, a1[2].ID, a2[0].ID, a2[1].ID}
	if !equalIDs(ids(got), want) {
		t.Errorf("StaleActions = %v; want %v (pending, failed and running, across practices, no holds, nothing final or recent)", ids(got), want)
	}
	if len(got) > 0 && (got[0].PracticeID != "p1" || got[0].Kind != moderation.ActionHide || got[0].State != store.ActionPending) {
		t.Errorf("StaleActions[0] = %+v", got[0])
	}
	// Running actions are stale by their lease, which has its own cut-off.
	got, _ = s.StaleActions(ctx, cut, old, 0, 100)
	if want := []int64{a1[0].ID, a2[0].ID, a2[1].ID}; !equalIDs(ids(got), want) {
		t.Errorf("StaleActions with an earlier running cut-off = %v; want %v", ids(got), want)
	}
	// Pages.
	got, _ = s.StaleActions(ctx, cut, cut, 0, 2)
	if want := []int64{a1[0].ID, a1[2].ID}; !equalIDs(ids(got), want) {
		t.Errorf("first page = %v; want %v", ids(got), want)
	}
	got, _ = s.StaleActions(ctx, cut, cut, a1[2].ID, 2)
	if want := []int64{a2[0].ID, a2[1].ID}; !equalIDs(ids(got), want) {
		t.Errorf("second page = %v; want %v", ids(got), want)
	}
	got, _ = s.StaleActions(ctx, recent.Add(time.Minute), recent.Add(time.Minute), a2[1].ID, 100)
	if want := []int64{fresh[0].ID}; !equalIDs(ids(got), want) {
		t.Errorf("later cut-off after the old ones = %v; want %v", ids(got), want)
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// testLease: a claim to running takes a lease; a live lease cannot be taken
// over, an expired one can, once; handing the claim back ends the lease.
func testLease(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	a := claimActions(t, s, "p1", "c1", t0, moderation.ActionHide)[0]
	from := []store.ActionState{store.ActionPending, store.ActionFailed}
	if ok, err := s.TakeOverAction(ctx, "p1", a.ID, t0.Add(time.Hour), t0); err != nil || ok {
		t.Errorf("take over of a pending action = %v, %v; want false, nil", ok, err)
	}
	claimedAt := t0.Add(time.Minute)
	if ok, err := s.ClaimAction(ctx, "p1", a.ID, from, store.ActionRunning, claimedAt); err != nil || !ok {
		t.Fatalf("claim = %v, %v", ok, err)
	}
	// Stale only once the lease is older than the cut-off, whenever the
	// action was created.
	stale := func(leaseBefore time.Time) bool {
		t.Helper()
		as, err := s.StaleActions(ctx, t0, leaseBefore, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(as) == 1 && as[0].ID == a.ID
	}
	if stale(claimedAt) {
		t.Error("a running action is stale at its lease's own time")
	}
	if !stale(claimedAt.Add(time.Microsecond)) {
		t.Error("a running action is not stale after its lease")
	}
	if ok, err := s.TakeOverAction(ctx, "p1", a.ID, claimedAt, t0.Add(2*time.Minute)); err != nil || ok {
		t.Errorf("take over of a live lease = %v, %v; want false, nil", ok, err)
	}
	if ok, err := s.TakeOverAction(ctx, "p2", a.ID, t0.Add(time.Hour), t0.Add(2*time.Minute)); err != nil || ok {
		t.Errorf("take over from another practice = %v, %v; want false, nil", ok, err)
	}
	renewed := t0.Add(2 * time.Minute)
	if ok, err := s.TakeOverAction(ctx, "p1", a.ID, claimedAt.Add(time.Second), renewed); err != nil || !ok {
		t.Fatalf("take over of an expired lease = %v, %v; want true, nil", ok, err)
	}
	if ok, err := s.TakeOverAction(ctx, "p1", a.ID, claimedAt.Add(time.Second), renewed); err != nil || ok {
		t.Errorf("second take over with the same cut-off = %v, %v; want false: the lease was renewed", ok, err)
	}
	if stale(renewed) || !stale(renewed.Add(time.Second)) {
		t.Error("the renewed lease is not the one StaleActions compares")
	}
	if got, _ := s.Action(ctx, "p1", a.ID); got.State != store.ActionRunning {
		t.Errorf("after take over, state = %q; want running", got.State)
	}
	// Handing the claim back ends the lease: a new claim takes a new one.
	if ok, err := s.ClaimAction(ctx, "p1", a.ID, []store.ActionState{store.ActionRunning}, store.ActionPending, t0.Add(3*time.Minute)); err != nil || !ok {
		t.Fatalf("hand back = %v, %v", ok, err)
	}
	if ok, err := s.TakeOverAction(ctx, "p1", a.ID, t0.Add(time.Hour), t0.Add(3*time.Minute)); err != nil || ok {
		t.Errorf("take over after the claim was handed back = %v, %v; want false", ok, err)
	}
	late := t0.Add(time.Hour)
	if ok, err := s.ClaimAction(ctx, "p1", a.ID, from, store.ActionRunning, late); err != nil || !ok {
		t.Fatalf("claim again = %v, %v", ok, err)
	}
	if stale(late) || !stale(late.Add(time.Second)) {
		t.Error("a new claim does not take a new lease")
	}
}

// testTakeOverRace: of runs racing to take over one expired lease, one wins.
func testTakeOverRace(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	a := claimActions(t, s, "p1", "c1", t0, moderation.ActionReply)[0]
	if ok, err := s.ClaimAction(ctx, "p1", a.ID, []store.ActionState{store.ActionPending}, store.ActionRunning, t0); err != nil || !ok {
		t.Fatal(ok, err)
	}
	const racers = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := range racers {
		wg.Go(func() {
			ok, err := s.TakeOverAction(ctx, "p1", a.ID, t0.Add(time.Minute), t0.Add(time.Minute+time.Duration(i)*time.Millisecond))
			if err != nil {
				t.Errorf("take over: %v", err)
			}
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d of %d racing take-overs won; want exactly 1", wins, racers)
	}
}

func testAdvancePostStatus(t *testing.T, s store.Store) {
	ctx := t.Context()
	practice(t, s, "p1")
	practice(t, s, "p2")
	p := post(t, s, "p1", "c1", t0)
	status := func() store.PostStatus {
		t.Helper()
		got, err := s.Post(ctx, "p1", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}
	steps := []struct {
		name     string
		practice string
		to       store.PostStatus
		want     bool
		after    store.PostStatus
	}{
		{"hide", "p1", store.StatusHidden, true, store.StatusHidden},
		{"hide again", "p1", store.StatusHidden, false, store.StatusHidden},
		{"another practice's", "p2", store.StatusVisible, false, store.StatusHidden},
		{"unhide", "p1", store.StatusVisible, true, store.StatusVisible},
		{"delete", "p1", store.StatusDeleted, true, store.StatusDeleted},
		{"a slower hide after the delete", "p1", store.StatusHidden, false, store.StatusDeleted},
		{"delete again", "p1", store.StatusDeleted, false, store.StatusDeleted},
	}
	for _, st := range steps {
		got, err := s.AdvancePostStatus(ctx, st.practice, p.ID, st.to)
		if err != nil || got != st.want {
			t.Errorf("%s: AdvancePostStatus = %v, %v; want %v, nil", st.name, got, err, st.want)
		}
		if s := status(); s != st.after {
			t.Errorf("%s: status %q; want %q", st.name, s, st.after)
		}
	}
	if ok, err := s.AdvancePostStatus(ctx, "p1", p.ID+1000, store.StatusHidden); err != nil || ok {
		t.Errorf("absent post = %v, %v; want false, nil", ok, err)
	}
	if _, err := s.AdvancePostStatus(ctx, "p1", p.ID, "bogus"); err == nil {
		t.Error("invalid status: no error")
	}
}
