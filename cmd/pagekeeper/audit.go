package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

const auditAbout = `
Check or copy a practice's hash-chained audit log.

  verify   walk every entry, recompute its hash and check it links to the
           one before; print "ok: N entries, head HASH" or name the first
           bad entry and what is wrong (exit status 1)
  export   write the log as JSON Lines, which an auditor can check without
           the database

Record the head hash somewhere else (the IG lead's file): verify --head
SEQ:HASH then also shows whether entries were cut off the end.`

// runAudit runs the audit subcommands.
func runAudit(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "audit", "verify|export --db FILE [flags]", auditAbout)
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	switch args[0] {
	case "verify":
		return runAuditVerify(ctx, env, args[1:])
	case "export":
		return runAuditExport(ctx, env, args[1:])
	case "-h", "-help", "--help", "help":
		fs.Usage()
		return flag.ErrHelp
	}
	fmt.Fprintf(env.Stderr, "pagekeeper audit: unknown subcommand %q\n\n", args[0])
	fs.Usage()
	return errUsage
}

// errVerifyFailed is returned once the failures are printed.
var errVerifyFailed = errors.New("the audit log did not verify")

func runAuditVerify(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "audit verify", "--db FILE [--practice ID] [--head SEQ:HASH]", `
Verify the practice's audit chain (every practice's, without --practice).
Prints "ok: N entries, head HASH", or names the first bad entry and what is
wrong with it and exits with status 1.`)
	dbPath := fs.String("db", "pagekeeper.db", "the SQLite database")
	practice := fs.String("practice", "", "the practice's id (default: every practice)")
	headFlag := fs.String("head", "", "a head recorded earlier, as SEQ:HASH, that the log must still hold (needs --practice)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || (*headFlag != "" && *practice == "") {
		fs.Usage()
		return errUsage
	}
	var known audit.Head
	if *headFlag != "" {
		var err error
		if known, err = parseHead(*headFlag); err != nil {
			fmt.Fprintf(env.Stderr, "pagekeeper audit verify: %v\n", err)
			return errUsage
		}
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ids, err := auditPractices(ctx, db, *practice)
	if err != nil {
		return err
	}
	failed := false
	for _, id := range ids {
		prefix := ""
		if len(ids) > 1 {
			prefix = id + ": "
		}
		head, err := audit.VerifyAgainst(ctx, db, id, known)
		var ve *audit.VerifyError
		switch {
		case errors.As(err, &ve):
			failed = true
			fmt.Fprintf(env.Stdout, "%sFAILED at entry %d: %v\n", prefix, ve.Seq, ve.Err)
		case err != nil:
			return fmt.Errorf("practice %s: %w", id, err)
		case head.Seq == 0:
			fmt.Fprintf(env.Stdout, "%sok: 0 entries\n", prefix)
		default:
			fmt.Fprintf(env.Stdout, "%sok: %d entries, head %s\n", prefix, head.Seq, head.Hash)
		}
	}
	if failed {
		return errVerifyFailed
	}
	return nil
}

func runAuditExport(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "audit export", "--db FILE [--practice ID] [--out FILE]", `
Write the practice's audit log as JSON Lines, one entry a line in sequence
order, with the hashes that chain them. The head is printed on stderr.
Entries hold ids, categories and hashes, never what a patient wrote.`)
	dbPath := fs.String("db", "pagekeeper.db", "the SQLite database")
	practice := fs.String("practice", "", "the practice's id (default: the only practice)")
	out := fs.String("out", "", "where to write the export (default stdout)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ids, err := auditPractices(ctx, db, *practice)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return fmt.Errorf("the database holds %d practices (%s): choose one with --practice", len(ids), strings.Join(ids, ", "))
	}
	var head audit.Head
	err = writeOutput(env, *out, func(w io.Writer) error {
		head, err = audit.Export(ctx, db, ids[0], w)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "exported %d entries of practice %s, head %s\n", head.Seq, ids[0], head.Hash)
	return nil
}

// parseHead reads "SEQ:HASH".
func parseHead(s string) (audit.Head, error) {
	seq, hash, ok := strings.Cut(s, ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n < 1 || len(hash) != 64 {
		return audit.Head{}, fmt.Errorf("--head %q: want SEQ:HASH, e.g. 42:%s", s, strings.Repeat("0", 64))
	}
	return audit.Head{Seq: n, Hash: strings.ToLower(hash)}, nil
}

// openExisting opens the database at path, which must exist: opening
// would otherwise create an empty one, and an empty log verifies.
func openExisting(ctx context.Context, path string) (*sqlite.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	return sqlite.Open(ctx, path)
}

// auditPractices returns id if the practice exists, or every practice's id if
// id is "".
func auditPractices(ctx context.Context, db store.Practices, id string) ([]string, error) {
	if id != "" {
		if _, err := db.Practice(ctx, id); errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("no practice %q in the database", id)
		} else if err != nil {
			return nil, err
		}
		return []string{id}, nil
	}
	ps, err := db.ListPractices(ctx)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, errors.New("the database holds no practices")
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids, nil
}
