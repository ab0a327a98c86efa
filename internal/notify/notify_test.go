package notify

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/notify/smtptest"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// directory is a Directory over a map.
type directory map[string]*profile.Profile

func (d directory) Profile(_ context.Context, id string) (*profile.Profile, error) {
	p, ok := d[id]
	if !ok {
		return nil, errors.New("no such practice")
	}
	return p, nil
}

func ashgrove() directory {
	return directory{"ashgrove": {
		Name:     "Ashgrove Surgery",
		Channels: []moderation.Channel{moderation.Facebook},
		Roles: map[string]profile.Role{
			"safeguarding_lead": {Name: "Dr Asha Rao", Email: "safeguarding.ashgrove@nhs.net"},
			"practice_manager":  {Email: "pm.ashgrove@nhs.net"},
		},
	}}
}

// newMailer returns a Mailer sending in the clear to a fresh sink.
func newMailer(t *testing.T, cfg Config) (*Mailer, *smtptest.Server) {
	t.Helper()
	s := smtptest.NewServer(t)
	cfg.Host, cfg.Port, cfg.TLS = s.Host(), s.Port(), NoTLS
	if cfg.From == "" {
		cfg.From = "pagekeeper@example.nhs.uk"
	}
	cfg.Timeout = 5 * time.Second
	cfg.Now = func() time.Time { return time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC) }
	m, err := New(cfg, ashgrove(), nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m, s
}

// decoded returns a message's subject and body as a reader sees them.
func decoded(t *testing.T, m smtptest.Message) (subject, body string) {
	t.Helper()
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header("Subject"))
	if err != nil {
		t.Fatalf("decoding subject: %v", err)
	}
	body = m.Body()
	if strings.EqualFold(m.Header("Content-Transfer-Encoding"), "quoted-printable") {
		b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
		if err != nil {
			t.Fatalf("decoding body: %v", err)
		}
		body = string(b)
	}
	return subject, strings.ReplaceAll(body, "\r\n", "\n")
}

func only(t *testing.T, s *smtptest.Server) smtptest.Message {
	t.Helper()
	msgs := s.Messages()
	if len(msgs) != 1 {
		t.Fatalf("the sink has %d messages, want 1", len(msgs))
	}
	return msgs[0]
}

func TestNotifyReachesRoleAddress(t *testing.T) {
	tests := []struct {
		name      string
		role      string
		defaultTo string
		want      string // "" for ErrNoRecipient
	}{
		{"role in profile", "safeguarding_lead", "ig@example.nhs.uk", "safeguarding.ashgrove@nhs.net"},
		{"another role", "practice_manager", "", "pm.ashgrove@nhs.net"},
		{"role without address takes the default", "duty_clinician", "ig@example.nhs.uk", "ig@example.nhs.uk"},
		{"no address anywhere", "duty_clinician", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, s := newMailer(t, Config{DefaultTo: tt.defaultTo})
			err := m.Notify(t.Context(), jobs.Message{PracticeID: "ashgrove", Role: tt.role, Subject: "a post needs you", Body: "See it."})
			if tt.want == "" {
				if !errors.Is(err, ErrNoRecipient) || Temporary(err) {
					t.Fatalf("Notify = %v, want a permanent ErrNoRecipient", err)
				}
				if n := len(s.Messages()); n != 0 {
					t.Errorf("%d messages sent", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("Notify: %v", err)
			}
			msg := only(t, s)
			if len(msg.To) != 1 || msg.To[0] != tt.want {
				t.Errorf("RCPT TO %v, want %s", msg.To, tt.want)
			}
			if msg.From != "pagekeeper@example.nhs.uk" {
				t.Errorf("MAIL FROM %s", msg.From)
			}
		})
	}
}

func TestNotifySubjectIsOneBoundedLine(t *testing.T) {
	m, s := newMailer(t, Config{})
	err := m.Notify(t.Context(), jobs.Message{
		PracticeID: "ashgrove", Role: "practice_manager", Urgent: true,
		Subject: "a hide action\r\nBcc: someone@example.com\n" + strings.Repeat("long ", 60),
		Body:    "The action failed five times.",
		Link:    "https://pagekeeper.example/actions/40",
	})
	if err != nil {
		t.Fatalf("Notify: %v", err)
	}
	msg := only(t, s)
	subj, body := decoded(t, msg)
	if !strings.HasPrefix(subj, "[URGENT] Pagekeeper: a hide action Bcc: someone@example.com long") || strings.ContainsAny(subj, "\r\n") {
		t.Errorf("subject %q", subj)
	}
	if n := len([]rune(subj)); n > maxSubject+len("[URGENT] Pagekeeper: ") {
		t.Errorf("subject of %d runes", n)
	}
	if msg.Header("Bcc") != "" || len(msg.To) != 1 {
		t.Errorf("header injection: Bcc %q, To %v", msg.Header("Bcc"), msg.To)
	}
	if !strings.Contains(body, "The action failed five times.\n\nSee the post (sign-in needed): https://pagekeeper.example/actions/40") {
		t.Errorf("body:\n%s", body)
	}
}

func TestNotifyJobsEscalation(t *testing.T) {
	// The message the escalate job sends (internal/jobs/actions.go).
	m, s := newMailer(t, Config{})
	err := m.Notify(t.Context(), jobs.Message{PracticeID: "ashgrove", Role: "safeguarding_lead", Urgent: true,
		Subject: "Urgent: someone may be at risk, in a Facebook post (post 12)",
		Body:    "Pagekeeper found:\n- another person's identifiable information (clause 2): gives a health detail (\"chlamydia\") about a patient\nOpen the post.",
		Link:    "https://pagekeeper.example/posts/12"})
	if err != nil {
		t.Fatalf("Notify: %v", err)
	}
	msg := only(t, s)
	subj, body := decoded(t, msg)
	if want := "[URGENT] Pagekeeper: someone may be at risk, in a Facebook post (post 12)"; subj != want {
		t.Errorf("subject %q, want %q", subj, want)
	}
	if msg.To[0] != "safeguarding.ashgrove@nhs.net" {
		t.Errorf("sent to %v", msg.To)
	}
	if strings.Contains(body, "chlamydia") || !strings.Contains(body, "gives a health detail ([…]) about a patient") {
		t.Errorf("quoted text not taken out of the body:\n%s", body)
	}
}

func TestNotifyBaseURL(t *testing.T) {
	tests := []struct {
		name, link, want string
	}{
		{"path", "/posts/12", "See the post (sign-in needed): https://pagekeeper.example/posts/12\n"},
		{"absolute already", "https://elsewhere.example/posts/3", "See the post (sign-in needed): https://elsewhere.example/posts/3\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, s := newMailer(t, Config{BaseURL: "https://pagekeeper.example/"})
			if err := m.Alert(t.Context(), Alert{PracticeID: "ashgrove", Role: "practice_manager", Category: moderation.Complaint, Channel: moderation.Facebook, Link: tt.link}); err != nil {
				t.Fatalf("Alert: %v", err)
			}
			_, body := decoded(t, only(t, s))
			if !strings.HasSuffix(body, tt.want) || strings.Count(body, "See the post") != 1 {
				t.Errorf("body:\n%s", body)
			}
		})
	}
}

