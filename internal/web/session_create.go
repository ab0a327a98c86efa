package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// loginData is the sign-in page's data.
type loginData struct {
	Email     string
	Next      string
	Hint      string
	SignedOut bool
}

// safeNext returns where to go after signing in: a path on this site, or /queue.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.HasPrefix(next, "/login") || strings.ContainsAny(next, "\r\n") {
		return "/queue"
	}
	return next
}

// sessionNew shows the sign-in form.
func (s *Server) sessionNew(w http.ResponseWriter, r *http.Request) {
	if u, err := s.signedIn(r); err == nil && u != nil && r.URL.Query().Get("next") == "" {
		http.Redirect(w, r, "/queue", http.StatusSeeOther)
		return
	}
	d := loginData{Next: safeNext(r.URL.Query().Get("next")), Hint: s.staff.SignInHint, SignedOut: r.URL.Query().Has("signed_out")}
	p := page{Title: "Sign in", Data: d}
	if d.SignedOut {
		p.Notice = "You have signed out."
	}
	s.render(w, r, http.StatusOK, "login", p)
}

// sessionCreate signs a user in with email and password.
func (s *Server) sessionCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	d := loginData{Email: email, Next: safeNext(r.PostFormValue("next")), Hint: s.staff.SignInHint}
	var errs []fieldError
	if email == "" {
		errs = append(errs, fieldError{"email", "Enter your email address"})
	}
	if password == "" {
		errs = append(errs, fieldError{"password", "Enter your password"})
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusBadRequest, "login", page{Title: "Sign in", Errors: errs, Data: d})
		return
	}
	if _, err := s.sessions.cookieName(r); err != nil {
		s.render(w, r, http.StatusForbidden, "login", page{Title: "Sign in", Data: d,
			Errors: []fieldError{{"email", "Staff pages must be opened over https (a secure connection). Ask whoever runs Pagekeeper."}}})
		return
	}
	// Limits before the password is checked: per address, every attempt;
	// per account, failures only, and not for a browser that has signed
	// in to the account before. The account's key is the email as typed
	// (folded), known or not, so the limit says nothing of who has one.
	account := strings.ToLower(email)
	ok, wait := s.signInIP.allow(clientKey(r, s.cfg.TrustedProxies))
	if ok && !s.knownDevice(r, account) {
		ok, wait = s.signInAccount.check(account)
	}
	if !ok {
		s.log.InfoContext(ctx, "sign-in rate limited")
		s.tooManySignIns(w, r, d, wait)
		return
	}
	u, err := s.staff.Store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.staffError(w, r, err)
		return
	}
	hash := u.PasswordHash
	if err != nil || hash == "" {
		hash = s.dummyHash // as slow as a real check, so a wrong email reveals nothing
	}
	ok, rehash, cerr := CheckPassword(hash, password, s.staff.Passwords)
	if err != nil || u.PasswordHash == "" || cerr != nil || !ok {
		if cerr != nil && err == nil {
			s.log.WarnContext(ctx, "a stored password hash is unreadable", "user", u.ID, "err", cerr)
		}
		s.signInAccount.take(account)
		s.log.InfoContext(ctx, "sign-in refused")
		s.render(w, r, http.StatusUnauthorized, "login", page{Title: "Sign in", Data: d,
			Errors: []fieldError{{"email", "Enter a correct email address and password"}}})
		return
	}
	if rehash {
		if h, err := HashPassword(password, s.staff.Passwords); err == nil {
			if err := s.staff.Store.SetPassword(ctx, u.ID, h); err != nil {
				s.log.WarnContext(ctx, "re-hashing a password", "user", u.ID, "err", err)
			}
		}
	}
	if err := s.sessions.start(ctx, w, r, u.ID); err != nil {
		s.staffError(w, r, err)
		return
	}
	s.setDeviceCookie(w, r, account)
	s.log.InfoContext(ctx, "signed in", "user", u.ID)
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

// tooManySignIns answers 429 with the sign-in page, saying when to try again.
func (s *Server) tooManySignIns(w http.ResponseWriter, r *http.Request, d loginData, wait time.Duration) {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	when := "in a minute"
	if mins := (secs + 59) / 60; mins > 1 {
		when = fmt.Sprintf("in %d minutes", mins)
	}
	s.render(w, r, http.StatusTooManyRequests, "login", page{Title: "Sign in", Data: d,
		Errors: []fieldError{{"email", "There have been too many attempts to sign in. Try again " + when + "."}}})
}
