// Command pagekeeper turns a GP practice's patient social-media guidance into
// an enforced, auditable policy on the practice's own pages.
//
// It is the only place that wires packages together; each subcommand lives in
// a file of its own.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	_ "time/tzdata" // surgery hours are kept in Europe/London on machines without a zone database
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// Env is what a subcommand reads and writes: standard streams and the process
// environment, passed in so tests can drive the whole program.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// IsTerminal reports whether Stderr is a terminal (progress bars are drawn only then).
	IsTerminal bool
}

// commands is the table of subcommands, in the order help lists them.
func commands() []command {
	return []command{
		{"demo", "show Pagekeeper judging a stream of posts for the demo practice", runDemo},
		{"check", "judge one post and explain the verdict", runCheck},
		{"classify", "judge posts given as JSON Lines on stdin (the judgement contract)", runClassify},
		{"eval", "measure the detectors against a labelled data set", runEval},
		{"render", "write a practice's patient-facing guidance from its profile", runRender},
		{"import", "read an existing guidance document into a profile", runImport},
		{"validate", "check a practice profile and report every problem", runValidate},
		{"serve", "run the service: webhooks, polling, actions, the staff pages", runServe},
		{"migrate", "bring a SQLite or PostgreSQL database to this version's schema", runMigrate},
		{"import-posts", "judge historical posts from CSV or JSON Lines in shadow mode", runImportPosts},
		{"replay", "push a file of posts through judgement and storage at full speed (never acts)", runReplay},
		{"audit", "verify or export the hash-chained audit log", runAudit},
		{"report", "write the incident report for a post", runReport},
		{"users", "add the staff who sign in to the staff pages", runUsers},
		{"subject", "export or erase one poster's data (subject access, erasure)", runSubject},
		{"keygen", "make a key for encrypting posts and evidence at rest", runKeygen},
		{"rekey", "re-encrypt the database under the newest key", runRekey},
	}
}

// errUsage marks an error already explained by a usage message.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, IsTerminal: isTerminal(os.Stderr)}
	code := Main(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main runs the program with args (without the program name) and returns the exit status.
func Main(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			return Main(ctx, env, []string{args[1], "--help"})
		}
		usage(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmds := commands()
	i := slices.IndexFunc(cmds, func(c command) bool { return c.name == args[0] })
	if i < 0 {
		fmt.Fprintf(env.Stderr, "pagekeeper: unknown command %q\n\n", args[0])
		usage(env.Stderr)
		return 2
	}
	err := cmds[i].run(ctx, env, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintf(env.Stderr, "pagekeeper %s: %v\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Pagekeeper enforces a GP practice's social media guidance on its own pages.")
	fmt.Fprintln(w, "\nUsage: pagekeeper <command> [flags]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'pagekeeper <command> --help' for a command's flags.")
}

// newFlags returns a flag set for a subcommand that prints its usage to env.Stderr.
func newFlags(env *Env, name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: pagekeeper %s %s\n\n%s\n", name, synopsis, strings.TrimSpace(about))
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(env.Stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args, turning flag errors into errUsage (already printed).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
