package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/pagekeeper/pagekeeper/internal/protection"
)

// serveConfig is the file `pagekeeper serve --config` reads. Secrets are
// never written in it: each names an environment variable or a file.
type serveConfig struct {
	Listen   string `yaml:"listen"`
	Database string `yaml:"database"` // a SQLite file, or a postgres:// URL without its password
	// DatabasePassword is the PostgreSQL password; it is never written in
	// the URL in the file.
	DatabasePassword *secretRef    `yaml:"database_password"`
	DecisionsPage    bool          `yaml:"decisions_page"`
	PublicURL        string        `yaml:"public_url"` // where staff reach Pagekeeper, for links in email
	API              apiConfig     `yaml:"api"`
	Meta             metaConfig    `yaml:"meta"`
	X                xAppConfig    `yaml:"x"`
	Poll             pollConfig    `yaml:"poll"`
	SMTP             *smtpConfig   `yaml:"smtp"`
	Practices        []practiceCfg `yaml:"practices"`
	// EncryptionKeys is a key file or a directory of key files ('pagekeeper
	// keygen'); when set, post text, payloads and evidence are encrypted at
	// rest (docs/security-encryption.md). Empty: they are not.
	EncryptionKeys string `yaml:"encryption_keys"`
	// TrustedProxies are the addresses (CIDR prefixes) of reverse proxies
	// whose X-Forwarded-For and X-Forwarded-Proto are believed; empty: none.
	TrustedProxies []string `yaml:"trusted_proxies"`
	// Retention says how many days each kind of data is kept; 0 keeps it
	// for ever. Unset kinds keep protection.DefaultLimits.
	Retention retentionConfig `yaml:"retention"`
	// AllowBrokenAudit starts the service even when an audit chain does not
	// verify (alerting loudly); by default such a chain stops the start.
	AllowBrokenAudit bool `yaml:"allow_broken_audit"`

	path  string         // the file read, for messages and relative paths
	lines map[string]int // the line of each key, "smtp.tls" for nested ones
}

// retentionConfig is the retention section, in days (nil: the default).
type retentionConfig struct {
	PostContent *int `yaml:"post_content"`
	Evidence    *int `yaml:"evidence"`
	Decisions   *int `yaml:"decisions"`
	Sessions    *int `yaml:"sessions"`
	Dedupe      *int `yaml:"dedupe"`
}

// retentionKind is one key of the retention section: its name, the days
// the file gives (nil: unset) and the limit it sets.
type retentionKind struct {
	key  string
	days *int
	dst  *time.Duration
}

// kinds lists the section's keys, each setting its field of l.
func (r retentionConfig) kinds(l *protection.Limits) []retentionKind {
	return []retentionKind{{"post_content", r.PostContent, &l.PostContent}, {"evidence", r.Evidence, &l.Evidence},
		{"decisions", r.Decisions, &l.Decisions}, {"sessions", r.Sessions, &l.Sessions}, {"dedupe", r.Dedupe, &l.Dedupe}}
}

// limits returns the retention limits: the defaults, overridden by the
// days the file gives.
func (r retentionConfig) limits() protection.Limits {
	l := protection.DefaultLimits()
	for _, k := range r.kinds(&l) {
		if k.days != nil {
			*k.dst = time.Duration(*k.days) * protection.Day
		}
	}
	return l
}

// trustedProxies parses the trusted_proxies prefixes (checked when loading).
func (c *serveConfig) trustedProxies() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range c.TrustedProxies {
		if p, err := parsePrefix(s); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// parsePrefix reads a CIDR prefix, or a single address as its own prefix.
func parsePrefix(s string) (netip.Prefix, error) {
	if a, err := netip.ParseAddr(s); err == nil {
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return p.Masked(), nil
}

// keyLines maps each key of the document to its line: "smtp" and
// "smtp.tls" (mappings only; list items are not entered).
func keyLines(data []byte) map[string]int {
	var doc yaml.Node
	out := map[string]int{}
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return out
	}
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := prefix + n.Content[i].Value
			out[k] = n.Content[i].Line
			walk(n.Content[i+1], k+".")
		}
	}
	walk(doc.Content[0], "")
	return out
}

type apiConfig struct {
	Graph        string `yaml:"graph"`
	GraphVersion string `yaml:"graph_version"`
	Instagram    string `yaml:"instagram"`
	X            string `yaml:"x"`
}

type metaConfig struct {
	AppSecret   *secretRef `yaml:"app_secret"`
	VerifyToken *secretRef `yaml:"verify_token"`
}

type xAppConfig struct {
	ConsumerSecret *secretRef `yaml:"consumer_secret"`
}

type pollConfig struct {
	X         duration `yaml:"x"`
	WordPress duration `yaml:"wordpress"`
}

