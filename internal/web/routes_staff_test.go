package web

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/postgres/pgtest"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// TestRoleRouteAccess tries every staff route as every role, and signed
// out: a role the route's permission does not grant gets 403, signed-out
// visitors are sent to sign in, and the others get through (whatever the
// handler then says of the empty form).
func TestRoleRouteAccess(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "Mrs Jones next door has cancer", "Mrs Jones", moderation.PatientInfo, store.StatusHidden, moderation.ActionHide)
	users := map[role]string{roleReception: "reception@ashgrove", roleManager: "manager@ashgrove", roleIGLead: "ig@ashgrove", roleAdmin: "admin@pagekeeper"}
	clients := map[role]*client{}
	for r, email := range users {
		clients[r] = e.login(t, email)
	}
	for _, rt := range e.routeTable() {
		if rt.access != accessStaff {
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = strings.ReplaceAll(path, "{id}", itoa(p.ID))
		path = strings.ReplaceAll(path, "{test}", "999999")
		do := func(c *client) *http.Response {
			if method == "GET" {
				return c.get(path).Result()
			}
			return c.post(path, url.Values{}).Result()
		}
		t.Run(rt.pattern, func(t *testing.T) {
			anon := do(e.anon())
			if anon.StatusCode != http.StatusSeeOther || !strings.HasPrefix(anon.Header.Get("Location"), "/login?next=") {
				t.Errorf("signed out: %d to %q, want 303 to /login", anon.StatusCode, anon.Header.Get("Location"))
			}
			for _, r := range roles {
				got := do(clients[r]).StatusCode
				if allowed := r.can(rt.need); allowed == (got == http.StatusForbidden) {
					t.Errorf("%s: status %d, role allowed %v", r, got, allowed)
				}
				if got >= 500 {
					t.Errorf("%s: status %d", r, got)
				}
			}
		})
	}
}

// TestPracticeIsolation runs the isolation checks on SQLite.
func TestPracticeIsolation(t *testing.T) { testPracticeIsolation(t, newStaffEnv(t, nil)) }

// TestPostgresPracticeIsolation runs them on PostgreSQL (skipped unless
// $PAGEKEEPER_TEST_POSTGRES names a server).
func TestPostgresPracticeIsolation(t *testing.T) {
	testPracticeIsolation(t, newStaffEnvOn(t, pgtest.Open(t), nil))
}

