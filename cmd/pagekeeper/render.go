package main

import (
	"context"
	"errors"
)

// runRender is written by the guidance work (render.go).
func runRender(ctx context.Context, env *Env, args []string) error {
	return errors.New("render: not yet built")
}

// runImport is written by the guidance work (import.go).
func runImport(ctx context.Context, env *Env, args []string) error {
	return errors.New("import: not yet built")
}