func TestNotifyFailures(t *testing.T) {
	msg := jobs.Message{PracticeID: "ashgrove", Role: "practice_manager", Subject: "s", Body: "b"}
	t.Run("4xx is temporary, and a retry succeeds", func(t *testing.T) {
		m, s := newMailer(t, Config{})
		s.FailTransient()
		err := m.Notify(t.Context(), msg)
		var e *Error
		if !errors.As(err, &e) || !Temporary(err) || e.Role != "practice_manager" {
			t.Fatalf("Notify = %v, want a temporary *Error", err)
		}
		s.Accept()
		if err := m.Notify(t.Context(), msg); err != nil {
			t.Fatalf("retry: %v", err)
		}
		only(t, s)
	})
	t.Run("5xx is permanent", func(t *testing.T) {
		m, s := newMailer(t, Config{})
		s.FailPermanent()
		err := m.Notify(t.Context(), msg)
		var e *Error
		if !errors.As(err, &e) || Temporary(err) {
			t.Fatalf("Notify = %v, want a permanent *Error", err)
		}
	})
	t.Run("unreachable server is temporary", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		m, err := New(Config{Host: "127.0.0.1", Port: port, TLS: NoTLS, From: "p@example.nhs.uk", Timeout: 2 * time.Second}, ashgrove(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Notify(t.Context(), msg); !Temporary(err) {
			t.Fatalf("Notify = %v, want temporary", err)
		}
	})
	t.Run("unknown practice is temporary", func(t *testing.T) {
		m, _ := newMailer(t, Config{})
		if err := m.Notify(t.Context(), jobs.Message{PracticeID: "nowhere", Role: "practice_manager"}); !Temporary(err) {
			t.Fatalf("Notify = %v, want temporary", err)
		}
	})
	t.Run("mandatory TLS refuses a server without STARTTLS", func(t *testing.T) {
		s := smtptest.NewServer(t)
		m, err := New(Config{Host: s.Host(), Port: s.Port(), From: "p@example.nhs.uk", Timeout: 2 * time.Second}, ashgrove(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Notify(t.Context(), msg); err == nil {
			t.Fatal("sent without TLS")
		}
		if n := len(s.Messages()); n != 0 {
			t.Errorf("%d messages reached the server in the clear", n)
		}
	})
}

func TestNewChecksConfig(t *testing.T) {
	env := func(k string) string {
		if k == "SMTP_PASSWORD" {
			return "secret"
		}
		return ""
	}
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"ok", Config{Host: "smtp.example", From: "p@example.nhs.uk"}, ""},
		{"password from env", Config{Host: "smtp.example", From: "p@example.nhs.uk", Username: "u", PasswordEnv: "SMTP_PASSWORD"}, ""},
		{"no host", Config{From: "p@example.nhs.uk"}, "no SMTP host"},
		{"bad from", Config{Host: "smtp.example", From: "nobody"}, "from address"},
		{"bad default", Config{Host: "smtp.example", From: "p@example.nhs.uk", DefaultTo: "x"}, "default address"},
		{"empty password", Config{Host: "smtp.example", From: "p@example.nhs.uk", Username: "u", PasswordEnv: "UNSET"}, "$UNSET is empty"},
		{"password in the clear", Config{Host: "smtp.example", From: "p@example.nhs.uk", Username: "u", PasswordEnv: "SMTP_PASSWORD", TLS: NoTLS}, "without TLS"},
		{"bad base URL", Config{Host: "smtp.example", From: "p@example.nhs.uk", BaseURL: "pagekeeper.example"}, "base URL"},
		{"unknown policy", Config{Host: "smtp.example", From: "p@example.nhs.uk", TLS: 7}, "unknown TLS policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, ashgrove(), env)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("New = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
