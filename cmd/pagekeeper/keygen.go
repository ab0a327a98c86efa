package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/sealed"
)

const keygenAbout = `
Make a new AES-256 key for encrypting posts and evidence at rest, and write
it to a new file readable only by its owner (0600). If --out is a directory
(the key ring serve's encryption_keys: names), the file is DIR/KEYID.key.
An existing file is never overwritten. The key itself is never printed.

The newest key of a ring encrypts and every key decrypts: add the new key to
the ring, restart serve, run 'pagekeeper rekey', then retire the old key
(docs/security-encryption.md).`

// runKeygen writes a new key file.
func runKeygen(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "keygen", "--out FILE|DIR", keygenAbout)
	out := fs.String("out", "", "the new key file, or the key ring directory to put it in")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *out == "" {
		fs.Usage()
		return errUsage
	}
	k, err := sealed.GenerateKey(rand.Reader, time.Now())
	if err != nil {
		return err
	}
	path, err := sealed.WriteKeyFile(*out, k)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote key %s to %s (mode 0600); keep a copy where the database's backups are not\n", k.ID, path)
	return nil
}
