package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// A device cookie marks a browser that has signed in to an account before.
// Failed sign-ins to an account are limited (SignInPerAccount) so a
// password cannot be guessed from many addresses; a browser holding the
// account's device cookie skips that limit, so an attacker who keeps the
// limit spent does not lock the real user out of their usual browser. (It
// still counts against its address's limit.) The cookie holds an expiry
// and an HMAC over it and the email under a key made at start-up: it
// cannot be forged, names no one, and a restart voids every one (the
// user is then treated as a new browser until their next sign-in).
const (
	deviceCookieSecure   = "__Host-pagekeeper_device"
	deviceCookieLoopback = "pagekeeper_device"
	deviceLifetime       = 90 * 24 * time.Hour
)

// deviceMAC is the cookie's MAC for email until expires.
func (s *Server) deviceMAC(email string, expires int64) string {
	m := hmac.New(sha256.New, s.deviceKey)
	m.Write([]byte(strconv.FormatInt(expires, 10) + "\x00" + strings.ToLower(email)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// deviceCookieName is the device cookie's name for r.
func (s *Server) deviceCookieName(r *http.Request) string {
	if s.sessions.secure(r) {
		return deviceCookieSecure
	}
	return deviceCookieLoopback
}

// setDeviceCookie marks r's browser as one that signed in to email.
func (s *Server) setDeviceCookie(w http.ResponseWriter, r *http.Request, email string) {
	exp := s.cfg.Now().Add(deviceLifetime)
	http.SetCookie(w, &http.Cookie{Name: s.deviceCookieName(r), Value: strconv.FormatInt(exp.Unix(), 10) + "." + s.deviceMAC(email, exp.Unix()),
		Path: "/", Expires: exp, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.sessions.secure(r)})
}

// knownDevice reports whether r carries a live device cookie for email.
func (s *Server) knownDevice(r *http.Request, email string) bool {
	c, err := r.Cookie(s.deviceCookieName(r))
	if err != nil {
		return false
	}
	exp, mac, ok := strings.Cut(c.Value, ".")
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || s.cfg.Now().Unix() >= n {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(s.deviceMAC(email, n)))
}
