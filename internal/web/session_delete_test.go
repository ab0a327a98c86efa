package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestSignOut(t *testing.T) {
	e := newStaffEnv(t, nil)
	c := e.login(t, "reception@ashgrove")
	rec := c.post("/logout", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?signed_out=1" {
		t.Fatalf("sign-out = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if _, err := e.db.Session(t.Context(), sessionID(c.cookie.Value)); err == nil {
		t.Error("the session survived sign-out")
	}
	cleared := false
	for _, ck := range rec.Result().Cookies() {
		cleared = cleared || (ck.Name == cookieSecure && ck.MaxAge < 0)
	}
	if !cleared {
		t.Error("sign-out did not clear the cookie")
	}
	if rec := c.get("/login?signed_out=1"); rec.Code != 200 {
		t.Errorf("the sign-in page after sign-out = %d", rec.Code)
	}
}

// TestSignedOutTokenIsDead checks a session token copied before sign-out
// (from a shared computer, say) opens nothing afterwards.
func TestSignedOutTokenIsDead(t *testing.T) {
	e := newStaffEnv(t, nil)
	c := e.login(t, "reception@ashgrove")
	if rec := c.get("/queue"); rec.Code != http.StatusOK {
		t.Fatalf("the queue before sign-out = %d", rec.Code)
	}
	copied := *c
	c.post("/logout", nil)
	if rec := copied.get("/queue"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
		t.Errorf("the queue with the signed-out token = %d to %q, want 303 to /login", rec.Code, rec.Header().Get("Location"))
	}
}
