package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

// Staff configures the staff pages: sign-in, the review queue, the audit
// log, statistics and practice settings.
type Staff struct {
	Store store.Store
	// Queue takes the jobs staff actions need (unhide, delete, reply,
	// escalate), in the transaction that records them.
	Queue queue.Queue
	// Policies builds a practice's detectors for policy tests and makes a
	// saved profile live; nil means settings cannot be saved.
	Policies Policies
	// HTTPS says the pages are served over https, directly or behind a
	// proxy that terminates TLS: session cookies are then Secure and
	// __Host- prefixed. Without it, sign-in works only on a loopback address.
	HTTPS           bool
	IdleTimeout     time.Duration  // DefaultIdleTimeout when zero
	AbsoluteTimeout time.Duration  // DefaultAbsoluteTimeout when zero
	Passwords       PasswordParams // DefaultPasswordParams when zero
	// SignInHint is shown on the sign-in page (the demo's accounts).
	SignInHint string
}

// Policies is what the settings page needs of the running service.
type Policies interface {
	// Judge returns detectors for profile p, built the way the service
	// builds a practice's, so policy tests judge as the service will.
	Judge(p *profile.Profile) (triage.Judge, error)
	// Apply makes p, already saved, the practice's live profile.
	Apply(ctx context.Context, practiceID string, p *profile.Profile) error
}

// setUpStaff fills in the staff pages' defaults and their protections.
func (s *Server) setUpStaff() error {
	s.cop = http.NewCrossOriginProtection()
	s.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.InfoContext(r.Context(), "cross-origin request refused", "method", r.Method, "path", r.URL.Path)
		s.render(w, r, http.StatusForbidden, "error", page{Title: "This form came from another website",
			Data: errorData{Message: "Pagekeeper only accepts forms sent from its own pages. Nothing has been changed.",
				Next: &link{Href: "/queue", Text: "Go to the review queue"}}})
	}))
	st := s.cfg.Staff
	if st == nil {
		return nil
	}
	if st.Store == nil {
		return errors.New("web: the staff pages need a store")
	}
	cp := *st
	if cp.IdleTimeout <= 0 {
		cp.IdleTimeout = DefaultIdleTimeout
	}
	if cp.AbsoluteTimeout <= 0 {
		cp.AbsoluteTimeout = DefaultAbsoluteTimeout
	}
	if cp.Passwords == (PasswordParams{}) {
		cp.Passwords = DefaultPasswordParams
	}
	s.staff = &cp
	s.sessions = &sessions{store: cp.Store, now: s.cfg.Now, idle: cp.IdleTimeout, absolute: cp.AbsoluteTimeout, https: cp.HTTPS}
	s.deviceKey = make([]byte, 32)
	rand.Read(s.deviceKey)
	var err error
	if s.dummyHash, err = HashPassword(rand.Text(), cp.Passwords); err != nil {
		return err
	}
	return nil
}

// principal is the signed-in user a request acts for.
type principal struct {
	User      store.User
	Role      role
	Practices []string // the practices the user may see, sorted
	Session   store.Session
}

// Actor is how audit entries name the user.
func (p *principal) Actor() string { return fmt.Sprintf("user:%d", p.User.ID) }

// mayPractice reports whether the user works for practice id.
func (p *principal) mayPractice(id string) bool { return slices.Contains(p.Practices, id) }

// errForbidden means the user's role does not allow what they asked.
var errForbidden = errors.New("forbidden")

type principalKey struct{}

func principalFrom(ctx context.Context) *principal {
	p, _ := ctx.Value(principalKey{}).(*principal)
	return p
}

// staffHandler serves a staff route for the signed-in user u.
type staffHandler func(w http.ResponseWriter, r *http.Request, u *principal) error

// staffRoute serves h to signed-in users whose role grants need, behind
// cross-origin protection. A visitor who is not signed in is sent to
// /login (and back afterwards); a role without need gets 403.
func (s *Server) staffRoute(need perm, h staffHandler) http.Handler {
	return s.cop.Handler(s.limitForm(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := s.signedIn(r)
		switch {
		case errors.Is(err, store.ErrNotFound):
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = r.URL.Path // a form posted after the session expired: back to its page
				if i := strings.LastIndex(next, "/"); i > 0 && strings.HasPrefix(next, "/posts/") {
					next = next[:i]
				}
				if strings.HasPrefix(next, "/users/") {
					next = "/users"
				}
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		case err != nil:
			s.staffError(w, r, err)
			return
		}
		if !u.Role.can(need) {
			s.staffError(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, u)), errForbidden)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), principalKey{}, u))
		if err := h(w, r, u); err != nil {
			s.staffError(w, r, err)
		}
	})))
}

// publicRoute serves h to anyone, behind cross-origin protection (sign-in
// is a form post too).
func (s *Server) publicRoute(h http.HandlerFunc) http.Handler { return s.cop.Handler(s.limitForm(h)) }

