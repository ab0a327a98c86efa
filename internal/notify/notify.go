// Package notify emails the people a practice names in its profile:
// escalations, dead-lettered actions, expired tokens. It implements
// jobs.Notifier over SMTP.
//
// Email is the one place Pagekeeper's data leaves the service. A practice's
// staff may read it on NHSmail, but the addresses in a profile can be
// anything, and a message forwarded or auto-forwarded to a personal mailbox
// leaves NHSmail for good. So a notification says what kind of post it is,
// why, and where to see it after signing in, and never what the patient
// wrote, unless the practice turns Config.IncludeText on knowing that.
package notify

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// Directory finds a practice's profile, whose roles name the people
// notifications go to.
type Directory interface {
	Profile(ctx context.Context, practiceID string) (*profile.Profile, error)
}

// TLSPolicy is how the connection to the mail server is protected.
type TLSPolicy int

// The TLS policies. The zero value is the safe one.
const (
	// TLSMandatory upgrades with STARTTLS and refuses to send if the
	// server does not offer it (default port 587).
	TLSMandatory TLSPolicy = iota
	// TLSImplicit speaks TLS from the first byte (SMTPS, default port 465).
	TLSImplicit
	// NoTLS sends in the clear (default port 25). Only for a mail sink on
	// loopback in tests: patient safety alerts must not cross a network
	// unencrypted.
	NoTLS
)

// DefaultTimeout bounds one send when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// maxSubject is the longest subject Notify sends, in runes.
const maxSubject = 120

// Config is how to reach the mail server and who gets what.
type Config struct {
	Host     string
	Port     int // 0 picks the policy's usual port
	TLS      TLSPolicy
	Username string // "" sends without authenticating
	// PasswordEnv names the environment variable holding the password, so
	// it is never in a file or on a command line.
	PasswordEnv string
	From        string // the sender address
	// DefaultTo receives messages for a role the practice's profile gives
	// no address for. "" makes such a message fail with ErrNoRecipient.
	DefaultTo string
	// IncludeText puts the post's text (and reasons that quote it) in
	// alerts. Off by default: see the package comment.
	IncludeText bool
	// BaseURL is where staff reach Pagekeeper ("https://pagekeeper.example.nhs.uk");
	// links given as paths ("/posts/12") are made absolute with it.
	BaseURL string
	// Timeout bounds one send, connection included; 0 means DefaultTimeout.
	Timeout time.Duration
	// Now is the clock for the Date header; nil means time.Now.
	Now func() time.Time
}

// ErrNoRecipient means neither the practice's profile nor the
// configuration gives an address for the role. Retrying will not help.
var ErrNoRecipient = errors.New("no email address for the role")

// Error is a notification that could not be delivered. Temporary errors
// (the server was unreachable or slow, answered 4xx, or the profile could
// not be read) are worth retrying; the others (a 5xx answer, no address)
// need a person to fix the configuration.
type Error struct {
	PracticeID string
	Role       string
	Transient  bool
	Err        error
}

func (e *Error) Error() string {
	kind := "permanent"
	if e.Transient {
		kind = "temporary"
	}
	return fmt.Sprintf("notifying %s of practice %s (%s): %v", e.Role, e.PracticeID, kind, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether retrying may succeed. Callers that cannot
// import this package (package jobs) can test for it with an interface,
// as with net.Error.
func (e *Error) Temporary() bool { return e.Transient }

// Temporary reports whether err is a notification failure worth retrying.
func Temporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Transient
}

// Mailer sends notifications by SMTP. It is safe for concurrent use: each
// send opens its own connection, as notifications are rare.
type Mailer struct {
	cfg      Config
	dir      Directory
	password string
}

var _ jobs.Notifier = (*Mailer)(nil)

// New checks cfg and returns a Mailer that finds addresses through dir.
// getenv reads the password variable named by cfg.PasswordEnv.
func New(cfg Config, dir Directory, getenv func(string) string) (*Mailer, error) {
	if cfg.Host == "" {
		return nil, errors.New("configuring email: no SMTP host")
	}
	if _, err := mail.ParseAddress(cfg.From); err != nil {
		return nil, fmt.Errorf("configuring email: from address %q: %w", cfg.From, err)
	}
	if cfg.DefaultTo != "" {
		if _, err := mail.ParseAddress(cfg.DefaultTo); err != nil {
			return nil, fmt.Errorf("configuring email: default address %q: %w", cfg.DefaultTo, err)
		}
	}
	if cfg.BaseURL != "" {
		if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("configuring email: base URL %q is not an http(s) address", cfg.BaseURL)
		}
	}
	if cfg.TLS < TLSMandatory || cfg.TLS > NoTLS {
		return nil, fmt.Errorf("configuring email: unknown TLS policy %d", cfg.TLS)
	}
	m := &Mailer{cfg: cfg, dir: dir}
	if cfg.Username != "" {
		if cfg.PasswordEnv == "" || getenv == nil {
			return nil, errors.New("configuring email: a username needs a password variable")
		}
		if m.password = getenv(cfg.PasswordEnv); m.password == "" {
			return nil, fmt.Errorf("configuring email: $%s is empty", cfg.PasswordEnv)
		}
		if cfg.TLS == NoTLS {
			return nil, errors.New("configuring email: refusing to send a password without TLS")
		}
	}
	if m.cfg.Timeout <= 0 {
		m.cfg.Timeout = DefaultTimeout
	}
	if m.cfg.Now == nil {
		m.cfg.Now = time.Now
	}
	return m, nil
}

