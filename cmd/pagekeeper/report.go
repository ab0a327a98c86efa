package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/report"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// runReport writes the incident report for one post.
func runReport(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "report", "--db FILE --practice-profile FILE [--practice ID] [--out FILE] POST-ID", `
Write the incident report for a post as one HTML page: the post with the
passages behind each finding marked, the clause of the guidance each falls
under (quoted), the actions taken, the evidence kept with its SHA-256 and
whether it is intact, the post's audit trail and whether the practice's
audit chain verifies. Open it in a browser and print or "Save as PDF".

The report holds what the patient wrote: keep it as you keep other records
with patient data.`)
	dbPath := fs.String("db", "pagekeeper.db", "the SQLite database")
	profilePath := fs.String("practice-profile", "", "the practice profile (YAML), for the practice's name and the guidance's wording")
	practice := fs.String("practice", "", "the practice's id in the database (default: the profile's ODS code or file name, or the only practice)")
	out := fs.String("out", "", "where to write the report (default stdout)")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if *profilePath == "" || len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	postID, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || postID < 1 {
		fmt.Fprintf(env.Stderr, "pagekeeper report: post id %q is not a number\n", pos[0])
		return errUsage
	}
	p, err := profile.LoadFile(*profilePath)
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := reportPractice(ctx, db, *practice, p, *profilePath)
	if err != nil {
		return err
	}
	r, err := report.Build(ctx, db, p, id, postID, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("practice %s has no post %d", id, postID)
	} else if err != nil {
		return err
	}
	if err := writeOutput(env, *out, r.WriteHTML); err != nil {
		return err
	}
	if r.Chain.Err != nil {
		fmt.Fprintf(env.Stderr, "pagekeeper report: warning: the audit chain does not verify (entry %d); the report says so\n", r.Chain.BadSeq())
	}
	if len(r.ReportedClauses()) == 0 {
		fmt.Fprintf(env.Stderr, "pagekeeper report: note: no finding on post %d falls under clause 4 or 8\n", postID)
	}
	if *out != "" {
		fmt.Fprintf(env.Stderr, "wrote the report on post %d to %s\n", postID, *out)
	}
	return nil
}

// reportPractice finds the practice id: the one given; else the profile's
// ODS code or file name, as import-posts records it; else the one practice
// of that name.
func reportPractice(ctx context.Context, db *sqlite.DB, id string, p *profile.Profile, path string) (string, error) {
	if id != "" {
		ids, err := auditPractices(ctx, db, id)
		if err != nil {
			return "", err
		}
		return ids[0], nil
	}
	for _, guess := range []string{p.ODSCode, trimExt(filepath.Base(path))} {
		if guess == "" {
			continue
		}
		if _, err := db.Practice(ctx, guess); err == nil {
			return guess, nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return "", err
		}
	}
	ps, err := db.ListPractices(ctx)
	if err != nil {
		return "", err
	}
	var named []string
	for _, x := range ps {
		if x.Name == p.Name {
			named = append(named, x.ID)
		}
	}
	if len(named) == 1 {
		return named[0], nil
	}
	return "", fmt.Errorf("cannot tell which practice in the database is %s: give --practice", p.Name)
}

func trimExt(name string) string { return name[:len(name)-len(filepath.Ext(name))] }

// parseFlagsAnywhere parses flags that may come before or after the
// positional arguments ("report 12 --out r.html") and returns the latter.
func parseFlagsAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// writeOutput writes through write to the file at path, or to stdout if
// path is "". A file is written beside its final name and renamed into
// place, so a failed run never leaves half a report or export.
func writeOutput(env *Env, path string, write func(io.Writer) error) error {
	if path == "" {
		w := bufio.NewWriter(env.Stdout)
		if err := write(w); err != nil {
			return err
		}
		return w.Flush()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
