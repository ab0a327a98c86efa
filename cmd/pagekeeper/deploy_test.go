package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The deployment files (deploy/) and guide (docs/deploy.md) name
// subcommands, flags and paths of this binary; these tests keep them true so
// they cannot silently rot when a command or flag is renamed.

const repoRoot = "../.."

// checkInvocation fails the test unless args (after "pagekeeper") name a
// subcommand, and a sub-subcommand where the command has them, whose help
// lists every --flag given.
func checkInvocation(t *testing.T, where string, args []string) {
	t.Helper()
	if len(args) == 0 {
		t.Errorf("%s: pagekeeper run with no command", where)
		return
	}
	if !slices.ContainsFunc(commands(), func(c command) bool { return c.name == args[0] }) {
		t.Errorf("%s: pagekeeper has no command %q", where, args[0])
		return
	}
	helpArgs := []string{args[0]}
	if len(args) > 1 && !strings.HasPrefix(args[1], "-") && !strings.ContainsAny(args[1], "/.") {
		helpArgs = append(helpArgs, args[1]) // audit verify, users add
	}
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := Main(context.Background(), env, append(helpArgs, "--help")); code != 0 {
		t.Errorf("%s: pagekeeper %s --help exits %d: %s", where, strings.Join(helpArgs, " "), code, errb.String())
		return
	}
	help := out.String() + errb.String()
	for _, a := range args[1:] {
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !regexp.MustCompile(`(?m)^\s+-` + regexp.QuoteMeta(name) + `\b`).MatchString(help) {
			t.Errorf("%s: pagekeeper %s has no flag %s", where, strings.Join(helpArgs, " "), a)
		}
	}
}

// unitDirectives reads a systemd unit into directive -> values.
func unitDirectives(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == '[' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Errorf("%s: line %q is not Key=Value", path, line)
			continue
		}
		d[k] = append(d[k], v)
	}
	return d
}

func TestDeploySystemdUnit(t *testing.T) {
	path := filepath.Join(repoRoot, "deploy", "pagekeeper.service")
	d := unitDirectives(t, path)
	for _, k := range []string{"ProtectSystem", "NoNewPrivileges", "PrivateTmp", "StateDirectory", "Restart", "EnvironmentFile", "ExecStart"} {
		if len(d[k]) == 0 {
			t.Errorf("%s has no %s=", path, k)
		}
	}
	if d["ProtectSystem"][0] != "strict" || d["NoNewPrivileges"][0] != "yes" || d["PrivateTmp"][0] != "yes" {
		t.Errorf("%s: hardening weakened: ProtectSystem=%v NoNewPrivileges=%v PrivateTmp=%v", path, d["ProtectSystem"], d["NoNewPrivileges"], d["PrivateTmp"])
	}
	if d["DynamicUser"][0] != "yes" && len(d["User"]) == 0 {
		t.Errorf("%s: runs as root (no DynamicUser= or User=)", path)
	}
	state := "/var/lib/" + d["StateDirectory"][0]
	if d["WorkingDirectory"][0] != state {
		t.Errorf("%s: WorkingDirectory=%s is not the StateDirectory %s", path, d["WorkingDirectory"][0], state)
	}
	conf := "/etc/" + d["ConfigurationDirectory"][0]
	for _, k := range []string{"ExecStartPre", "ExecStart"} {
		for _, v := range d[k] {
			args := strings.Fields(v)
			if args[0] != "/usr/local/bin/pagekeeper" {
				t.Errorf("%s: %s runs %s, want /usr/local/bin/pagekeeper", path, k, args[0])
			}
			checkInvocation(t, path+" "+k, args[1:])
			for _, a := range args {
				if strings.HasPrefix(a, "/etc/") && !strings.HasPrefix(a, conf+"/") {
					t.Errorf("%s: %s reads %s outside ConfigurationDirectory %s", path, k, a, conf)
				}
			}
		}
	}
	for _, v := range append(d["EnvironmentFile"], d["LoadCredential"]...) {
		if _, file, ok := strings.Cut(v, ":"); ok {
			v = file
		}
		if !strings.HasPrefix(strings.TrimPrefix(v, "-"), conf+"/") {
			t.Errorf("%s: secrets at %s, outside %s", path, v, conf)
		}
	}
	// The example config's database must be where the unit lets it write.
	serve, err := os.ReadFile(filepath.Join(repoRoot, "examples", "serve.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^database: ` + regexp.QuoteMeta(state) + `/`).Match(serve) {
		t.Errorf("examples/serve.yaml's database is not under %s, the only place the unit can write", state)
	}
	if sa, err := exec.LookPath("systemd-analyze"); err == nil {
		out, _ := exec.Command(sa, "verify", path).CombinedOutput()
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			// The binary is not installed on a build machine; anything else is a mistake.
			if l != "" && !strings.Contains(l, "is not executable") && !strings.Contains(l, "No such file") {
				t.Errorf("systemd-analyze verify: %s", l)
			}
		}
	}
}

