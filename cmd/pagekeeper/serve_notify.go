package main

import (
	"context"
	"fmt"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/notify"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// smtpPasswordVar is the name the resolved SMTP password is handed to
// notify.New under; it never touches the process environment.
const smtpPasswordVar = "PAGEKEEPER_SMTP_PASSWORD"

// notifier returns the email notifier the smtp section describes; roles'
// addresses come from each practice's profile.
func (c *serveConfig) notifier(secret func(*secretRef) []byte, ps []appPractice) (jobs.Notifier, error) {
	s := c.SMTP
	password := secret(s.Password)
	tls := map[string]notify.TLSPolicy{"": notify.TLSMandatory, "mandatory": notify.TLSMandatory, "implicit": notify.TLSImplicit, "none": notify.NoTLS}[s.TLS]
	cfg := notify.Config{Host: s.Host, Port: s.Port, TLS: tls, Username: s.Username, From: s.From, DefaultTo: s.DefaultTo,
		BaseURL: c.PublicURL}
	if password != nil {
		cfg.PasswordEnv = smtpPasswordVar
	}
	dir := profiles{}
	for _, p := range ps {
		dir[p.ID] = p.Profile
	}
	m, err := notify.New(cfg, dir, func(k string) string {
		if k == smtpPasswordVar {
			return string(password)
		}
		return ""
	})
	if err != nil {
		return nil, fmt.Errorf("%s: smtp: %w", c.path, err)
	}
	return m, nil
}

// profiles is notify's Directory over the configured practices.
type profiles map[string]*profile.Profile

func (p profiles) Profile(_ context.Context, id string) (*profile.Profile, error) {
	if pr, ok := p[id]; ok {
		return pr, nil
	}
	return nil, fmt.Errorf("no practice %q", id)
}
