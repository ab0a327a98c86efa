package smtptest

import (
	"net/smtp"
	"strings"
	"testing"
)

func send(s *Server) error {
	return smtp.SendMail(s.Addr, nil, "a@example.org", []string{"b@example.org", "c@example.org"},
		[]byte("Subject: hello\r\nX-Test: 1\r\n\r\nline one\r\n.dot line\r\n"))
}

func TestServerRecords(t *testing.T) {
	s := NewServer(t)
	if err := send(s); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
	msgs := s.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if m.From != "a@example.org" || strings.Join(m.To, ",") != "b@example.org,c@example.org" {
		t.Errorf("envelope %s -> %v", m.From, m.To)
	}
	if m.Header("subject") != "hello" || m.Header("X-Test") != "1" {
		t.Errorf("headers: %q", m.Data)
	}
	if m.Body() != "line one\r\n.dot line\r\n" {
		t.Errorf("body %q", m.Body())
	}
}

func TestServerFails(t *testing.T) {
	tests := []struct {
		name string
		set  func(*Server)
		want string
	}{
		{"transient", (*Server).FailTransient, "451"},
		{"permanent", (*Server).FailPermanent, "550"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(t)
			tt.set(s)
			if err := send(s); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("SendMail = %v, want %s", err, tt.want)
			}
			s.Accept()
			if err := send(s); err != nil {
				t.Fatalf("after Accept: %v", err)
			}
			if n := len(s.Messages()); n != 1 {
				t.Errorf("%d messages", n)
			}
		})
	}
}
