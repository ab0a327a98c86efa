package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform/facebook"
	"github.com/pagekeeper/pagekeeper/internal/platform/instagram"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/wordpress"
	"github.com/pagekeeper/pagekeeper/internal/platform/x"
	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/web"
)

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "serve", "--config FILE", `
Run the service: receive the platforms' webhooks, poll X and WordPress,
judge and decide each post, carry out the actions, and serve /healthz,
/readyz, /metrics, the staff pages (sign in at /login; add accounts with
'pagekeeper users add') and each practice's public guidance page.
Staff sign-in needs https (public_url) unless staff connect on this
machine's loopback address.
Secrets are read from the environment variables or files the config names.
The database is a SQLite file or a postgres:// URL ($PAGEKEEPER_DATABASE
overrides the config's); instances sharing a PostgreSQL database share the
work, and one at a time polls and runs the scheduled checks.
Stops cleanly on SIGTERM or Ctrl-C. See examples/serve.yaml.`)
	path := fs.String("config", "", "the service config (YAML)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" {
		fs.Usage()
		return errUsage
	}
	c, err := loadServeConfig(*path)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(env.Stderr, nil))
	cfg, err := c.appConfig(env.Getenv, log)
	if err != nil {
		return err
	}
	if c.SMTP == nil {
		log.Warn("no smtp section: notifications are logged (subject and link only), not emailed")
	}
	ln, err := net.Listen("tcp", c.Listen)
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	a, err := newApp(ctx, cfg)
	if err != nil {
		ln.Close()
		return err
	}
	defer a.Close()
	// A chain that does not verify stops the service before it adds to it.
	failed, err := audit.VerifyAtStart(ctx, a.db, c.AllowBrokenAudit, log)
	if err != nil {
		ln.Close()
		return err
	}
	for _, f := range failed { // only with allow_broken_audit: say so loudly at every start
		log.Error("starting with an audit chain that does not verify (allow_broken_audit is set): the IG lead must look into it", "practice", f.PracticeID)
	}
	log.Info("serving", "addr", ln.Addr().String(), "practices", len(cfg.Practices), "database", a.be.Name)
	return a.Run(ctx, ln)
}

// appConfig resolves the file's secrets and builds the platform clients.
func (c *serveConfig) appConfig(getenv func(string) string, log *slog.Logger) (appConfig, error) {
	dir := filepath.Dir(c.path)
	var errs []error
	secret := func(s *secretRef) []byte {
		b, err := s.resolve(getenv, dir)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%w", c.path, err))
		}
		return b
	}
	dsn, err := c.database(getenv, secret)
	if err != nil {
		errs = append(errs, err)
	}
	limits := c.Retention.limits()
	cfg := appConfig{
		Retention:       &limits,
		TrustedProxies:  c.trustedProxies(),
		DBPath:          dsn,
		MetaAppSecret:   secret(c.Meta.AppSecret),
		MetaVerifyToken: string(secret(c.Meta.VerifyToken)),
		XConsumerSecret: secret(c.X.ConsumerSecret),
		DecisionsPage:   c.DecisionsPage,
		StaffPages:      true,
		HTTPS:           strings.HasPrefix(c.PublicURL, "https://"),
		Logger:          log,
	}
	if c.EncryptionKeys != "" {
		ring, err := sealed.LoadKeyring(c.rel(c.EncryptionKeys))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: encryption_keys: %w", c.path, c.lines["encryption_keys"], err))
		}
		cfg.Keyring = ring
	}
	pollX, pollWP := time.Duration(c.Poll.X), time.Duration(c.Poll.WordPress)
	for _, pc := range c.Practices {
		prof, eng, err := loadPractice(c.rel(pc.Profile))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		raw, err := os.ReadFile(c.rel(pc.Profile))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		p := appPractice{ID: pc.ID, Name: prof.Name, Profile: prof, ProfileYAML: raw, Judge: eng.Judge,
			Platforms: map[moderation.Channel]jobs.Platform{}}
		graph := func(base string, token *secretRef) *meta.Client {
			return &meta.Client{BaseURL: base, Version: c.API.GraphVersion, Token: string(secret(token))}
		}
		if f := pc.Facebook; f != nil {
			p.Platforms[moderation.Facebook] = &facebook.Client{Graph: graph(c.API.Graph, f.Token), PageID: f.PageID}
			p.Web.FacebookPageID = f.PageID
		}
		if g := pc.Instagram; g != nil {
			base := c.API.Instagram
			if base == "" {
				base = c.API.Graph
			}
			ig := &instagram.Client{Graph: graph(base, g.Token), AccountID: g.AccountID}
			p.Platforms[moderation.Instagram] = ig
			p.Web.InstagramID, p.Web.Instagram = g.AccountID, ig
		}
		if xc := pc.X; xc != nil {
			cl := &x.Client{BaseURL: c.API.X, Token: string(secret(xc.Token)), UserID: xc.UserID}
			p.Platforms[moderation.X] = cl
			p.Web.XUserID = xc.UserID
			p.Pollers = append(p.Pollers, &web.Poller{Name: "x.since_id", Fetch: web.XMentions(cl), Interval: pollX})
		}
		if w := pc.WordPress; w != nil {
			p.Web.WebsiteSecret = secret(w.WebhookSecret)
			if w.User != "" {
				cl := &wordpress.Client{BaseURL: w.BaseURL, User: w.User, AppPassword: string(secret(w.AppPassword)), SiteID: pc.ID}
				p.Platforms[moderation.Website] = cl
				p.Pollers = append(p.Pollers, &web.Poller{Name: "wordpress.after", Fetch: web.WordPressComments(cl), Interval: pollWP})
			}
		}
		cfg.Practices = append(cfg.Practices, p)
	}
	if c.SMTP != nil {
		n, err := c.notifier(secret, cfg.Practices)
		if err != nil {
			errs = append(errs, err)
		}
		cfg.Notifier = n
	}
	if len(errs) > 0 {
		return appConfig{}, joinLines(errs)
	}
	return cfg, nil
}

// joinLines joins errors one per line.
func joinLines(errs []error) error {
	msg := ""
	for i, e := range errs {
		if i > 0 {
			msg += "\n"
		}
		msg += e.Error()
	}
	return fmt.Errorf("%s", msg)
}
