package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// runRender writes a practice's patient-facing guidance to stdout.
func runRender(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "render", "--practice FILE [--format text|markdown|html]", `
Write the practice's patient-facing "Patient Social Media Guidance" from its
profile: plain text, Markdown, or a complete printable HTML page. The wording
follows the profile's guidance settings.`)
	path := fs.String("practice", "", "the practice profile (YAML)")
	format := fs.String("format", "text", "output format: text, markdown or html")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	f, err := profile.ParseFormat(*format)
	if err != nil {
		fmt.Fprintf(env.Stderr, "pagekeeper render: %v\n", err)
		return errUsage
	}
	p, err := profile.LoadFile(*path)
	if err != nil {
		return err
	}
	return profile.Render(env.Stdout, p, f)
}

// runImport reads an existing guidance document and writes the profile it
// describes, reporting on stderr what it could not map or had to guess.
func runImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "import", "--guidance FILE [--out FILE]", `
Read a practice's existing guidance document (plain text, Markdown or Word
.docx; "-" reads text from stdin) and write a practice profile (YAML) with its
name, channels, links and the wording of every clause. Sentences it cannot map
and settings it had to guess are reported on stderr and marked in the YAML.
Check the profile, then run 'pagekeeper validate' and 'pagekeeper render'.`)
	in := fs.String("guidance", "", "the guidance document (.txt, .md or .docx; - for stdin)")
	out := fs.String("out", "", "where to write the profile (default stdout)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *in == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	var (
		data []byte
		err  error
	)
	if *in == "-" {
		data, err = io.ReadAll(env.Stdin)
	} else {
		data, err = os.ReadFile(*in)
	}
	if err != nil {
		return fmt.Errorf("reading guidance: %w", err)
	}
	p, report, err := profile.Import(*in, data)
	if err != nil {
		return err
	}
	y, err := profile.MarshalImport(p, report, filepath.Base(*in))
	if err != nil {
		return err
	}
	for _, line := range report.Lines() {
		fmt.Fprintf(env.Stderr, "pagekeeper import: %s\n", line)
	}
	if *out == "" {
		_, err = env.Stdout.Write(y)
		return err
	}
	if err := os.WriteFile(*out, y, 0o644); err != nil {
		return fmt.Errorf("writing profile: %w", err)
	}
	fmt.Fprintf(env.Stderr, "pagekeeper import: wrote %s (%s, channels %s)\n", *out, p.Name, channelList(p))
	return nil
}

// channelList names a profile's channels for a message.
func channelList(p *profile.Profile) string {
	names := make([]string, len(p.Channels))
	for i, ch := range p.Channels {
		names[i] = string(ch)
	}
	return strings.Join(names, ", ")
}
