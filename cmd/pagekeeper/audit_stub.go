package main

import "context"

// runAudit is replaced by the real command (issue 3); delete this file then.
func runAudit(ctx context.Context, env *Env, args []string) error {
	return notBuilt(env, "audit", args)
}
