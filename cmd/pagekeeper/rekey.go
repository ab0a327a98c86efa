package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/sealed"
)

const rekeyAbout = `
Re-encrypt every encrypted value in the database under the newest key of
the ring, and encrypt values stored in the clear (rows written before
encryption was turned on). Afterwards no row needs an older key, and the
older keys can be removed from the ring.

It works in batches that commit by themselves, so it can run while serve
does and can be run again after an interruption. A value under a key the
ring does not hold, or one that fails authentication, stops it with an
error naming the key.`

// runRekey re-encrypts the database under the newest key.
func runRekey(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "rekey", "--database FILE|URL --keys FILE|DIR", rekeyAbout)
	dbPath := fs.String("database", "", "the database: a SQLite file or a postgres:// URL")
	fs.StringVar(dbPath, "db", "", "the same as --database")
	keys := fs.String("keys", "", "the key ring: a key file or a directory of *.key files")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *dbPath == "" || *keys == "" {
		fs.Usage()
		return errUsage
	}
	ring, err := sealed.LoadKeyring(*keys)
	if err != nil {
		return err
	}
	db, err := openProtected(ctx, *dbPath)
	if err != nil {
		return err
	}
	st := sealed.Wrap(db, ring)
	defer st.Close()
	c, err := st.Rekey(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "rekeyed %d values to key %s; encrypted %d values stored in the clear\n",
		c.Rekeyed, ring.Newest(), c.Encrypted)
	if old := slices.DeleteFunc(ring.IDs(), func(id string) bool { return id == ring.Newest() }); len(old) > 0 {
		fmt.Fprintf(env.Stdout, "no row needs %s any more: remove it from the ring once backups made before now have expired\n",
			strings.Join(old, ", "))
	}
	return nil
}
