package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSignIn(t *testing.T) {
	e := newStaffEnv(t, nil)
	rec := e.anon().get("/login")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `id="login"`) || !strings.Contains(rec.Body.String(), `name="password"`) {
		t.Fatalf("GET /login = %d:\n%s", rec.Code, rec.Body)
	}
	tests := []struct {
		name, email, password string
		want                  int
		body                  string
	}{
		{"no email", "", "secret", 400, "Enter your email address"},
		{"no password", "reception@ashgrove", "", 400, "Enter your password"},
		{"wrong password", "reception@ashgrove", "Secret", 401, "Enter a correct email address and password"},
		{"unknown email", "nobody@ashgrove", "secret", 401, "Enter a correct email address and password"},
	}
	for _, tt := range tests {
		rec := e.anon().post("/login", url.Values{"email": {tt.email}, "password": {tt.password}})
		if rec.Code != tt.want || !strings.Contains(rec.Body.String(), tt.body) || !strings.Contains(rec.Body.String(), `id="error-summary"`) {
			t.Errorf("%s: status %d, want %d with %q in:\n%.2000s", tt.name, rec.Code, tt.want, tt.body, rec.Body)
		}
		if len(rec.Result().Cookies()) != 0 {
			t.Errorf("%s: a refused sign-in set a cookie", tt.name)
		}
	}

	rec = e.anon().post("/login", url.Values{"email": {"Reception@Ashgrove"}, "password": {"secret"}, "next": {"/posts/7"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/posts/7" {
		t.Fatalf("sign-in = %d to %q, want 303 to /posts/7", rec.Code, rec.Header().Get("Location"))
	}
	var c *http.Cookie
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == cookieSecure {
			c = ck
		}
	}
	if c == nil || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Fatalf("session cookie = %+v, want __Host-, Secure, HttpOnly, SameSite=Lax, Path=/", c)
	}
	if _, err := e.db.Session(t.Context(), c.Value); err == nil {
		t.Error("the session is stored under its token: a copy of the database would sign people in")
	}
	if _, err := e.db.Session(t.Context(), sessionID(c.Value)); err != nil {
		t.Errorf("the session is not stored under the token's hash: %v", err)
	}
}

