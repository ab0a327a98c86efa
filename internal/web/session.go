package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// The session cookie's names: with the __Host- prefix the browser accepts
// it only from a secure origin, for the whole host, with no Domain, so no
// other site or subdomain can set or read it. Plain http is allowed only
// on a loopback address (the demo), under the plain name.
const (
	cookieSecure   = "__Host-pagekeeper_session"
	cookieLoopback = "pagekeeper_session"
)

// Default session lifetimes: signed out after 30 minutes unused, and after
// 12 hours (a working day) whatever happens.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
)

// touchEvery is how stale SeenAt may get before a request records a use,
// so browsing does not write to the database on every page.
const touchEvery = time.Minute

// errInsecure means a sign-in over plain http from beyond this machine.
var errInsecure = errors.New("the staff pages must be served over https")

// sessions keeps server-side sessions in the store.
type sessions struct {
	store    store.Sessions
	now      func() time.Time
	idle     time.Duration
	absolute time.Duration
	https    bool // served over https, directly or behind a proxy
}

// secure reports whether r came over https (as far as the server knows).
func (m *sessions) secure(r *http.Request) bool { return m.https || r.TLS != nil }

// loopback reports whether r is from and to this machine.
func loopback(r *http.Request) bool {
	isLoop := func(hostport string) bool {
		host, _, err := net.SplitHostPort(hostport)
		if err != nil {
			host = hostport
		}
		if strings.EqualFold(host, "localhost") {
			return true
		}
		ip := net.ParseIP(strings.Trim(host, "[]"))
		return ip != nil && ip.IsLoopback()
	}
	return isLoop(r.RemoteAddr) && isLoop(r.Host)
}

// cookieName returns the session cookie's name for r, or errInsecure.
func (m *sessions) cookieName(r *http.Request) (string, error) {
	if m.secure(r) {
		return cookieSecure, nil
	}
	if loopback(r) {
		return cookieLoopback, nil
	}
	return "", errInsecure
}

// sessionID is the stored id of a token: its SHA-256 in hex.
func sessionID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// current returns r's live session, or store.ErrNotFound if it has none,
// an unknown one or one that has expired (which it deletes).
func (m *sessions) current(ctx context.Context, r *http.Request) (store.Session, error) {
	name, err := m.cookieName(r)
	if err != nil {
		return store.Session{}, store.ErrNotFound
	}
	c, err := r.Cookie(name)
	if err != nil || c.Value == "" {
		return store.Session{}, store.ErrNotFound
	}
	s, err := m.store.Session(ctx, sessionID(c.Value))
	if err != nil {
		return store.Session{}, err
	}
	now := m.now()
	if now.Sub(s.CreatedAt) >= m.absolute || now.Sub(s.SeenAt) >= m.idle {
		if err := m.store.DeleteSession(ctx, s.ID); err != nil {
			return store.Session{}, err
		}
		return store.Session{}, store.ErrNotFound
	}
	if now.Sub(s.SeenAt) >= touchEvery {
		if err := m.store.TouchSession(ctx, s.ID, now); err != nil {
			return store.Session{}, err
		}
		s.SeenAt = now
	}
	return s, nil
}

// start signs userID in: it ends any session r already carries (a new
// token at every sign-in, so a token planted before sign-in is worthless),
// clears out expired sessions and sets the new session's cookie.
func (m *sessions) start(ctx context.Context, w http.ResponseWriter, r *http.Request, userID int64) error {
	name, err := m.cookieName(r)
	if err != nil {
		return err
	}
	if c, err := r.Cookie(name); err == nil && c.Value != "" {
		if err := m.store.DeleteSession(ctx, sessionID(c.Value)); err != nil {
			return err
		}
	}
	now := m.now()
	if _, err := m.store.DeleteExpiredSessions(ctx, now.Add(-m.idle), now.Add(-m.absolute)); err != nil {
		return err
	}
	token := rand.Text() + rand.Text() // 52 base32 characters, 260 random bits
	s := store.Session{ID: sessionID(token), UserID: userID, CreatedAt: now, SeenAt: now}
	if err := m.store.CreateSession(ctx, &s); err != nil {
		return fmt.Errorf("starting a session: %w", err)
	}
	http.SetCookie(w, m.cookie(name, token, r))
	return nil
}

// end signs r's session out and clears its cookie.
func (m *sessions) end(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	name, err := m.cookieName(r)
	if err != nil {
		return nil // no session can have been started
	}
	if c, err := r.Cookie(name); err == nil && c.Value != "" {
		if err := m.store.DeleteSession(ctx, sessionID(c.Value)); err != nil {
			return err
		}
	}
	c := m.cookie(name, "", r)
	c.MaxAge = -1
	http.SetCookie(w, c)
	return nil
}

// cookie is the session cookie: HttpOnly (no script reads it), SameSite=Lax
// (not sent on cross-site posts), Secure and __Host- over https. It has no
// Max-Age: it lasts until the browser closes, the server ends it sooner.
func (m *sessions) cookie(name, value string, r *http.Request) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: m.secure(r)}
}
