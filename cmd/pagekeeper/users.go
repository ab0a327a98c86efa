package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/web"
)

const usersAbout = `
Manage the staff who sign in to Pagekeeper's staff pages.

  users add   add a member of staff (the password is read from standard
              input or a file, never from a flag, so it stays out of shell
              history and process lists)`

// staffRoles are the roles 'users add' accepts.
var staffRoles = []string{store.RoleReception, store.RolePracticeManager, store.RoleIGLead, store.RoleAdmin}

// minPassword is the shortest password 'users add' accepts.
const minPassword = 10

func runUsers(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "users", "add --db FILE --email E --role R --practice ID", usersAbout)
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	switch args[0] {
	case "add":
		return runUsersAdd(ctx, env, args[1:])
	case "-h", "-help", "--help", "help":
		fs.Usage()
		return flag.ErrHelp
	}
	fmt.Fprintf(env.Stderr, "pagekeeper users: unknown subcommand %q\n\n", args[0])
	fs.Usage()
	return errUsage
}

// practiceList collects repeated --practice flags.
type practiceList []string

func (p *practiceList) String() string     { return strings.Join(*p, ",") }
func (p *practiceList) Set(v string) error { *p = append(*p, v); return nil }

func runUsersAdd(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "users add", "--db FILE --email E --role R --practice ID [--practice ID]... [--password-file FILE]", `
Add a member of staff who can sign in at /login. The password is the first
line of --password-file, or of standard input (at least 10 characters).
Roles: reception (the review queue: hide, restore, reply), practice_manager
(also escalations, incident reports, settings, users), ig_lead
(patient-information items, the audit log, exports), admin (everything,
every practice when no --practice is given).`)
	dbPath := fs.String("db", "pagekeeper.db", "the SQLite database the service uses")
	email := fs.String("email", "", "the email address they sign in with")
	name := fs.String("name", "", "their name (optional)")
	rl := fs.String("role", "", "reception, practice_manager, ig_lead or admin")
	pwFile := fs.String("password-file", "", "a file whose first line is the password (default: standard input)")
	var practices practiceList
	fs.Var(&practices, "practice", "a practice they work for (repeat for several)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0, *email == "", !strings.Contains(*email, "@"):
		fs.Usage()
		return errUsage
	case !slices.Contains(staffRoles, *rl):
		fmt.Fprintf(env.Stderr, "pagekeeper users add: --role must be one of %s\n", strings.Join(staffRoles, ", "))
		return errUsage
	case len(practices) == 0 && *rl != store.RoleAdmin:
		fmt.Fprintln(env.Stderr, "pagekeeper users add: give the practice they work for with --practice")
		return errUsage
	}
	password, err := readPassword(env.Stdin, *pwFile)
	if err != nil {
		return err
	}
	hash, err := web.HashPassword(password, web.DefaultPasswordParams)
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	u := store.User{Email: *email, Name: *name, Role: *rl, PasswordHash: hash, Practices: practices, CreatedAt: time.Now()}
	switch err := db.CreateUser(ctx, &u); {
	case errors.Is(err, store.ErrDuplicate):
		return fmt.Errorf("%s already has an account", *email)
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("a practice in %v is not in the database (run serve once with it in the config)", []string(practices))
	case err != nil:
		return err
	}
	fmt.Fprintf(env.Stdout, "added %s (%s) for %s\n", u.Email, u.Role, strings.Join(u.Practices, ", "))
	return nil
}

// readPassword reads the first line of the file at path, or of stdin when
// path is "".
func readPassword(stdin io.Reader, path string) (string, error) {
	r := stdin
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		defer f.Close()
		r = f
	}
	if r == nil {
		return "", errors.New("no password: give --password-file or pipe it on standard input")
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if len([]rune(line)) < minPassword {
		return "", fmt.Errorf("the password must be at least %d characters", minPassword)
	}
	return line, nil
}
