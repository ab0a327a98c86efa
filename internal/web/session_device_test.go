package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// signInFrom posts the sign-in form from remote, with the cookies given.
func (e *staffEnv) signInFrom(remote, email, password string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "https://pagekeeper.example/login",
		strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.RemoteAddr = remote
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func cookieNamed(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestSignInLimitPerAddress checks one address gets SignInPerIP attempts,
// whatever the accounts, then 429 with Retry-After; others are unaffected.
func TestSignInLimitPerAddress(t *testing.T) {
	e := newStaffEnv(t, func(*Staff) {})
	burst := DefaultLimits.SignInPerIP.Burst
	for i := range burst {
		// A different account each time: only the address limit applies.
		if rec := e.signInFrom("203.0.113.5:1", "guess"+strconv.Itoa(i)+"@ashgrove", "wrong"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d = %d, want 401", i+1, rec.Code)
		}
	}
	rec := e.signInFrom("203.0.113.5:1", "reception@ashgrove", "secret")
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "too many attempts") {
		t.Fatalf("attempt %d = %d, want 429 saying there were too many attempts", burst+1, rec.Code)
	}
	if ra, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("Retry-After = %q", rec.Header().Get("Retry-After"))
	}
	if cookieNamed(rec, cookieSecure) != nil {
		t.Error("a limited attempt signed in")
	}
	if rec := e.signInFrom("203.0.113.6:1", "reception@ashgrove", "secret"); rec.Code != http.StatusSeeOther {
		t.Errorf("another address = %d, want 303", rec.Code)
	}
	e.now = e.now.Add(DefaultLimits.SignInPerIP.Every)
	if rec := e.signInFrom("203.0.113.5:1", "reception@ashgrove", "secret"); rec.Code != http.StatusSeeOther {
		t.Errorf("after waiting = %d, want 303", rec.Code)
	}
}

// TestSignInLimitPerAccount checks failed sign-ins to one account from
// many addresses are limited (the right password is then refused too),
// that the account's usual browser still gets in, and that the limit
// lifts within minutes of the guessing stopping.
func TestSignInLimitPerAccount(t *testing.T) {
	e := newStaffEnv(t, nil)
	usual := e.signInFrom("198.51.100.1:1", "reception@ashgrove", "secret")
	device := cookieNamed(usual, deviceCookieSecure)
	if device == nil || !device.HttpOnly || !device.Secure || device.SameSite != http.SameSiteStrictMode {
		t.Fatalf("sign-in set device cookie %+v, want HttpOnly, Secure, SameSite=Strict", device)
	}
	if strings.Contains(device.Value, "reception") {
		t.Error("the device cookie names the account")
	}
	burst := DefaultLimits.SignInPerAccount.Burst
	for i := range burst {
		remote := "203.0.113." + strconv.Itoa(i+1) + ":1" // a botnet: a new address each try
		if rec := e.signInFrom(remote, "Reception@Ashgrove", "guess"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("guess %d = %d, want 401", i+1, rec.Code)
		}
	}
	rec := e.signInFrom("203.0.113.200:1", "reception@ashgrove", "secret")
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("after %d failures from anywhere, a new browser = %d, want 429", burst, rec.Code)
	}
	if rec := e.signInFrom("198.51.100.1:1", "reception@ashgrove", "secret", device); rec.Code != http.StatusSeeOther {
		t.Errorf("the account's usual browser = %d, want 303 (not locked out)", rec.Code)
	}
	if rec := e.signInFrom("198.51.100.1:1", "manager@ashgrove", "secret", device); rec.Code != http.StatusSeeOther {
		t.Errorf("another account is affected: %d", rec.Code)
	}
	forged := &http.Cookie{Name: deviceCookieSecure, Value: strconv.FormatInt(e.now.Add(time.Hour).Unix(), 10) + ".AAAA"}
	if rec := e.signInFrom("203.0.113.201:1", "reception@ashgrove", "secret", forged); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a forged device cookie = %d, want 429", rec.Code)
	}
	e.now = e.now.Add(DefaultLimits.SignInPerAccount.Every)
	if rec := e.signInFrom("203.0.113.202:1", "reception@ashgrove", "secret"); rec.Code != http.StatusSeeOther {
		t.Errorf("%v after the guessing stopped = %d, want 303", DefaultLimits.SignInPerAccount.Every, rec.Code)
	}
}

func TestDeviceCookieExpires(t *testing.T) {
	e := newStaffEnv(t, nil)
	rec := e.signInFrom("198.51.100.1:1", "reception@ashgrove", "secret")
	c := cookieNamed(rec, deviceCookieSecure)
	req := httptest.NewRequest("POST", "https://pagekeeper.example/login", nil)
	req.AddCookie(c)
	if !e.knownDevice(req, "reception@ashgrove") {
		t.Fatal("the cookie just set is not known")
	}
	if e.knownDevice(req, "manager@ashgrove") {
		t.Error("the cookie is known for another account")
	}
	e.now = e.now.Add(deviceLifetime)
	if e.knownDevice(req, "reception@ashgrove") {
		t.Error("the cookie is known after its lifetime")
	}
}
