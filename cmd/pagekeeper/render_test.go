package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

const (
	quornProfile  = "../../examples/quorn.yaml"
	quornDocument = "../../internal/profile/testdata/seeds/quorn-medical-centre.txt"
)

func TestRender(t *testing.T) {
	p, err := profile.LoadFile(quornProfile)
	if err != nil {
		t.Fatalf("loading profile: %v", err)
	}
	tests := []struct {
		name   string
		format string
		want   profile.Format
	}{
		{"default text", "", profile.FormatText},
		{"text", "text", profile.FormatText},
		{"markdown", "markdown", profile.FormatMarkdown},
		{"md", "md", profile.FormatMarkdown},
		{"html", "html", profile.FormatHTML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"render", "--practice", quornProfile}
			if tt.format != "" {
				args = append(args, "--format", tt.format)
			}
			code, out, errOut := run(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			var want bytes.Buffer
			if err := profile.Render(&want, p, tt.want); err != nil {
				t.Fatalf("Render: %v", err)
			}
			if diff := cmp.Diff(want.String(), out); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRenderUsage(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: A\nchannels: [fax]\n"), 0o644); err != nil {
		t.Fatalf("writing profile: %v", err)
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"help", []string{"render", "--help"}, 0, "Usage: pagekeeper render --practice FILE"},
		{"help command", []string{"help", "render"}, 0, "--format"},
		{"no practice", []string{"render"}, 2, "Usage: pagekeeper render"},
		{"stray argument", []string{"render", "--practice", quornProfile, "extra"}, 2, "Usage: pagekeeper render"},
		{"unknown format", []string{"render", "--practice", quornProfile, "--format", "pdf"}, 2, `unknown format "pdf"`},
		{"unknown flag", []string{"render", "--colour"}, 2, "flag provided but not defined"},
		{"invalid profile", []string{"render", "--practice", bad}, 1, "bad.yaml:2: channels.0: unknown channel"},
		{"missing profile", []string{"render", "--practice", "no-such.yaml"}, 1, "reading profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			if !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, errOut)
			}
			if code != 0 && out != "" {
				t.Errorf("stdout on failure: %q", out)
			}
		})
	}
}

func TestImportToStdout(t *testing.T) {
	code, out, errOut := run(t, "", "import", "--guidance", quornDocument)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	p, err := profile.Parse("stdout", []byte(out))
	if err != nil {
		t.Fatalf("the imported profile does not load: %v\n%s", err, out)
	}
	want, err := profile.LoadFile(quornProfile)
	if err != nil {
		t.Fatalf("loading profile: %v", err)
	}
	if diff := cmp.Diff(want.Guidance, p.Guidance); diff != "" {
		t.Errorf("imported guidance (-want +got):\n%s", diff)
	}
	if !strings.Contains(errOut, "pagekeeper import: guessed links.complaints") {
		t.Errorf("stderr does not report the guessed complaints link:\n%s", errOut)
	}
}

func TestImportToFileThenRender(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "guidance.md")
	text := "# Patient Social Media Guidance\n\n" +
		"At Ashgrove Surgery, we have a Facebook page which provides a range of useful information for our patient population.\n\n" +
		"Patients are expected to always adhere to the following code of conduct:\n\n" +
		"1. Patients must not post comments on social media that identify any staff.\n" +
		"2. Patients must not sell anything on our pages.\n"
	if err := os.WriteFile(doc, []byte(text), 0o644); err != nil {
		t.Fatalf("writing document: %v", err)
	}
	out := filepath.Join(dir, "ashgrove.yaml")
	code, stdout, errOut := run(t, "", "import", "--guidance", doc, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if stdout != "" {
		t.Errorf("stdout with --out: %q", stdout)
	}
	for _, want := range []string{
		`unknown clause, kept as guidance.extra_clauses.0: "Patients must not sell anything on our pages."`,
		"guessed links.reviews",
		"wrote " + out + " (Ashgrove Surgery, channels facebook)",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code, _, errOut := run(t, "", "validate", "--practice", out); code != 0 {
		t.Errorf("validate the imported profile: exit %d, %s", code, errOut)
	}
	code, rendered, errOut := run(t, "", "render", "--practice", out)
	if code != 0 {
		t.Fatalf("render: exit %d, %s", code, errOut)
	}
	if !strings.Contains(rendered, "9. Patients must not sell anything on our pages.\n") {
		t.Errorf("rendered guidance lacks the extra clause:\n%s", rendered)
	}
}

func TestImportFromStdin(t *testing.T) {
	b, err := os.ReadFile(quornDocument)
	if err != nil {
		t.Fatalf("reading seed: %v", err)
	}
	code, out, errOut := run(t, string(b), "import", "--guidance", "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "name: Quorn Medical Centre\n") {
		t.Errorf("stdout lacks the practice's name:\n%s", out)
	}
}

func TestImportUsage(t *testing.T) {
	notDocx := filepath.Join(t.TempDir(), "guidance.docx")
	if err := os.WriteFile(notDocx, []byte("Patient Social Media Guidance\n"), 0o644); err != nil {
		t.Fatalf("writing document: %v", err)
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"help", []string{"import", "--help"}, 0, "Usage: pagekeeper import --guidance FILE [--out FILE]"},
		{"no guidance", []string{"import"}, 2, "Usage: pagekeeper import"},
		{"missing file", []string{"import", "--guidance", "no-such.txt"}, 1, "reading guidance"},
		{"not a docx", []string{"import", "--guidance", notDocx}, 1, "is not a .docx (zip) file"},
		{"unwritable out", []string{"import", "--guidance", quornDocument, "--out", "/no-such-dir/p.yaml"}, 1, "writing profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, "", tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			if !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, errOut)
			}
		})
	}
}
