package main

import (
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/notify"
)

func TestNotifierFromSMTPSection(t *testing.T) {
	tests := []struct {
		name, smtp string
		env        map[string]string
		wantErr    string
	}{
		{"good", "smtp: {host: mail.example, from: pk@example.org, username: pk, password: {env: PK_SMTP}}\n", map[string]string{"PK_SMTP": "pw"}, ""},
		{"missing password", "smtp: {host: mail.example, from: pk@example.org, password: {env: PK_SMTP}}\n", nil, "PK_SMTP"},
		{"bad from", "smtp: {host: mail.example, from: not-an-address}\n", nil, "from address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseServeConfig("cfg.yaml", []byte(goodConfig+tt.smtp))
			if err != nil {
				t.Fatal(err)
			}
			var errs []string
			secret := func(s *secretRef) []byte {
				b, err := s.resolve(func(k string) string { return tt.env[k] }, ".")
				if err != nil {
					errs = append(errs, err.Error())
				}
				return b
			}
			n, err := c.notifier(secret, nil)
			if err != nil {
				errs = append(errs, err.Error())
			}
			got := strings.Join(errs, "\n")
			if tt.wantErr == "" {
				if got != "" {
					t.Fatalf("errors: %s", got)
				}
				if _, ok := n.(*notify.Mailer); !ok {
					t.Errorf("notifier is %T, want a *notify.Mailer", n)
				}
				return
			}
			if !strings.Contains(got, tt.wantErr) {
				t.Errorf("errors %q, want one about %q", got, tt.wantErr)
			}
		})
	}
}

func TestServeConfigPublicURL(t *testing.T) {
	base := "database: pk.db\npractices:\n  - id: ash\n    profile: demo.yaml\n"
	if _, err := parseServeConfig("s.yaml", []byte(base+"public_url: https://pk.example.org\n")); err != nil {
		t.Errorf("a good public_url was refused: %v", err)
	}
	_, err := parseServeConfig("s.yaml", []byte(base+"public_url: pk.example.org\n"))
	if err == nil || !strings.Contains(err.Error(), "s.yaml:5: public_url:") {
		t.Errorf("a public_url without a scheme gave %v, want an error naming the file, line and key", err)
	}
}
