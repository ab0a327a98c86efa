package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
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

// TestPracticeIsolation checks one practice's staff cannot read or act on
// another's posts, even by guessing ids: the answer is the same 404 as for
// a post that does not exist, so existence is not revealed either.
func TestPracticeIsolation(t *testing.T) {
	e := newStaffEnv(t, nil)
	theirs := e.seedPost(t, "ashgrove", "Ashgrove's private matter", "private", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	c := e.login(t, "reception@quorn")
	missing := c.get("/posts/999999")
	if missing.Code != http.StatusNotFound {
		t.Fatalf("a missing post = %d", missing.Code)
	}
	for _, path := range []string{postPath(theirs, "")} {
		rec := c.get(path)
		if rec.Code != http.StatusNotFound || rec.Body.String() != missing.Body.String() {
			t.Errorf("GET %s as another practice = %d, want the same 404 as a missing post", path, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "private matter") {
			t.Errorf("GET %s shows the other practice's text", path)
		}
	}
	for _, action := range []string{"confirm", "hide", "restore", "reply", "assign", "feedback"} {
		rec := c.post(postPath(theirs, action), url.Values{"reason": {"x"}, "template": {"review"}, "user": {"0"}, "category": {"harassment"}})
		if rec.Code != http.StatusNotFound {
			t.Errorf("POST %s as another practice = %d, want 404", action, rec.Code)
		}
	}
	for _, q := range []string{"/queue?state=all", "/queue?state=all&practice=ashgrove"} {
		if body := c.get(q).Body.String(); strings.Contains(body, "private matter") {
			t.Errorf("%s lists another practice's post", q)
		}
	}
	if len(e.queue.kinds()) != 0 || len(e.auditOf(t, "ashgrove", store.AuditStaffAction)) != 0 {
		t.Error("another practice's staff changed something")
	}
	for _, id := range []string{"abc", "-1", "0", "99999999999999999999"} {
		if rec := c.get("/posts/" + id); rec.Code != http.StatusNotFound {
			t.Errorf("/posts/%s = %d, want 404", id, rec.Code)
		}
	}
}
