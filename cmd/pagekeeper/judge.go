package main

import (
	"context"
	"errors"
)

func runCheck(ctx context.Context, env *Env, args []string) error    { return errors.New("todo") }
func runClassify(ctx context.Context, env *Env, args []string) error { return errors.New("todo") }
func runEval(ctx context.Context, env *Env, args []string) error     { return errors.New("todo") }
