package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/protection"
	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

const subjectAbout = `
Answer a poster's data-protection request for one practice.

  export   write, as JSON, every post the poster wrote on the practice's
           pages (any channel), with its earlier versions, the decisions and
           findings, the actions taken, the evidence and photos kept, the
           review, and any page ban: the answer to a subject-access request
  erase    blank the text, payloads, name, links and earlier versions of
           every post by the poster and delete their evidence and photos,
           keeping what was decided and done (ids, times, categories,
           actions) and the audit log; one audit entry records it

erase refuses while any of the posts is still being dealt with (an action
not yet carried out, or an escalation or safeguarding concern no one has
reviewed), because the people handling it need what was written; give
--reason to erase anyway, and the reason goes in the audit log.`

// runSubject runs the subject subcommands.
func runSubject(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "subject", "export|erase --database FILE|URL --practice ID --author AUTHOR_ID [flags]", subjectAbout)
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	switch args[0] {
	case "export":
		return runSubjectExport(ctx, env, args[1:])
	case "erase":
		return runSubjectErase(ctx, env, args[1:])
	case "-h", "-help", "--help", "help":
		fs.Usage()
		return flag.ErrHelp
	}
	fmt.Fprintf(env.Stderr, "pagekeeper subject: unknown subcommand %q\n\n", args[0])
	fs.Usage()
	return errUsage
}

// subjectFlags are the flags both subcommands take.
type subjectFlags struct {
	db, practice, author, keys *string
}

func addSubjectFlags(fs *flag.FlagSet) subjectFlags {
	f := subjectFlags{
		db:       fs.String("database", "", "the database: a SQLite file or a postgres:// URL"),
		practice: fs.String("practice", "", "the practice's id"),
		author:   fs.String("author", "", "the poster's platform id (the author id on the post)"),
		keys:     fs.String("keys", "", "the key ring, if the database is encrypted (serve's encryption_keys)"),
	}
	fs.StringVar(f.db, "db", "", "the same as --database")
	return f
}

// open opens the database, wrapped with the key ring if one is given.
func (f subjectFlags) open(ctx context.Context) (store.ProtectedStore, error) {
	var ring *sealed.Keyring
	if *f.keys != "" {
		var err error
		if ring, err = sealed.LoadKeyring(*f.keys); err != nil {
			return nil, err
		}
	}
	db, err := openProtected(ctx, *f.db)
	if err != nil {
		return nil, err
	}
	if ring == nil {
		return db, nil
	}
	return sealed.Wrap(db, ring), nil
}

// openProtected opens an existing database (a SQLite file, which must
// exist, or a postgres:// URL) whose backend implements store.Protection.
func openProtected(ctx context.Context, dsn string) (store.ProtectedStore, error) {
	if !isPostgresDSN(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("opening the database: %w", err)
		}
	}
	b, err := openBackend(ctx, dsn)
	if err != nil {
		return nil, err
	}
	ps, ok := b.Store.(store.ProtectedStore)
	if !ok {
		b.Close()
		return nil, fmt.Errorf("the %s store does not support retention, erasure or rekeying", b.Name)
	}
	return ps, nil
}

func runSubjectExport(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "subject export", "--database FILE|URL --practice ID --author AUTHOR_ID [--keys FILE|DIR] [--out FILE]", `
Write everything the practice holds by the poster as JSON (see 'pagekeeper
subject --help'). The output holds personal data: --out writes it to a file
readable only by you.`)
	f := addSubjectFlags(fs)
	out := fs.String("out", "", "where to write the export (default stdout)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *f.db == "" || *f.practice == "" || *f.author == "" {
		fs.Usage()
		return errUsage
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	x, err := protection.Export(ctx, st, *f.practice, *f.author, time.Now())
	if err != nil {
		return err
	}
	if *f.keys == "" {
		if id, ok := sealedIn(x); ok {
			return fmt.Errorf("the database is encrypted (key %s): give the key ring with --keys", id)
		}
	}
	err = writeOutput(env, *out, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(x)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "exported %d posts and %d page bans of %s in practice %s\n", len(x.Posts), len(x.PageBans), *f.author, *f.practice)
	return nil
}

// sealedIn reports a ciphertext in an export made without the key ring.
func sealedIn(x protection.SubjectExport) (string, bool) {
	for _, p := range x.Posts {
		vals := []string{p.Text, p.AuthorName, string(p.Raw)}
		for _, e := range p.Evidence {
			vals = append(vals, e.Text, e.AuthorName)
		}
		for _, v := range vals {
			var s string
			if json.Unmarshal([]byte(v), &s) != nil {
				s = v
			}
			if id, ok := sealed.KeyID([]byte(s)); ok {
				return id, true
			}
		}
	}
	return "", false
}

func runSubjectErase(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "subject erase", "--database FILE|URL --practice ID --author AUTHOR_ID [--reason TEXT]", `
Erase what the poster wrote from the practice's records (see 'pagekeeper
subject --help'). Export first if the request also asks for a copy.`)
	f := addSubjectFlags(fs)
	reason := fs.String("reason", "", "why to erase although posts are still being dealt with (goes in the audit log: no patient details)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *f.db == "" || *f.practice == "" || *f.author == "" {
		fs.Usage()
		return errUsage
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := protection.Erase(ctx, st, protection.EraseRequest{PracticeID: *f.practice, AuthorID: *f.author,
		Actor: "cli", Reason: *reason, Now: time.Now()})
	var oe *protection.OpenError
	if errors.As(err, &oe) {
		return fmt.Errorf("nothing erased: %w", err)
	}
	if err != nil {
		return err
	}
	note := ""
	if res.Override {
		note = " (some were still being dealt with; the reason is in the audit log)"
	}
	fmt.Fprintf(env.Stdout, "erased the content of %d posts by %s in practice %s%s\n", len(res.Posts), *f.author, *f.practice, note)
	return nil
}
