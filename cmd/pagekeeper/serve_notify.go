package main

import (
	"github.com/pagekeeper/pagekeeper/internal/jobs"
)

// notifier returns the notifier the smtp section describes. Email sending
// (internal/notify) is being built alongside; until it is wired here,
// notifications are logged (subject and link only) and serve says so.
func (c *serveConfig) notifier(secret func(*secretRef) []byte, _ []appPractice) (jobs.Notifier, error) {
	secret(c.SMTP.Password) // still checked, so a missing secret is found now
	return nil, nil
}
