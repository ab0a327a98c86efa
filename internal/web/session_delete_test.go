package web

import (
	"net/http"
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
