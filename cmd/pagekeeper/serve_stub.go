package main

import "context"

// runServe is replaced by the real command (issue 3); delete this file then.
func runServe(ctx context.Context, env *Env, args []string) error {
	return notBuilt(env, "serve", args)
}