type smtpConfig struct {
	Host      string     `yaml:"host"`
	Port      int        `yaml:"port"`
	TLS       string     `yaml:"tls"` // mandatory (default), implicit, none
	Username  string     `yaml:"username"`
	Password  *secretRef `yaml:"password"`
	From      string     `yaml:"from"`
	DefaultTo string     `yaml:"default_to"`
}

type practiceCfg struct {
	ID        string       `yaml:"id"`
	Profile   string       `yaml:"profile"`
	Facebook  *fbConfig    `yaml:"facebook"`
	Instagram *igConfig    `yaml:"instagram"`
	X         *xUserConfig `yaml:"x"`
	WordPress *wpConfig    `yaml:"wordpress"`
	line      int
}

type fbConfig struct {
	PageID string     `yaml:"page_id"`
	Token  *secretRef `yaml:"token"`
}

type igConfig struct {
	AccountID string     `yaml:"account_id"`
	Token     *secretRef `yaml:"token"`
}

type xUserConfig struct {
	UserID string     `yaml:"user_id"`
	Token  *secretRef `yaml:"token"`
}

type wpConfig struct {
	BaseURL       string     `yaml:"base_url"`
	User          string     `yaml:"user"`
	AppPassword   *secretRef `yaml:"app_password"`
	WebhookSecret *secretRef `yaml:"webhook_secret"`
}

// secretRef says where a secret is: an environment variable or a file.
type secretRef struct {
	Env  string `yaml:"env"`
	File string `yaml:"file"`
	line int
}

// UnmarshalYAML refuses inline secrets, so one never lands in a file that
// is copied, committed or pasted into a support request.
func (s *secretRef) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: a secret is never written inline: give {env: NAME} or {file: PATH}", n.Line)
	}
	type plain secretRef
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	if (p.Env == "") == (p.File == "") {
		return fmt.Errorf("line %d: a secret needs exactly one of env or file", n.Line)
	}
	*s = secretRef(p)
	s.line = n.Line
	return nil
}

// resolve reads the secret. Messages name where it was looked for, never its value.
func (s *secretRef) resolve(getenv func(string) string, dir string) ([]byte, error) {
	if s == nil {
		return nil, nil
	}
	if s.Env != "" {
		v := getenv(s.Env)
		if v == "" {
			return nil, fmt.Errorf("line %d: environment variable %s is empty or unset", s.line, s.Env)
		}
		return []byte(v), nil
	}
	p := s.File
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("line %d: reading secret file: %w", s.line, err)
	}
	b = bytes.TrimRight(b, "\r\n")
	if len(b) == 0 {
		return nil, fmt.Errorf("line %d: secret file %s is empty", s.line, s.File)
	}
	return b, nil
}

// duration is a time.Duration written as "1m", "30s".
type duration time.Duration

func (d *duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v <= 0 {
		return fmt.Errorf("line %d: %q is not a positive duration like 30s or 2m", n.Line, n.Value)
	}
	*d = duration(v)
	return nil
}

func (p *practiceCfg) UnmarshalYAML(n *yaml.Node) error {
	type plain practiceCfg
	var v plain
	if err := n.Decode(&v); err != nil {
		return err
	}
	*p = practiceCfg(v)
	p.line = n.Line
	return nil
}

var (
	yamlLineRE  = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownKey  = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
	practiceIDs = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
)

// configErrors turns the YAML library's errors into "file:line: message".
func configErrors(name string, err error) error {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var out []string
	for _, m := range msgs {
		if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
			msg := sm[2]
			if k := unknownKey.FindStringSubmatch(msg); k != nil {
				msg = fmt.Sprintf("unknown key %q", k[1])
			}
			m = name + ":" + sm[1] + ": " + msg
		} else {
			m = name + ": " + m
		}
		out = append(out, m)
	}
	return errors.New(strings.Join(out, "\n"))
}

// loadServeConfig reads and checks the config file at path.
func loadServeConfig(path string) (*serveConfig, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return parseServeConfig(path, b)
}

