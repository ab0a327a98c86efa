// Package web is Pagekeeper's HTTP edge: the platforms' webhooks (each
// authenticated by its platform's signature, outside any CSRF protection),
// the pollers for platforms without usable webhooks, health and metrics
// endpoints, and the read-only decisions page. It hands every event to a
// triage.Ingester and answers only once the ingester has stored it, so an
// acknowledged event is durable.
package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

// Practice is what the web layer needs to know of one practice: its
// accounts on each platform, so a webhook's account id finds the practice,
// and the secret its website signs webhooks with.
type Practice struct {
	ID             string
	FacebookPageID string
	InstagramID    string
	XUserID        string
	// WebsiteSecret verifies POST /webhooks/website/{practice}; the route
	// answers 404 for a practice without one.
	WebsiteSecret []byte
	// Instagram fills in mention events, whose payload carries only ids;
	// nil leaves mentions unjudged (they are logged and skipped).
	Instagram Completer
}

// Completer fills in an event whose webhook carries only ids
// (instagram.Client satisfies it).
type Completer interface {
	Complete(ctx context.Context, e platform.Event) (platform.Event, error)
}

// Config configures a Server. Secrets are values, read by the caller from
// the environment or files; the server never logs them.
type Config struct {
	Practices []Practice
	// MetaAppSecret verifies X-Hub-Signature-256; MetaVerifyToken answers
	// Meta's subscription check. Both empty turns the Meta routes off (404).
	MetaAppSecret   []byte
	MetaVerifyToken string
	// XConsumerSecret answers X's CRC check and verifies its signatures;
	// empty turns the X webhook off (404): polling is the baseline.
	XConsumerSecret []byte

	Ingester triage.Ingester
	// Reader reads posts for the decisions page; nil turns the page off.
	Reader Reader
	// Ready reports whether the service can take events (store reachable,
	// queue running); nil means always ready.
	Ready func(ctx context.Context) error
	// Metrics records what happens; nil records nothing.
	Metrics *Metrics
	Logger  *slog.Logger     // nil discards logs
	Now     func() time.Time // time.Now when nil
	// Refresh, when positive, asks browsers to reload the decisions page
	// this often (the demo's live view).
	Refresh time.Duration
	// Staff turns on the staff pages (sign-in, review queue, audit log,
	// statistics, settings) and the public guidance pages; nil leaves
	// webhooks, operations and the decisions page.
	Staff *Staff
	// TrustedProxies are the reverse proxies in front of the server: only
	// a request whose peer is one of them has its X-Forwarded-For read for
	// the client's address. Empty (the safe default) ignores the header,
	// so every client is its connection's peer address.
	TrustedProxies []netip.Prefix
	// Limits are the per-client rate limits; zero fields take DefaultLimits.
	Limits Limits
}

// Server serves the routes in routes.go.
type Server struct {
	cfg      Config
	log      *slog.Logger
	byPage   map[pageKey]string // (channel, account id) -> practice id
	byID     map[string]*Practice
	handler  http.Handler
	pageTmpl *template.Template
	pages    map[string]*template.Template // the staff pages, by name

	staff     *Staff // nil without the staff pages
	sessions  *sessions
	cop       *http.CrossOriginProtection
	dummyHash string // checked against for unknown emails

	limits        Limits
	webhookIP     *limiter // webhook deliveries per client address
	signInIP      *limiter // sign-in attempts per client address
	signInAccount *limiter // failed sign-ins per email address
	deviceKey     []byte   // signs the cookie of browsers that signed in before
}

type pageKey struct {
	ch moderation.Channel
	id string
}

// New returns a server for cfg. It fails when two practices claim the same
// account or a practice id repeats.
func New(cfg Config) (*Server, error) {
	if cfg.Ingester == nil {
		return nil, errors.New("web: no ingester")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, log: cfg.Logger, byPage: map[pageKey]string{}, byID: map[string]*Practice{}}
	s.limits = cfg.Limits.withDefaults()
	s.webhookIP = newLimiter(s.limits.Webhook, s.limits.MaxClients, cfg.Now)
	s.signInIP = newLimiter(s.limits.SignInPerIP, s.limits.MaxClients, cfg.Now)
	s.signInAccount = newLimiter(s.limits.SignInPerAccount, s.limits.MaxClients, cfg.Now)
	for i := range cfg.Practices {
		p := &cfg.Practices[i]
		if p.ID == "" {
			return nil, errors.New("web: a practice has no id")
		}
		if _, dup := s.byID[p.ID]; dup {
			return nil, fmt.Errorf("web: practice %q is configured twice", p.ID)
		}
		s.byID[p.ID] = p
		for ch, id := range map[moderation.Channel]string{moderation.Facebook: p.FacebookPageID, moderation.Instagram: p.InstagramID, moderation.X: p.XUserID} {
			if id == "" {
				continue
			}
			k := pageKey{ch, id}
			if other, dup := s.byPage[k]; dup {
				return nil, fmt.Errorf("web: %s account %s belongs to both %q and %q", ch, id, other, p.ID)
			}
			s.byPage[k] = p.ID
		}
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s.pageTmpl = t
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	if err := s.setUpStaff(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP serves every route, with security headers and request logs.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// practiceFor returns the practice owning the account an event came to.
func (s *Server) practiceFor(ch moderation.Channel, accountID string) (*Practice, bool) {
	id, ok := s.byPage[pageKey{ch, accountID}]
	if !ok {
		return nil, false
	}
	return s.byID[id], true
}

// HTTPServer returns an http.Server for h on addr with timeouts that keep
// a slow or hostile client from holding connections open: webhooks are
// small and answered in milliseconds.
func HTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
