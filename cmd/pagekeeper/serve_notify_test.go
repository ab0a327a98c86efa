package main

import (
	"strings"
	"testing"
)

func TestNotifierChecksTheSMTPPassword(t *testing.T) {
	c, err := parseServeConfig("cfg.yaml", []byte(goodConfig+"smtp: {host: mail.example, from: pk@example.org, password: {env: PK_SMTP}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	secret := func(s *secretRef) []byte {
		b, err := s.resolve(func(string) string { return "" }, ".")
		if err != nil {
			errs = append(errs, err.Error())
		}
		return b
	}
	if _, err := c.notifier(secret, nil); err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "PK_SMTP") {
		t.Errorf("a missing SMTP password was not reported: %v", errs)
	}
}
