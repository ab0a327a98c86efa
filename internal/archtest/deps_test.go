// Package archtest keeps the dependency rules of STYLE.md true: the domain
// vocabulary imports only the standard library; judging and deciding never
// reach storage, the web or platforms; detector families do not import each
// other; test fakes are imported only by tests (and by the demo command,
// which runs against them).
package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/pagekeeper/pagekeeper/"

type pkg struct {
	ImportPath string
	Imports    []string
	Standard   bool
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	cmd := exec.Command("go", "list", "-json", module+"...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func local(path string) (string, bool) {
	return strings.TrimPrefix(path, module), strings.HasPrefix(path, module)
}

func TestDependencyRules(t *testing.T) {
	pure := []string{"internal/moderation", "internal/detect", "internal/policy", "internal/textnorm", "internal/linear", "internal/profile"}
	forbidden := []string{"internal/sqlite", "internal/postgres", "internal/web", "internal/platform", "internal/store", "internal/jobs"}
	for _, p := range listPackages(t) {
		name, _ := local(p.ImportPath)
		for _, imp := range p.Imports {
			dep, isLocal := local(imp)
			if name == "internal/moderation" && (isLocal || strings.Contains(imp, ".")) {
				t.Errorf("%s imports %s: the domain vocabulary imports only the standard library", name, imp)
			}
			for _, pp := range pure {
				if name == pp || strings.HasPrefix(name, pp+"/") {
					for _, f := range forbidden {
						if dep == f || strings.HasPrefix(dep, f+"/") {
							t.Errorf("%s imports %s: judging and deciding never reach storage, web or platforms", name, imp)
						}
					}
				}
			}
			if strings.HasPrefix(name, "internal/detect/") && strings.HasPrefix(dep, "internal/detect/") {
				a, b := strings.SplitN(name, "/", 4)[2], strings.SplitN(dep, "/", 4)[2]
				if a != b {
					t.Errorf("%s imports %s: detector families do not import each other", name, imp)
				}
			}
			// The demo command ships the fake platforms (pagekeeper demo runs with
			// nothing to set up), so the command package alone may import them,
			// besides the benchmark harnesses under bench/, which are never shipped.
			if strings.HasSuffix(dep, "test") && isLocal && dep != "internal/archtest" && name != "cmd/pagekeeper" &&
				!strings.HasPrefix(name, "bench/") {
				t.Errorf("%s imports %s: test fakes are imported only from _test.go files and the demo command", name, imp)
			}
		}
	}
}
