package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// run drives the whole program as a user would, returning status, stdout and stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func TestHelp(t *testing.T) {
	code, out, _ := run(t, "", "--help")
	if code != 0 || !strings.Contains(out, "classify") {
		t.Errorf("--help = %d, %q", code, out)
	}
	for _, c := range commands() {
		code, _, errOut := run(t, "", c.name, "--help")
		if code != 0 || !strings.Contains(errOut, "Usage: pagekeeper "+c.name) {
			t.Errorf("%s --help = %d, %q", c.name, code, errOut)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := run(t, "", "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("unknown command = %d, %q", code, errOut)
	}
}

func TestValidateReportsFileAndLine(t *testing.T) {
	code, out, _ := run(t, "", "validate", "--practice", "../../examples/demo.yaml")
	if code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("validate demo = %d, %q", code, out)
	}
}