// parseServeConfig decodes strictly (unknown keys are errors, with their
// line) and checks what the decoder cannot.
func parseServeConfig(name string, data []byte) (*serveConfig, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c serveConfig
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the config is empty", name)
		}
		return nil, configErrors(name, err)
	}
	c.path = name
	c.lines = keyLines(data)
	if c.Listen == "" {
		c.Listen = "127.0.0.1:8080"
	}
	var errs []string
	at := func(key string) int { return c.lines[key] } // 0 when the key is absent
	bad := func(line int, format string, args ...any) {
		prefix := name + ": "
		if line > 0 {
			prefix = name + ":" + strconv.Itoa(line) + ": "
		}
		errs = append(errs, prefix+fmt.Sprintf(format, args...))
	}
	if isPostgresDSN(c.Database) {
		u, err := url.Parse(c.Database)
		switch {
		case err != nil || u.Host == "":
			bad(at("database"), "database: not a postgres://user@host/dbname URL") // the value is not repeated: it may hold a password
		case hasPassword(u):
			bad(at("database"), "database: a password is never written in the config: give database_password {env: NAME} or {file: PATH}, or the whole URL in $%s", envDatabase)
		}
	} else if c.DatabasePassword != nil {
		bad(c.DatabasePassword.line, "database_password: only a postgres:// database takes a password")
	}
	for _, u := range []struct{ key, v string }{{"api.graph", c.API.Graph}, {"api.instagram", c.API.Instagram}, {"api.x", c.API.X}} {
		if u.v != "" {
			if pu, err := url.Parse(u.v); err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
				bad(at(u.key), "%s: %q is not an http(s) URL", u.key, u.v)
			}
		}
	}
	if len(c.Practices) == 0 {
		bad(at("practices"), "practices: at least one practice is required")
	}
	seen := map[string]bool{}
	for _, p := range c.Practices {
		switch {
		case !practiceIDs.MatchString(p.ID):
			bad(p.line, "practice id %q: use lower-case letters, digits, - and _", p.ID)
		case seen[p.ID]:
			bad(p.line, "practice %q appears twice", p.ID)
		}
		seen[p.ID] = true
		if p.Profile == "" {
			bad(p.line, "practice %q: profile is required", p.ID)
		}
		if p.Facebook != nil && (p.Facebook.PageID == "" || p.Facebook.Token == nil) {
			bad(p.line, "practice %q: facebook needs page_id and token", p.ID)
		}
		if p.Instagram != nil && (p.Instagram.AccountID == "" || p.Instagram.Token == nil) {
			bad(p.line, "practice %q: instagram needs account_id and token", p.ID)
		}
		if p.X != nil && (p.X.UserID == "" || p.X.Token == nil) {
			bad(p.line, "practice %q: x needs user_id and token", p.ID)
		}
		if w := p.WordPress; w != nil {
			if pu, err := url.Parse(w.BaseURL); err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
				bad(p.line, "practice %q: wordpress base_url %q is not an http(s) URL", p.ID, w.BaseURL)
			}
			if (w.User == "") != (w.AppPassword == nil) {
				bad(p.line, "practice %q: wordpress polling needs both user and app_password", p.ID)
			}
		}
	}
	if c.PublicURL != "" {
		if pu, err := url.Parse(c.PublicURL); err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
			bad(at("public_url"), "public_url: %q is not an http(s) URL", c.PublicURL)
		}
	}
	if c.SMTP != nil {
		if c.SMTP.Host == "" || c.SMTP.From == "" {
			bad(at("smtp"), "smtp: host and from are required")
		}
		switch c.SMTP.TLS {
		case "", "mandatory", "implicit", "none":
		default:
			bad(at("smtp.tls"), "smtp.tls: %q is not mandatory, implicit or none", c.SMTP.TLS)
		}
	}
	for i, pfx := range c.TrustedProxies {
		if _, err := parsePrefix(pfx); err != nil {
			bad(at("trusted_proxies"), "trusted_proxies[%d]: %q is not an address or a CIDR prefix like 10.0.0.0/8", i, pfx)
		}
	}
	r, negative := c.Retention, false
	for _, f := range r.kinds(&protection.Limits{}) {
		if f.days != nil && *f.days < 0 {
			bad(at("retention."+f.key), "retention.%s: %d days is negative (0 keeps it for ever)", f.key, *f.days)
			negative = true
		}
	}
	if err := r.limits().Validate(); err != nil && !negative {
		bad(at("retention"), "retention: %v", err)
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return &c, nil
}

// envDatabase overrides the config's database: a SQLite file or a
// postgres:// URL, which may carry its password since it is not in a file.
const envDatabase = "PAGEKEEPER_DATABASE"

func hasPassword(u *url.URL) bool {
	_, ok := u.User.Password()
	return ok
}

// database returns the database to open: $PAGEKEEPER_DATABASE when set,
// else the config's (a SQLite file relative to the config file, or a
// postgres:// URL given database_password). Errors never repeat the URL.
func (c *serveConfig) database(getenv func(string) string, secret func(*secretRef) []byte) (string, error) {
	dsn := getenv(envDatabase)
	if dsn == "" {
		dsn = c.Database
		if !isPostgresDSN(dsn) {
			dsn = c.rel(dsn)
		}
	}
	if dsn == "" {
		return "", fmt.Errorf("%s: database: give a SQLite file or a postgres:// URL, or set $%s", c.path, envDatabase)
	}
	if !isPostgresDSN(dsn) || c.DatabasePassword == nil {
		return dsn, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("database: not a postgres:// URL")
	}
	if hasPassword(u) {
		return dsn, nil // $PAGEKEEPER_DATABASE gave its own
	}
	pw := secret(c.DatabasePassword)
	if pw == nil {
		return "", nil // secret has recorded why
	}
	u.User = url.UserPassword(u.User.Username(), string(pw))
	return u.String(), nil
}

// rel resolves a path in the config relative to the config file's folder.
func (c *serveConfig) rel(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(c.path), p)
}