// Notify sends m to the address of m.Role in the practice's profile, or
// to the default address. The subject is made one line, prefixed
// "[URGENT] Pagekeeper:" or "Pagekeeper:", and cut to a bounded length; the
// body is sent with the link appended. Callers keep patient text out of
// both (the jobs.Message contract); as a second guard, unless IncludeText
// is on, anything in quotation marks in the body is taken out, since
// detectors' reasons quote the post that way. Failures are *Error.
func (n *Mailer) Notify(ctx context.Context, m jobs.Message) error {
	to, err := n.recipient(ctx, m.PracticeID, m.Role)
	if err != nil {
		return err
	}
	body := strings.TrimRight(m.Body, "\n")
	if !n.cfg.IncludeText {
		body = Redact(body, "")
	}
	if link := n.absolute(m.Link); link != "" && !strings.Contains(body, link) {
		body = strings.ReplaceAll(body, "(sign-in needed): "+m.Link, "(sign-in needed): "+link)
		if !strings.Contains(body, link) {
			body += "\n\nSee the post (sign-in needed): " + link
		}
	}
	return n.send(ctx, m, to, subject(m.Subject, m.Urgent), body+"\n")
}

// absolute makes a path link absolute with the base URL.
func (n *Mailer) absolute(link string) string {
	if n.cfg.BaseURL == "" || !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
		return link
	}
	return strings.TrimRight(n.cfg.BaseURL, "/") + link
}

// recipient returns the address for role at the practice.
func (n *Mailer) recipient(ctx context.Context, practiceID, role string) (*mail.Address, error) {
	fail := func(temp bool, err error) error {
		return &Error{PracticeID: practiceID, Role: role, Transient: temp, Err: err}
	}
	p, err := n.dir.Profile(ctx, practiceID)
	if err != nil {
		return nil, fail(true, fmt.Errorf("reading profile: %w", err))
	}
	if r, ok := p.Roles[role]; ok && r.Email != "" {
		a, err := mail.ParseAddress(r.Email)
		if err != nil {
			return nil, fail(false, fmt.Errorf("the profile's address for the role: %w", err))
		}
		if a.Name == "" {
			a.Name = r.Name
		}
		return a, nil
	}
	if n.cfg.DefaultTo == "" {
		return nil, fail(false, ErrNoRecipient)
	}
	a, _ := mail.ParseAddress(n.cfg.DefaultTo) // checked by New
	return a, nil
}

// subject makes s a safe one-line subject with the Pagekeeper prefix.
func subject(s string, urgent bool) string {
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	for _, p := range []string{"[URGENT] ", "Urgent: ", "URGENT: ", "Pagekeeper: "} {
		s = strings.TrimPrefix(s, p)
	}
	if utf8.RuneCountInString(s) > maxSubject {
		s = string([]rune(s)[:maxSubject-1]) + "…"
	}
	s = "Pagekeeper: " + s
	if urgent {
		s = "[URGENT] " + s
	}
	return s
}

// send delivers one message to to.
func (n *Mailer) send(ctx context.Context, m jobs.Message, to *mail.Address, subj, body string) error {
	fail := func(temp bool, err error) error {
		return &Error{PracticeID: m.PracticeID, Role: m.Role, Transient: temp, Err: err}
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(n.cfg.From); err != nil {
		return fail(false, fmt.Errorf("setting sender: %w", err))
	}
	msg.ToMailAddress(to)
	msg.Subject(subj)
	msg.SetDateWithValue(n.cfg.Now())
	msg.SetMessageID()
	// Tell auto-responders not to answer: nobody reads replies.
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	if m.Urgent {
		msg.SetImportance(gomail.ImportanceHigh)
	}
	msg.SetBodyString(gomail.TypeTextPlain, body)

	c, err := gomail.NewClient(n.cfg.Host, n.clientOptions()...)
	if err != nil {
		return fail(false, fmt.Errorf("configuring SMTP client: %w", err))
	}
	ctx, cancel := context.WithTimeout(ctx, n.cfg.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		var se *gomail.SendError
		if errors.As(err, &se) {
			return fail(se.IsTemp(), fmt.Errorf("sending: %w", err))
		}
		// Could not connect, time out or negotiate: the server may be back later.
		return fail(true, fmt.Errorf("sending: %w", err))
	}
	return nil
}

func (n *Mailer) clientOptions() []gomail.Option {
	opts := []gomail.Option{gomail.WithTimeout(n.cfg.Timeout)}
	switch n.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSLPort(false))
	case NoTLS:
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSMandatory))
	}
	if n.cfg.Port != 0 {
		opts = append(opts, gomail.WithPort(n.cfg.Port))
	}
	if n.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(n.cfg.Username), gomail.WithPassword(n.password))
	}
	return opts
}
