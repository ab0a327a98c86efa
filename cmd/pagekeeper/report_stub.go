package main

import "context"

// runReport is replaced by the real command (issue 3); delete this file then.
func runReport(ctx context.Context, env *Env, args []string) error {
	return notBuilt(env, "report", args)
}
