package main

import (
	"context"
	"errors"
)

// These subcommands are being built (issue 3); each moves to a file of its own.

func runServe(ctx context.Context, env *Env, args []string) error {
	return errors.New("serve: not built yet")
}

func runAudit(ctx context.Context, env *Env, args []string) error {
	return errors.New("audit: not built yet")
}

func runReport(ctx context.Context, env *Env, args []string) error {
	return errors.New("report: not built yet")
}

func runImportPosts(ctx context.Context, env *Env, args []string) error {
	return errors.New("import-posts: not built yet")
}
