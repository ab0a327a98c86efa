package main

import "context"

// runImportPosts is replaced by the real command (issue 3); delete this file then.
func runImportPosts(ctx context.Context, env *Env, args []string) error {
	return notBuilt(env, "import-posts", args)
}