// TestSignInRenewsSession checks a sign-in never keeps a session the
// browser already had (session fixation).
func TestSignInRenewsSession(t *testing.T) {
	e := newStaffEnv(t, nil)
	first := e.login(t, "reception@ashgrove")
	rec := first.post("/login", url.Values{"email": {"manager@ashgrove"}, "password": {"secret"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("second sign-in: %d", rec.Code)
	}
	if _, err := e.db.Session(t.Context(), sessionID(first.cookie.Value)); err == nil {
		t.Error("the session from before the sign-in still works")
	}
	var renewed string
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == cookieSecure {
			renewed = ck.Value
		}
	}
	if renewed == "" || renewed == first.cookie.Value {
		t.Errorf("sign-in kept the old token")
	}
}

// TestSignInIgnoresPlantedToken checks a token an attacker planted in the
// browser before sign-in (session fixation) is not the one signed in: the
// sign-in sets a new one, and the planted one opens nothing.
func TestSignInIgnoresPlantedToken(t *testing.T) {
	e := newStaffEnv(t, nil)
	planted := &client{e: e, cookie: &http.Cookie{Name: cookieSecure, Value: "attacker-chosen-token-0123456789"}}
	rec := planted.post("/login", url.Values{"email": {"manager@ashgrove"}, "password": {"secret"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in = %d", rec.Code)
	}
	got := cookieNamed(rec, cookieSecure)
	if got == nil || got.Value == planted.cookie.Value {
		t.Fatalf("sign-in kept the planted token (cookie %+v)", got)
	}
	if rec := planted.get("/queue"); rec.Code != http.StatusSeeOther {
		t.Errorf("the planted token opens the queue: %d", rec.Code)
	}
	signedIn := &client{e: e, cookie: got}
	if rec := signedIn.get("/queue"); rec.Code != http.StatusOK {
		t.Errorf("the new token does not open the queue: %d", rec.Code)
	}
}

func TestSignInRehashesOnNewCosts(t *testing.T) {
	stronger := cheap
	stronger.Time = 2
	e := newStaffEnv(t, func(s *Staff) { s.Passwords = stronger })
	e.login(t, "reception@ashgrove")
	u, err := e.db.User(t.Context(), e.users["reception@ashgrove"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(u.PasswordHash, "t=2") {
		t.Errorf("hash after sign-in = %q, want re-hashed with t=2", u.PasswordHash)
	}
	if ok, rehash, err := CheckPassword(u.PasswordHash, "secret", stronger); !ok || rehash || err != nil {
		t.Errorf("re-hashed password check = %v, %v, %v", ok, rehash, err)
	}
}

func TestSessionTimeouts(t *testing.T) {
	e := newStaffEnv(t, nil)
	tests := []struct {
		name  string
		steps []time.Duration // wait, then GET /login, before the last check
		after time.Duration
		alive bool
	}{
		{"fresh", nil, time.Minute, true},
		{"idle too long", nil, DefaultIdleTimeout + time.Second, false},
		{"kept alive by use, within the day", []time.Duration{25 * time.Minute, 25 * time.Minute, 25 * time.Minute}, 25 * time.Minute, true},
		{"past the absolute limit however busy", stepsOf(25*time.Minute, 28), 25 * time.Minute, false},
	}
	for _, tt := range tests {
		e.now = staffNow
		c := e.login(t, "reception@ashgrove")
		for _, d := range tt.steps {
			e.now = e.now.Add(d)
			c.get("/login?next=/queue")
		}
		e.now = e.now.Add(tt.after)
		_, err := e.sessions.current(t.Context(), withCookie(c))
		if alive := err == nil; alive != tt.alive {
			t.Errorf("%s: session alive = %v (%v), want %v", tt.name, alive, err, tt.alive)
		}
	}
}

func stepsOf(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

func withCookie(c *client) *http.Request {
	req := httptest.NewRequest("GET", "https://pagekeeper.example/queue", nil)
	req.AddCookie(&http.Cookie{Name: c.cookie.Name, Value: c.cookie.Value})
	return req
}

// TestCrossOriginRefused checks a form posted from another site is refused
// with 403 and changes nothing, while webhooks (server to server, no
// browser headers) are not affected.
func TestCrossOriginRefused(t *testing.T) {
	e := newStaffEnv(t, nil)
	c := e.login(t, "manager@ashgrove")
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
	} {
		for _, path := range []string{"/login", "/logout"} {
			req := httptest.NewRequest("POST", "https://pagekeeper.example"+path, strings.NewReader("email=manager%40ashgrove&password=secret"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range h {
				req.Header.Set(k, v)
			}
			rec := c.do(req)
			if rec.Code != http.StatusForbidden {
				t.Errorf("POST %s with %v = %d, want 403", path, h, rec.Code)
			}
			if len(rec.Result().Cookies()) != 0 {
				t.Errorf("POST %s with %v set a cookie", path, h)
			}
		}
	}
	if _, err := e.db.Session(t.Context(), sessionID(c.cookie.Value)); err != nil {
		t.Errorf("a cross-origin sign-out ended the session: %v", err)
	}
	rec := e.anon().do(httptest.NewRequest("POST", "https://pagekeeper.example/webhooks/meta", strings.NewReader("{}")))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("an unsigned webhook = %d, want 401 (its signature, not CSRF protection, refuses it)", rec.Code)
	}
}

// TestPlainHTTPOnlyOnLoopback checks sign-in over plain http works only
// from and to this machine, with a cookie that has no __Host- prefix.
func TestPlainHTTPOnlyOnLoopback(t *testing.T) {
	e := newStaffEnv(t, func(s *Staff) { s.HTTPS = false })
	form := url.Values{"email": {"reception@ashgrove"}, "password": {"secret"}}.Encode()
	tests := []struct {
		name, host, remote string
		want               int
		cookie             string
	}{
		{"loopback", "127.0.0.1:8080", "127.0.0.1:50000", http.StatusSeeOther, cookieLoopback},
		{"localhost", "localhost:8080", "[::1]:50000", http.StatusSeeOther, cookieLoopback},
		{"the network", "pagekeeper.example", "192.0.2.7:50000", http.StatusForbidden, ""},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("POST", "http://"+tt.host+"/login", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = tt.remote
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		var got string
		for _, ck := range rec.Result().Cookies() {
			if ck.Name != deviceCookieLoopback {
				got = ck.Name
			}
			if ck.Secure {
				t.Errorf("%s: a plain-http cookie is Secure: the browser would drop it", tt.name)
			}
		}
		if rec.Code != tt.want || got != tt.cookie {
			t.Errorf("%s: status %d cookie %q, want %d %q", tt.name, rec.Code, got, tt.want, tt.cookie)
		}
	}
}

func TestSafeNext(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a page", "/posts/3", "/posts/3"},
		{"with a query", "/queue?state=all", "/queue?state=all"},
		{"another site", "https://evil.example/", "/queue"},
		{"scheme-relative", "//evil.example/", "/queue"},
		{"backslash", "/\\evil.example", "/queue"},
		{"the sign-in page", "/login", "/queue"},
		{"empty", "", "/queue"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.in); got != tt.want {
			t.Errorf("%s: safeNext(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
