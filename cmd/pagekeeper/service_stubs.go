package main

import (
	"context"
	"errors"
)

// These subcommands are being built (issue 3); each moves to a file of its own.

func notBuilt(env *Env, name string, args []string) error {
	fs := newFlags(env, name, "", "Not built yet (issue 3).")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New(name + ": not built yet")
}

func runServe(ctx context.Context, env *Env, args []string) error {
	return notBuilt(env, "serve", args)
}

func runAudit(ctx context.Context, env *Env, args []string) error {
	return notBuilt(env, "audit", args)
}

func runReport(ctx context.Context, env *Env, args []string) error {
	return notBuilt(env, "report", args)
}

func runImportPosts(ctx context.Context, env *Env, args []string) error {
	return notBuilt(env, "import-posts", args)
}
