// Package smtptest is an SMTP server for tests: it listens on loopback,
// speaks enough of RFC 5321 for a client to deliver mail (EHLO/HELO, MAIL,
// RCPT, DATA, RSET, NOOP, QUIT), records what it receives, and can be told
// to refuse delivery with a transient (4xx) or permanent (5xx) reply. It
// offers no TLS and no authentication, so clients must be set to send in
// the clear: acceptable only on loopback, in tests.
package smtptest

import (
	"bufio"
	"fmt"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Message is one message the server accepted.
type Message struct {
	From string   // the MAIL FROM address
	To   []string // the RCPT TO addresses
	Data string   // the message as sent after DATA, dot-unstuffed, CRLF line ends
}

// Server is a running SMTP sink. Its methods are safe for concurrent use.
type Server struct {
	// Addr is the host:port the server listens on.
	Addr string

	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]bool
	msgs  []Message
	fail  string // a reply line that refuses delivery, "" to accept
}

// NewServer starts a server on a loopback port and closes it when the test
// ends.
func NewServer(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listening: %v", err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln, conns: map[net.Conn]bool{}}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.Close)
	return s
}

// Host returns the host part of Addr.
func (s *Server) Host() string { h, _, _ := net.SplitHostPort(s.Addr); return h }

// Port returns the port part of Addr.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.Addr)
	var n int
	fmt.Sscan(p, &n)
	return n
}

// Close stops the server, ending open sessions, and waits for them.
func (s *Server) Close() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// FailTransient makes the server answer MAIL with 451, a temporary
// failure a client should retry, until Accept is called.
func (s *Server) FailTransient() { s.setFail("451 4.3.0 Requested action aborted: try again later") }

// FailPermanent makes the server answer MAIL with 550, a failure
// retrying will not cure, until Accept is called.
func (s *Server) FailPermanent() { s.setFail("550 5.7.1 Delivery not authorised") }

// Accept makes the server accept mail again.
func (s *Server) Accept() { s.setFail("") }

func (s *Server) setFail(reply string) {
	s.mu.Lock()
	s.fail = reply
	s.mu.Unlock()
}

func (s *Server) failing() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fail
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.session(c)
			c.Close()
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
		}()
	}
}

// session runs one SMTP conversation.
func (s *Server) session(c net.Conn) {
	tp := textproto.NewConn(c)
	if tp.PrintfLine("220 smtptest ESMTP ready") != nil {
		return
	}
	var cur Message
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			err = tp.PrintfLine("250-smtptest greets %s\r\n250-8BITMIME\r\n250 SIZE 10485760", arg)
		case "HELO":
			err = tp.PrintfLine("250 smtptest greets %s", arg)
		case "MAIL":
			if f := s.failing(); f != "" {
				err = tp.PrintfLine("%s", f)
				break
			}
			addr, ok := address(arg, "FROM:")
			if !ok {
				err = tp.PrintfLine("501 5.5.4 Syntax: MAIL FROM:<address>")
				break
			}
			cur = Message{From: addr}
			err = tp.PrintfLine("250 2.1.0 Ok")
		case "RCPT":
			addr, ok := address(arg, "TO:")
			switch {
			case !ok:
				err = tp.PrintfLine("501 5.5.4 Syntax: RCPT TO:<address>")
			case cur.From == "":
				err = tp.PrintfLine("503 5.5.1 MAIL first")
			default:
				cur.To = append(cur.To, addr)
				err = tp.PrintfLine("250 2.1.5 Ok")
			}
		case "DATA":
			if len(cur.To) == 0 {
				err = tp.PrintfLine("503 5.5.1 RCPT first")
				break
			}
			if err = tp.PrintfLine("354 End data with <CR><LF>.<CR><LF>"); err != nil {
				return
			}
			var lines []string
			if lines, err = tp.ReadDotLines(); err != nil {
				return
			}
			cur.Data = strings.Join(lines, "\r\n") + "\r\n"
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			cur = Message{}
			err = tp.PrintfLine("250 2.0.0 Ok: queued")
		case "RSET":
			cur = Message{}
			err = tp.PrintfLine("250 2.0.0 Ok")
		case "NOOP":
			err = tp.PrintfLine("250 2.0.0 Ok")
		case "QUIT":
			tp.PrintfLine("221 2.0.0 Bye")
			return
		default:
			err = tp.PrintfLine("502 5.5.2 Command not recognised")
		}
		if err != nil {
			return
		}
	}
}

// address takes the address out of "FROM:<a@b> SIZE=10" given prefix "FROM:".
func address(arg, prefix string) (string, bool) {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return "", false
	}
	rest := strings.TrimSpace(arg[len(prefix):])
	if !strings.HasPrefix(rest, "<") {
		return "", false
	}
	end := strings.IndexByte(rest, '>')
	if end < 0 {
		return "", false
	}
	return rest[1:end], true
}

// Body returns the part of m.Data after the header.
func (m Message) Body() string {
	_, body, _ := strings.Cut(m.Data, "\r\n\r\n")
	return body
}

// Header returns the value of the first header field named name
// (case-insensitive), unfolded, as sent (still encoded if the sender
// encoded it).
func (m Message) Header(name string) string {
	head, _, _ := strings.Cut(m.Data, "\r\n\r\n")
	r := textproto.NewReader(bufio.NewReader(strings.NewReader(head + "\r\n\r\n")))
	h, err := r.ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		return ""
	}
	return h.Get(name)
}