// testPracticeIsolation checks, for every staff route of the table, that
// staff of one practice (quorn) can neither read nor change another's
// (ashgrove's) posts, audit log, settings, policy tests, statistics or
// users, even by guessing ids: the answer for another practice's post,
// user, test or practice is the same as for one that does not exist, so
// not even existence leaks; lists show nothing more once the other
// practice has data; and nothing of the other practice changes.
func testPracticeIsolation(t *testing.T, e *staffEnv) {
	ctx := t.Context()
	hash := e.users["reception@quorn"].PasswordHash
	for _, u := range []store.User{
		{Email: "manager@quorn", Role: store.RolePracticeManager, Practices: []string{"quorn"}},
		{Email: "ig@quorn", Role: store.RoleIGLead, Practices: []string{"quorn"}},
	} {
		u.PasswordHash, u.CreatedAt = hash, staffNow
		if err := e.st.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		e.users[u.Email] = u
	}
	quorn := map[string]*client{}
	for _, email := range []string{"reception@quorn", "manager@quorn", "ig@quorn"} {
		quorn[email] = e.login(t, email)
	}
	// who is the least privileged quorn user the route lets in.
	who := func(rt route) *client {
		for _, email := range []string{"reception@quorn", "manager@quorn", "ig@quorn"} {
			if roleOf(e.users[email].Role).can(rt.need) {
				return quorn[email]
			}
		}
		t.Fatalf("%s: no quorn user may use it", rt.pattern)
		return nil
	}
	do := func(c *client, method, path string, form url.Values) *httptest.ResponseRecorder {
		if method == http.MethodGet {
			return c.get(path)
		}
		return c.post(path, form)
	}
	var routes []route
	for _, rt := range e.routeTable() {
		if rt.access == accessStaff {
			routes = append(routes, rt)
		}
	}

	// Lists, before ashgrove has anything.
	before := map[string]string{}
	for _, rt := range routes {
		if rt.scope != scopeOwnPractices {
			continue
		}
		_, path, _ := strings.Cut(rt.pattern, " ")
		for _, q := range []string{"", "?practice=ashgrove", "?state=all&practice=ashgrove"} {
			before[path+q] = who(rt).get(path + q).Body.String()
		}
	}

	// Ashgrove's data: a post, its audit trail, a policy test, a user.
	theirs := e.seedPost(t, "ashgrove", "Ashgrove's private matter", "private", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	m := e.login(t, "manager@ashgrove")
	if rec := m.post(postPath(theirs, "restore"), url.Values{"reason": {"checked"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("restoring as ashgrove's manager: %d", rec.Code)
	}
	if rec := m.post("/settings/tests", url.Values{"practice": {"ashgrove"}, "test-name": {"private test"}, "test-text": {"Thank you"},
		"test-channel": {"facebook"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("adding a policy test as ashgrove's manager: %d %s", rec.Code, rec.Body)
	}
	if rec := m.post("/users", url.Values{"practice": {"ashgrove"}, "email": {"newhire@ashgrove.example"}, "name": {"New Hire"},
		"role": {"reception"}, "password-choice": {"generate"}}); rec.Code >= 400 {
		t.Fatalf("adding a user as ashgrove's manager: %d", rec.Code)
	}
	tests, err := e.st.PolicyTests(ctx, "ashgrove")
	if err != nil || len(tests) != 1 {
		t.Fatalf("ashgrove's policy tests: %v, %v", tests, err)
	}
	theirUser := e.users["reception@ashgrove"]
	state := func() string {
		posts, err := e.st.ListPosts(ctx, "ashgrove", store.PostFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		audit, err := e.st.AuditEntries(ctx, "ashgrove", 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		tests, err := e.st.PolicyTests(ctx, "ashgrove")
		if err != nil {
			t.Fatal(err)
		}
		users, err := e.st.ListUsers(ctx, "ashgrove")
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.st.Practice(ctx, "ashgrove")
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, x := range posts {
			fmt.Fprintf(&b, "post %d %s; ", x.ID, x.Status)
		}
		for _, x := range users {
			fmt.Fprintf(&b, "user %d %s; ", x.ID, x.Role)
		}
		fmt.Fprintf(&b, "audit %d tests %d profile %x jobs %d", len(audit), len(tests), sha256.Sum256(p.Profile), len(e.queue.kinds()))
		return b.String()
	}
	start := state()

	form := func(practice string) url.Values {
		return url.Values{"practice": {practice}, "reason": {"x"}, "note": {"x"}, "template": {"review"}, "category": {"harassment"},
			"user": {itoa(theirUser.ID)}, "confirm": {"yes"}, "role": {"practice_manager"}, "email": {"x@quorn.example"},
			"name": {"X"}, "password-choice": {"generate"}, "test-name": {"x"}, "test-text": {"x"}, "test-channel": {"facebook"},
			"links-reviews": {"https://evil.example/"}}
	}
	// same checks that other and missing get the same 4xx answer.
	same := func(rt route, other, missing *httptest.ResponseRecorder, wantCode int) {
		t.Helper()
		if other.Code < 400 || other.Code >= 500 || (wantCode != 0 && other.Code != wantCode) {
			t.Errorf("%s on ashgrove's = %d, want a refusal (%d)", rt.pattern, other.Code, wantCode)
		}
		if other.Code != missing.Code || other.Body.String() != missing.Body.String() {
			t.Errorf("%s: ashgrove's = %d, a missing one = %d: the answers differ, so existence leaks", rt.pattern, other.Code, missing.Code)
		}
		for _, secret := range []string{"private matter", "private test", "reception@ashgrove", "newhire"} {
			if strings.Contains(other.Body.String(), secret) {
				t.Errorf("%s shows ashgrove's %q", rt.pattern, secret)
			}
		}
	}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.pattern, " ")
		c := who(rt)
		t.Run(rt.pattern, func(t *testing.T) {
			with := func(id, test string) string {
				return strings.NewReplacer("{id}", id, "{test}", test, "{section}", "links").Replace(path)
			}
			switch rt.scope {
			case scopePost:
				same(rt, do(c, method, with(itoa(theirs.ID), ""), form("quorn")), do(c, method, with("999999", ""), form("quorn")), http.StatusNotFound)
			case scopeUser:
				for _, pr := range []string{"quorn", "ashgrove"} {
					same(rt, do(c, method, with(itoa(theirUser.ID), ""), form(pr)), do(c, method, with("999999", ""), form(pr)), http.StatusNotFound)
				}
			case scopePracticeParam:
				test := itoa(tests[0].ID)
				if method == http.MethodGet {
					same(rt, c.get(path+"?practice=ashgrove"), c.get(path+"?practice=nowhere"), http.StatusNotFound)
					break
				}
				same(rt, c.post(with("", test), form("ashgrove")), c.post(with("", test), form("nowhere")), 0)
				if strings.Contains(path, "{test}") {
					same(rt, c.post(with("", test), form("quorn")), c.post(with("", "999999"), form("quorn")), http.StatusNotFound)
				}
			case scopeOwnPractices:
				for q, want := range before {
					if strings.HasPrefix(q, path) && !strings.HasPrefix(strings.TrimPrefix(q, path), "/") {
						if got := c.get(q).Body.String(); got != want {
							t.Errorf("%s changed once ashgrove had data: it shows another practice's", q)
						}
					}
				}
			default:
				t.Errorf("scope %v has no isolation check", rt.scope)
			}
		})
	}
	if got := state(); got != start {
		t.Errorf("quorn's staff changed ashgrove's data:\nbefore %s\nafter  %s", start, got)
	}
	for _, id := range []string{"abc", "-1", "0", "99999999999999999999"} {
		if rec := quorn["reception@quorn"].get("/posts/" + id); rec.Code != http.StatusNotFound {
			t.Errorf("/posts/%s = %d, want 404", id, rec.Code)
		}
	}
}

// TestCrossOriginRefusedEveryForm posts to every route of the table that
// takes a form (sign-in and sign-out included, webhooks aside), as a
// signed-in administrator but from another site, the two ways a browser
// says so: each is refused with 403 and nothing in the database changes.
func TestCrossOriginRefusedEveryForm(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "Mrs Jones next door has cancer", "Mrs Jones", moderation.PatientInfo, store.StatusHidden, moderation.ActionHide)
	admin := e.login(t, "admin@pagekeeper")
	before := rowCounts(t, e)
	n := 0
	for _, rt := range e.routeTable() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if method != http.MethodPost || rt.access == accessWebhook {
			continue
		}
		n++
		path = strings.NewReplacer("{id}", itoa(p.ID), "{test}", "1", "{section}", "links").Replace(path)
		form := url.Values{"practice": {"ashgrove"}, "reason": {"x"}, "email": {"admin@pagekeeper"}, "password": {"secret"},
			"confirm": {"yes"}, "role": {"reception"}, "links-reviews": {"https://evil.example/"}}
		for _, h := range []map[string]string{{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}} {
			req := httptest.NewRequest("POST", "https://pagekeeper.example"+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range h {
				req.Header.Set(k, v)
			}
			if rec := admin.do(req); rec.Code != http.StatusForbidden {
				t.Errorf("%s from another site (%v) = %d, want 403", rt.pattern, h, rec.Code)
			}
		}
	}
	if n < 15 {
		t.Errorf("only %d form routes tried", n)
	}
	if after := rowCounts(t, e); after != before {
		t.Errorf("cross-site forms changed the database:\n%s\n%s", before, after)
	}
	if len(e.queue.kinds()) != 0 {
		t.Errorf("cross-site forms queued %v", e.queue.kinds())
	}
}