func TestDeployDockerfile(t *testing.T) {
	path := filepath.Join(repoRoot, "deploy", "Dockerfile")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	mod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVer := regexp.MustCompile(`(?m)^go (1\.\d+)`).FindSubmatch(mod)
	if goVer == nil || !strings.Contains(df, "FROM golang:"+string(goVer[1])+" ") {
		t.Errorf("%s does not build with the Go go.mod asks for (%s)", path, goVer)
	}
	if !strings.Contains(df, "CGO_ENABLED=0") {
		t.Errorf("%s: the binary must be built with CGO_ENABLED=0 (the runtime image has no C library)", path)
	}
	if m := regexp.MustCompile(`go build .* (\./\S+)`).FindStringSubmatch(df); m == nil {
		t.Errorf("%s builds no package", path)
	} else if _, err := os.Stat(filepath.Join(repoRoot, m[1], "main.go")); err != nil {
		t.Errorf("%s builds %s: %v", path, m[1], err)
	}
	for _, m := range regexp.MustCompile(`(?m)^COPY ([^-\n][^\n]*) \./?$`).FindAllStringSubmatch(df, -1) {
		for _, src := range strings.Fields(m[1]) {
			if _, err := os.Stat(filepath.Join(repoRoot, src)); err != nil {
				t.Errorf("%s copies %s: %v", path, src, err)
			}
		}
	}
	if !regexp.MustCompile(`(?m)^USER nonroot`).MatchString(df) {
		t.Errorf("%s: the runtime image must not run as root", path)
	}
	entry := regexp.MustCompile(`(?m)^ENTRYPOINT \["([^"]+)"\]`).FindStringSubmatch(df)
	if entry == nil || !strings.Contains(df, "COPY --from=build /out/pagekeeper "+entry[1]) {
		t.Errorf("%s: ENTRYPOINT %v is not where the binary is copied", path, entry)
	}
	cmd := regexp.MustCompile(`(?m)^CMD \[(.*)\]`).FindStringSubmatch(df)
	if cmd == nil {
		t.Fatalf("%s has no CMD", path)
	}
	var args []string
	for _, a := range strings.Split(cmd[1], ",") {
		args = append(args, strings.Trim(strings.TrimSpace(a), `"`))
	}
	checkInvocation(t, path+" CMD", args)
	vol := regexp.MustCompile(`(?m)^VOLUME \["([^"]+)"\]`).FindStringSubmatch(df)
	if vol == nil || !strings.Contains(df, "WORKDIR "+vol[1]) {
		t.Errorf("%s: the data volume %v is not the working directory", path, vol)
	}
}

// commandWord is what a subcommand looks like, as opposed to an image name's
// or a path's next word.
var commandWord = regexp.MustCompile(`^[a-z][a-z-]*$`)

// TestDeployGuideCommands checks every pagekeeper command line in the
// guide's code blocks names a real command and real flags.
func TestDeployGuideCommands(t *testing.T) {
	path := filepath.Join(repoRoot, "docs", "deploy.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inCode := false
	n := 0
	for i, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
			continue
		}
		if !inCode {
			continue
		}
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		for j, w := range f {
			if (w == "pagekeeper" || strings.HasSuffix(w, "/pagekeeper")) && j+1 < len(f) && commandWord.MatchString(f[j+1]) {
				end := len(f)
				if k := slices.IndexFunc(f[j+1:], func(s string) bool { return s == "|" || s == "&&" || s == ">" || s == "<" || s == ";" }); k >= 0 {
					end = j + 1 + k
				}
				checkInvocation(t, path+":"+strconv.Itoa(i+1), f[j+1:end])
				n++
				break
			}
		}
	}
	if n == 0 {
		t.Errorf("%s shows no pagekeeper commands", path)
	}
}
