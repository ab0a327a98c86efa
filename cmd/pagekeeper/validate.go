package main

import (
	"context"
	"fmt"

	"github.com/pagekeeper/pagekeeper/internal/profile"
)

func runValidate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "validate", "--practice FILE", `
Check a practice profile: unknown keys, wrong types, bad web addresses, unknown
categories, actions or roles are each reported with the file and line.`)
	path := fs.String("practice", "", "the practice profile (YAML)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" {
		fs.Usage()
		return errUsage
	}
	p, err := profile.LoadFile(*path)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: ok (%s, %d staff, channels %v)\n", *path, p.Name, len(p.Staff), p.Channels)
	return nil
}
