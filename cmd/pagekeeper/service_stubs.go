package main

import "errors"

// notBuilt answers a command slot whose command is still being built (issue 3).
func notBuilt(env *Env, name string, args []string) error {
	fs := newFlags(env, name, "", "Not built yet (issue 3).")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New(name + ": not built yet")
}
