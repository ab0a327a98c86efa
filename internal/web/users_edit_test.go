package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// signIn signs email in with password and returns the client, or nil if
// sign-in was refused.
func (e *staffEnv) signIn(t *testing.T, email, password string) *client {
	t.Helper()
	c := e.anon()
	rec := c.post("/login", url.Values{"email": {email}, "password": {password}})
	if rec.Code != http.StatusSeeOther {
		return nil
	}
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == cookieSecure {
			c.cookie = ck
		}
	}
	return c
}

// userActions returns the detail of each "staff_action" entry about users at practice.
func (e *staffEnv) userActions(t *testing.T, practice string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, x := range e.auditOf(t, practice, store.AuditStaffAction) {
		if d := detailOf(t, x); strings.HasPrefix(x.Subject, "user:") {
			out = append(out, d)
		}
	}
	return out
}

func TestUsersList(t *testing.T) {
	e := newStaffEnv(t, nil)
	rec := e.login(t, "manager@ashgrove").get("/users")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /users as manager = %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{"reception@ashgrove", "ig@ashgrove", "manager@ashgrove", `href="/users"`, `id="form-add-user"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the users page lacks %s", want)
		}
	}
	for _, not := range []string{"reception@quorn", `value="admin"`, `action="/users/` + itoa(e.users["manager@ashgrove"].ID) + `/remove"`} {
		if strings.Contains(body, not) {
			t.Errorf("the users page shows %s", not)
		}
	}
	for _, email := range []string{"reception@ashgrove", "ig@ashgrove"} {
		c := e.login(t, email)
		if rec := c.get("/users"); rec.Code != http.StatusForbidden {
			t.Errorf("GET /users as %s = %d, want 403", email, rec.Code)
		}
		if strings.Contains(c.get("/queue").Body.String(), `href="/users"`) {
			t.Errorf("%s's menu links to /users", email)
		}
	}
	if rec := e.anon().post("/users/1/remove", url.Values{}); rec.Header().Get("Location") != "/login?next=%2Fusers" {
		t.Errorf("a form posted signed out goes to %q, want sign-in then /users", rec.Header().Get("Location"))
	}
	if body := e.login(t, "admin@pagekeeper").get("/users").Body.String(); !strings.Contains(body, "reception@quorn") ||
		!strings.Contains(body, `value="admin"`) {
		t.Error("an administrator does not see every practice's users, or cannot give the admin role")
	}
}

func TestUserCreateValidation(t *testing.T) {
	e := newStaffEnv(t, nil)
	c := e.login(t, "manager@ashgrove")
	good := url.Values{"email": {"new@ashgrove"}, "name": {"New Person"}, "role": {"reception"}, "practice": {"ashgrove"},
		"password-choice": {"set"}, "password": {"a long password"}, "password-confirm": {"a long password"}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, x := range good {
			v[k] = slices.Clone(x)
		}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name string
		form url.Values
		want []string // fields with an error
	}{
		{"empty", url.Values{}, []string{"user-email", "user-name", "user-role", "user-practice", "user-password-choice"}},
		{"bad email", with("email", "not an email"), []string{"user-email"}},
		{"duplicate email in another case", with("email", "Reception@Ashgrove"), []string{"user-email"}},
		{"admin by a manager", with("role", "admin"), []string{"user-role"}},
		{"another practice", with("practice", "quorn"), []string{"user-practice"}},
		{"short password", with("password", "short", "password-confirm", "short"), []string{"user-password"}},
		{"passwords differ", with("password-confirm", "another long password"), []string{"user-password-confirm"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := c.post("/users", tt.form)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", rec.Code)
			}
			body := rec.Body.String()
			if !strings.Contains(body, `id="error-summary"`) {
				t.Error("no error summary")
			}
			for _, f := range tt.want {
				if !strings.Contains(body, `href="#`+f+`"`) || !strings.Contains(body, `id="`+f+`-error"`) {
					t.Errorf("no error on %s", f)
				}
			}
			if got := strings.Count(body, `class="nhsuk-error-message"`); got != len(tt.want) {
				t.Errorf("%d field errors, want %d", got, len(tt.want))
			}
			if strings.Contains(body, "long password") {
				t.Error("the page sends a password back")
			}
		})
	}
	if _, err := e.db.UserByEmail(t.Context(), "new@ashgrove"); err == nil {
		t.Error("a form with errors added a user")
	}
	if n := len(e.userActions(t, "ashgrove")); n != 0 {
		t.Errorf("%d audit entries for refused forms", n)
	}
}

func TestUserCreate(t *testing.T) {
	e := newStaffEnv(t, nil)
	c := e.login(t, "manager@ashgrove")
	manager := e.users["manager@ashgrove"].ID

	rec := c.post("/users", url.Values{"email": {"temp@ashgrove"}, "name": {"Temp Person"}, "role": {"ig_lead"},
		"practice": {"ashgrove"}, "password-choice": {"generate"}})
	if rec.Code != http.StatusOK {
		t.Fatalf("adding with a generated password = %d: %s", rec.Code, rec.Body)
	}
	m := regexp.MustCompile(`id="temporary-password-value">([^<]+)<`).FindStringSubmatch(rec.Body.String())
	if m == nil || len(m[1]) < 20 {
		t.Fatalf("no temporary password shown: %v", m)
	}
	temp := m[1]
	u, err := e.db.UserByEmail(t.Context(), "temp@ashgrove")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != store.RoleIGLead || !slices.Equal(u.Practices, []string{"ashgrove"}) || u.Name != "Temp Person" ||
		!strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Errorf("stored user = %+v", u)
	}
	if e.signIn(t, "temp@ashgrove", temp) == nil {
		t.Error("the temporary password does not sign in")
	}
	if strings.Contains(c.get("/users").Body.String(), temp) {
		t.Error("the temporary password is shown again")
	}

	rec = c.post("/users", url.Values{"email": {"typed@ashgrove"}, "name": {"Typed Person"}, "role": {"reception"},
		"practice": {"ashgrove"}, "password-choice": {"set"}, "password": {"correct horse battery"}, "password-confirm": {"correct horse battery"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/users?done=added" {
		t.Fatalf("adding with a typed password = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if e.signIn(t, "TYPED@ashgrove", "correct horse battery") == nil {
		t.Error("the typed password does not sign in")
	}

	typed, _ := e.db.UserByEmail(t.Context(), "typed@ashgrove")
	acts := e.userActions(t, "ashgrove")
	if len(acts) != 2 {
		t.Fatalf("%d audit entries, want 2", len(acts))
	}
	for i, want := range []int64{u.ID, typed.ID} {
		d := acts[i]
		if d["action"] != "user_add" || d["user"] != float64(manager) || d["target"] != float64(want) {
			t.Errorf("audit entry %d = %v", i, d)
		}
	}
	for _, x := range e.auditOf(t, "ashgrove", store.AuditStaffAction) {
		if s := string(x.Detail); strings.Contains(s, temp) || strings.Contains(s, "correct horse") || strings.Contains(s, "argon2") {
			t.Errorf("the audit log holds a password: %s", s)
		}
	}
}

func TestUserRemoveEndsSessions(t *testing.T) {
	e := newStaffEnv(t, nil)
	mc := e.login(t, "manager@ashgrove")
	rc := e.login(t, "reception@ashgrove")
	target := e.users["reception@ashgrove"]
	if rec := rc.get("/queue"); rec.Code != http.StatusOK {
		t.Fatalf("reception before removal = %d", rec.Code)
	}
	rec := mc.post("/users/"+itoa(target.ID)+"/remove", url.Values{"practice": {"ashgrove"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("remove = %d: %s", rec.Code, rec.Body)
	}
	if rec := rc.get("/queue"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
		t.Errorf("the removed user's session still works: %d", rec.Code)
	}
	got, err := e.db.User(t.Context(), target.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Practices) != 0 {
		t.Errorf("practices after removal = %v", got.Practices)
	}
	acts := e.userActions(t, "ashgrove")
	if len(acts) != 1 || acts[0]["action"] != "user_remove" || acts[0]["target"] != float64(target.ID) ||
		acts[0]["user"] != float64(e.users["manager@ashgrove"].ID) {
		t.Errorf("audit = %v", acts)
	}
	if body := mc.get("/users").Body.String(); strings.Contains(body, "reception@ashgrove") {
		t.Error("the removed user is still listed")
	}
	if rec := mc.post("/users/"+itoa(target.ID)+"/remove", url.Values{"practice": {"ashgrove"}}); rec.Code != http.StatusNotFound {
		t.Errorf("removing a user who no longer works here = %d, want 404", rec.Code)
	}

	self := e.users["manager@ashgrove"].ID
	rec = mc.post("/users/"+itoa(self)+"/remove", url.Values{"practice": {"ashgrove"}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "You cannot remove yourself") {
		t.Errorf("removing yourself = %d", rec.Code)
	}
	if me, _ := e.db.User(t.Context(), self); len(me.Practices) != 1 {
		t.Error("the manager removed themselves")
	}
}

func TestUserRoleChange(t *testing.T) {
	e := newStaffEnv(t, nil)
	mc := e.login(t, "manager@ashgrove")
	target := e.users["reception@ashgrove"]
	path := "/users/" + itoa(target.ID) + "/role"
	rec := mc.post(path, url.Values{"practice": {"ashgrove"}, "role": {"ig_lead"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("role change = %d: %s", rec.Code, rec.Body)
	}
	if got, _ := e.db.User(t.Context(), target.ID); got.Role != store.RoleIGLead {
		t.Errorf("role = %q, want ig_lead", got.Role)
	}
	acts := e.userActions(t, "ashgrove")
	if len(acts) != 1 || acts[0]["action"] != "user_role" || acts[0]["target"] != float64(target.ID) ||
		acts[0]["from"] != "reception" || acts[0]["to"] != "ig_lead" || acts[0]["user"] != float64(e.users["manager@ashgrove"].ID) {
		t.Errorf("audit = %v", acts)
	}
	tests := []struct {
		name string
		path string
		form url.Values
		want int
	}{
		{"to admin", path, url.Values{"practice": {"ashgrove"}, "role": {"admin"}}, http.StatusForbidden},
		{"unknown role", path, url.Values{"practice": {"ashgrove"}, "role": {"boss"}}, http.StatusBadRequest},
		{"own role", "/users/" + itoa(e.users["manager@ashgrove"].ID) + "/role", url.Values{"practice": {"ashgrove"}, "role": {"reception"}}, http.StatusConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if rec := mc.post(tt.path, tt.form); rec.Code != tt.want {
				t.Errorf("status %d, want %d", rec.Code, tt.want)
			}
		})
	}
	if n := len(e.userActions(t, "ashgrove")); n != 1 {
		t.Errorf("%d audit entries after refused changes, want 1", n)
	}
}

// TestUsersPracticeIsolation: a manager cannot see or change a user who
// works only for another practice; the answer is the 404 of a missing user.
func TestUsersPracticeIsolation(t *testing.T) {
	e := newStaffEnv(t, nil)
	mc := e.login(t, "manager@ashgrove")
	theirs := e.users["reception@quorn"]
	ours := e.users["reception@ashgrove"]
	missing := mc.post("/users/999999/remove", url.Values{"practice": {"ashgrove"}})
	if missing.Code != http.StatusNotFound {
		t.Fatalf("a missing user = %d", missing.Code)
	}
	tests := []struct {
		name string
		path string
		form url.Values
	}{
		{"remove theirs", "/users/" + itoa(theirs.ID) + "/remove", url.Values{"practice": {"quorn"}}},
		{"remove theirs naming ours", "/users/" + itoa(theirs.ID) + "/remove", url.Values{"practice": {"ashgrove"}}},
		{"role of theirs", "/users/" + itoa(theirs.ID) + "/role", url.Values{"practice": {"quorn"}, "role": {"ig_lead"}}},
		{"ours at their practice", "/users/" + itoa(ours.ID) + "/remove", url.Values{"practice": {"quorn"}}},
		{"not a number", "/users/abc/remove", url.Values{"practice": {"ashgrove"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := mc.post(tt.path, tt.form)
			if rec.Code != http.StatusNotFound || rec.Body.String() != missing.Body.String() {
				t.Errorf("status %d, want the 404 of a missing user", rec.Code)
			}
		})
	}
	if got, _ := e.db.User(t.Context(), theirs.ID); got.Role != store.RoleReception || len(got.Practices) != 1 {
		t.Errorf("another practice's user changed: %+v", got)
	}
	if len(e.userActions(t, "ashgrove"))+len(e.userActions(t, "quorn")) != 0 {
		t.Error("a refused change was audited")
	}
}

// TestUserSharedWithAnotherPractice: a manager sees a colleague who also
// works elsewhere but may not change them, since the change would reach
// the other practice too.
func TestUserSharedWithAnotherPractice(t *testing.T) {
	e := newStaffEnv(t, nil)
	shared := store.User{Email: "locum@both", Role: store.RoleReception, Practices: []string{"ashgrove", "quorn"}, CreatedAt: staffNow}
	if err := e.db.CreateUser(t.Context(), &shared); err != nil {
		t.Fatal(err)
	}
	mc := e.login(t, "manager@ashgrove")
	if !strings.Contains(mc.get("/users").Body.String(), "locum@both") {
		t.Error("a shared user is not listed")
	}
	if rec := mc.post("/users/"+itoa(shared.ID)+"/role", url.Values{"practice": {"ashgrove"}, "role": {"practice_manager"}}); rec.Code != http.StatusForbidden {
		t.Errorf("changing a shared user's role = %d, want 403", rec.Code)
	}
	ac := e.login(t, "admin@pagekeeper")
	if rec := ac.post("/users/"+itoa(shared.ID)+"/remove", url.Values{"practice": {"quorn"}}); rec.Code != http.StatusSeeOther {
		t.Errorf("an administrator removing a user from a practice = %d", rec.Code)
	}
	if got, _ := e.db.User(t.Context(), shared.ID); !slices.Equal(got.Practices, []string{"ashgrove"}) {
		t.Errorf("practices = %v", got.Practices)
	}
}

func TestPlausibleEmail(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"ordinary", "name@example.nhs.uk", true},
		{"local domain", "manager@demo", true},
		{"no at", "name.example.org", false},
		{"two ats", "a@b@c", false},
		{"space", "a b@c.org", false},
		{"no local part", "@c.org", false},
		{"no domain", "a@", false},
	}
	for _, tt := range tests {
		if got := plausibleEmail(tt.in); got != tt.want {
			t.Errorf("%s: plausibleEmail(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}