// signedIn returns the user r's session belongs to, or store.ErrNotFound.
func (s *Server) signedIn(r *http.Request) (*principal, error) {
	ctx := r.Context()
	sess, err := s.sessions.current(ctx, r)
	if err != nil {
		return nil, err
	}
	u, err := s.staff.Store.User(ctx, sess.UserID)
	if err != nil {
		return nil, err
	}
	p := &principal{User: u, Role: roleOf(u.Role), Practices: u.Practices, Session: sess}
	if p.Role == roleAdmin && len(p.Practices) == 0 {
		ps, err := s.staff.Store.ListPractices(ctx)
		if err != nil {
			return nil, err
		}
		for _, pr := range ps {
			p.Practices = append(p.Practices, pr.ID)
		}
	}
	return p, nil
}

// staffError shows the page for err, with the status status() gives it.
// Another practice's post is "not found", never "forbidden": whether it
// exists is not the user's business.
func (s *Server) staffError(w http.ResponseWriter, r *http.Request, err error) {
	code, _, _ := status(err)
	title, msg := "Sorry, there is a problem with the service", "Try again later. What you were doing has not been saved."
	switch code {
	case http.StatusForbidden:
		title, msg = "You cannot do this", "Your role does not allow this. Ask your practice manager if you need it."
	case http.StatusNotFound:
		title, msg = "Page not found", "If you typed the web address, check it is correct. The item may not be one of your practice's."
	case http.StatusBadRequest:
		title, msg = "Sorry, that did not work", "The form was not filled in as expected. Go back and try again."
	}
	if code >= 500 {
		s.log.ErrorContext(r.Context(), "staff page failed", "route", r.Pattern, "err", err)
	}
	s.render(w, r, code, "error", page{Title: title, Data: errorData{Message: msg, Next: &link{Href: "/queue", Text: "Go to the review queue"}}})
}

// render shows a page with the header and navigation of the signed-in user, if any.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, p page) {
	if u := principalFrom(r.Context()); u != nil {
		p.User = &userView{ID: u.User.ID, Email: u.User.Email, RoleName: u.Role.Name()}
		p.Nav = navFor(u.Role, r.URL.Path)
	}
	p.Footer = []link{{Href: "/login", Text: "Staff sign-in"}}
	s.writePage(w, r, code, name, p)
}

// navFor is the menu: the main pages the role may open.
func navFor(rl role, path string) []link {
	items := []struct {
		href, text string
		need       perm
	}{
		{"/queue", "Review queue", permQueue},
		{"/audit", "Audit log", permAudit},
		{"/stats", "Statistics", permStats},
		{"/settings", "Settings", permSettings},
		{"/users", "Users", permUsers},
	}
	var out []link
	for _, it := range items {
		if rl.can(it.need) {
			out = append(out, link{Href: it.href, Text: it.text,
				Current: path == it.href || (it.href == "/queue" && strings.HasPrefix(path, "/posts/"))})
		}
	}
	return out
}

// practices returns the practices u may see, with their parsed profiles.
func (s *Server) practices(ctx context.Context, u *principal) ([]practiceView, error) {
	var out []practiceView
	for _, id := range u.Practices {
		pv, err := s.practice(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, pv)
	}
	return out, nil
}

// practiceView is a stored practice with its profile read.
type practiceView struct {
	store.Practice
	Profile *profile.Profile // nil if the stored profile does not load
}

// practice reads practice id and its profile.
func (s *Server) practice(ctx context.Context, id string) (practiceView, error) {
	p, err := s.staff.Store.Practice(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return practiceView{}, fmt.Errorf("practice %s: %w", id, errNotFound)
	}
	if err != nil {
		return practiceView{}, err
	}
	pv := practiceView{Practice: p}
	if prof, err := profile.Parse(id+".yaml", p.Profile); err == nil {
		pv.Profile = prof
	} else {
		s.log.WarnContext(ctx, "a stored practice profile does not load", "practice", id, "err", err)
	}
	return pv, nil
}

// findPost returns post id if it belongs to one of u's practices. A post
// of another practice is errNotFound, exactly like one that does not exist.
// An IG lead sees only posts judged to hold patient information.
func (s *Server) findPost(ctx context.Context, u *principal, id int64) (store.Post, error) {
	for _, pid := range u.Practices {
		p, err := s.staff.Store.Post(ctx, pid, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return store.Post{}, err
		}
		if u.Role == roleIGLead {
			ok, err := s.holdsPatientInfo(ctx, p)
			if err != nil {
				return store.Post{}, err
			}
			if !ok {
				return store.Post{}, errForbidden
			}
		}
		return p, nil
	}
	return store.Post{}, fmt.Errorf("post %d: %w", id, errNotFound)
}

// holdsPatientInfo reports whether any decision on p found patient information.
func (s *Server) holdsPatientInfo(ctx context.Context, p store.Post) (bool, error) {
	ds, err := s.staff.Store.DecisionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return false, err
	}
	for _, d := range ds {
		if slices.Contains(d.Labels, moderation.PatientInfo) {
			return true, nil
		}
	}
	return false, nil
}
