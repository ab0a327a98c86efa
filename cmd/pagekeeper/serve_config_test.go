package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/protection"
)

const goodConfig = `listen: 127.0.0.1:0
database: pk.db
meta:
  app_secret: {env: PK_META_SECRET}
  verify_token: {file: verify.txt}
practices:
  - id: ashgrove
    profile: demo.yaml
    facebook: {page_id: "104729381122334", token: {env: PK_FB_TOKEN}}
`

func TestParseServeConfig(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // "" for no error, else a substring of the error
	}{
		{"good", goodConfig, ""},
		{"unknown key names its line", goodConfig + "colour: blue\n", "cfg.yaml:10: unknown key \"colour\""},
		{"nested unknown key", strings.Replace(goodConfig, "database: pk.db", "database: pk.db\napi: {grpah: x}", 1), "cfg.yaml:3: unknown key \"grpah\""},
		{"inline secret refused", strings.Replace(goodConfig, "{env: PK_META_SECRET}", "hunter2", 1), "cfg.yaml:4: a secret is never written inline"},
		{"secret with both", strings.Replace(goodConfig, "{env: PK_META_SECRET}", "{env: A, file: b}", 1), "exactly one of env or file"},
		{"no database (PAGEKEEPER_DATABASE may give it)", strings.Replace(goodConfig, "database: pk.db\n", "", 1), ""},
		{"postgres", strings.Replace(goodConfig, "database: pk.db", "database: postgres://pk@db.internal:5432/pagekeeper\ndatabase_password: {env: PK_DB_PW}", 1), ""},
		{"postgres password inline", strings.Replace(goodConfig, "database: pk.db", "database: postgres://pk:hunter2@db.internal/pagekeeper", 1), "database: a password is never written in the config"},
		{"postgres password as a plain string", strings.Replace(goodConfig, "database: pk.db", "database: postgres://pk@db/pk\ndatabase_password: hunter2", 1), "a secret is never written inline"},
		{"postgres without host", strings.Replace(goodConfig, "database: pk.db", "database: postgres:///pagekeeper", 1), "database: not a postgres"},
		{"password for sqlite", strings.Replace(goodConfig, "database: pk.db", "database: pk.db\ndatabase_password: {env: PK_DB_PW}", 1), "database_password: only a postgres"},
		{"bad practice id", strings.Replace(goodConfig, "id: ashgrove", "id: Ash Grove", 1), "cfg.yaml:7: practice id"},
		{"facebook without token", strings.Replace(goodConfig, ", token: {env: PK_FB_TOKEN}", "", 1), "facebook needs page_id and token"},
		{"bad duration", goodConfig + "poll: {x: soon}\n", "not a positive duration"},
		{"bad api url", goodConfig + "api: {graph: ftp://x}\n", "api.graph"},
		{"empty", "", "empty"},
		{"bad api url names its line", goodConfig + "api: {graph: ftp://x}\n", "cfg.yaml:10: api.graph"},
		{"smtp without host names its line", goodConfig + "smtp:\n  from: a@b.example\n", "cfg.yaml:10: smtp: host and from"},
		{"smtp tls names its line", goodConfig + "smtp:\n  host: h\n  from: a@b.example\n  tls: maybe\n", "cfg.yaml:13: smtp.tls"},
		{"bad public url names its line", goodConfig + "public_url: nope\n", "cfg.yaml:10: public_url"},
		{"encryption keys", goodConfig + "encryption_keys: /etc/pagekeeper/keys\n", ""},
		{"trusted proxies", goodConfig + "trusted_proxies: [10.0.0.0/8, 192.0.2.7, \"2001:db8::/32\"]\n", ""},
		{"bad trusted proxy", goodConfig + "trusted_proxies: [10.0.0.0/8, proxy.internal]\n", "cfg.yaml:10: trusted_proxies[1]: \"proxy.internal\""},
		{"retention", goodConfig + "retention:\n  post_content: 30\n  evidence: 0\n  decisions: 0\n", ""},
		{"negative retention names its line", goodConfig + "retention:\n  post_content: 30\n  evidence: -1\n", "cfg.yaml:12: retention.evidence: -1 days is negative"},
		{"decisions kept shorter than content", goodConfig + "retention:\n  post_content: 400\n  decisions: 30\n", "cfg.yaml:10: retention: retention limit decisions"},
		{"retention not a number", goodConfig + "retention:\n  evidence: forever\n", "cfg.yaml:11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseServeConfig("cfg.yaml", []byte(tt.yaml))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestServeConfigResolvesSecrets(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "verify.txt"), []byte("tok-from-file\n"), 0o600)
	b, _ := os.ReadFile("../../examples/demo.yaml")
	os.WriteFile(filepath.Join(dir, "demo.yaml"), b, 0o600)
	path := filepath.Join(dir, "cfg.yaml")
	os.WriteFile(path, []byte(goodConfig), 0o600)
	c, err := loadServeConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PK_META_SECRET": "s3cret", "PK_FB_TOKEN": "fbtoken"}
	cfg, err := c.appConfig(func(k string) string { return env[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(cfg.MetaAppSecret) != "s3cret" || cfg.MetaVerifyToken != "tok-from-file" {
		t.Errorf("secrets %q %q", cfg.MetaAppSecret, cfg.MetaVerifyToken)
	}
	if cfg.DBPath != filepath.Join(dir, "pk.db") {
		t.Errorf("database %q is not relative to the config", cfg.DBPath)
	}
	if len(cfg.Practices) != 1 || cfg.Practices[0].Web.FacebookPageID != "104729381122334" || cfg.Practices[0].Platforms["facebook"] == nil {
		t.Errorf("practice not wired: %+v", cfg.Practices)
	}
	delete(env, "PK_FB_TOKEN")
	_, err = c.appConfig(func(k string) string { return env[k] }, nil)
	if err == nil || !strings.Contains(err.Error(), "PK_FB_TOKEN is empty or unset") {
		t.Errorf("missing secret: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), "s3cret") {
		t.Error("an error message carries a secret")
	}
}

func TestServeConfigRetentionAndProxies(t *testing.T) {
	c, err := parseServeConfig("cfg.yaml", []byte(goodConfig+"trusted_proxies: [10.0.0.0/8, 192.0.2.7]\nretention:\n  post_content: 30\n  evidence: 0\n  decisions: 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	l := c.Retention.limits()
	def := protection.DefaultLimits()
	if l.PostContent != 30*protection.Day || l.Evidence != 0 || l.Decisions != 0 || l.Sessions != def.Sessions || l.Dedupe != def.Dedupe {
		t.Errorf("limits %+v: want post content 30 days, evidence and decisions for ever, the rest default", l)
	}
	got := c.trustedProxies()
	if len(got) != 2 || got[0].String() != "10.0.0.0/8" || got[1].String() != "192.0.2.7/32" {
		t.Errorf("trusted proxies %v", got)
	}
}

func TestExampleServeConfigParses(t *testing.T) {
	if _, err := loadServeConfig("../../examples/serve.yaml"); err != nil {
		t.Fatal(err)
	}
}

func TestServeConfigDatabase(t *testing.T) {
	dir := t.TempDir()
	b, _ := os.ReadFile("../../examples/demo.yaml")
	os.WriteFile(filepath.Join(dir, "demo.yaml"), b, 0o600)
	os.WriteFile(filepath.Join(dir, "pw.txt"), []byte("from-file\n"), 0o600)
	const pg = "database: postgres://pk@db.internal:5432/pagekeeper?sslmode=verify-full\n"
	tests := []struct {
		name, database string
		env            map[string]string
		want, wantErr  string
	}{
		{"sqlite relative to the config", "database: pk.db\n", nil, filepath.Join(dir, "pk.db"), ""},
		{"environment overrides the file", "database: pk.db\n", map[string]string{envDatabase: "postgres://pk:envpw@h/db"}, "postgres://pk:envpw@h/db", ""},
		{"environment alone", "", map[string]string{envDatabase: "/srv/pk.db"}, "/srv/pk.db", ""},
		{"postgres without a password", pg, nil, "postgres://pk@db.internal:5432/pagekeeper?sslmode=verify-full", ""},
		{"postgres password from env", pg + "database_password: {env: PK_DB_PW}\n", map[string]string{"PK_DB_PW": "s3cret"},
			"postgres://pk:s3cret@db.internal:5432/pagekeeper?sslmode=verify-full", ""},
		{"postgres password from a file", pg + "database_password: {file: pw.txt}\n", nil,
			"postgres://pk:from-file@db.internal:5432/pagekeeper?sslmode=verify-full", ""},
		{"postgres password unset", pg + "database_password: {env: PK_DB_PW}\n", nil, "", "PK_DB_PW is empty or unset"},
		{"none at all", "", nil, "", "database: give a SQLite file or a postgres:// URL, or set $PAGEKEEPER_DATABASE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "cfg.yaml")
			os.WriteFile(path, []byte(tt.database+"practices:\n  - id: ashgrove\n    profile: demo.yaml\n"), 0o600)
			c, err := loadServeConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := c.appConfig(func(k string) string { return tt.env[k] }, nil)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want one containing %q", err, tt.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case cfg.DBPath != tt.want:
				t.Errorf("database %q, want %q", cfg.DBPath, tt.want)
			}
		})
	}
}
