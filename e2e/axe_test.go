package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is the vendored axe-core (testdata/axe/README.md).
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	return string(b), err
})

// axeRun runs axe-core on the rule sets of WCAG 2.2 A and AA (the issue's
// standard) and axe's best practices, and answers the violations.
const axeRun = `axe.run(document, {
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
	resultTypes: ["violations"],
}).then(r => ({
	version: axe.version,
	passes: r.passes.length,
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), html: n.html, summary: n.failureSummary || ""})),
	})),
}))`

type axeResults struct {
	Version    string         `json:"version"`
	Passes     int            `json:"passes"` // rules the page passed
	Violations []axeViolation `json:"violations"`
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"` // minor, moderate, serious or critical
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

// axeNode is one element that breaks a rule, with axe's advice.
type axeNode struct {
	Target  string `json:"target"` // a CSS selector
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// blocking reports whether a violation fails the test: serious or critical
// ones do; minor and moderate ones are logged.
func (v axeViolation) blocking() bool { return v.Impact == "serious" || v.Impact == "critical" }

// String describes the violation for a person fixing it: the rule, where
// (up to five elements) and what axe says would fix it.
func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n    %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "    ... and %d more\n", len(v.Nodes)-i)
			break
		}
		html := n.HTML
		if r := []rune(html); len(r) > 160 {
			html = string(r[:159]) + "…"
		}
		fmt.Fprintf(&b, "    at %s: %s\n", n.Target, html)
		for line := range strings.Lines(n.Summary) {
			fmt.Fprintf(&b, "      %s", line)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// knownViolations are serious or critical violations, keyed "page/rule",
// that are recorded rather than failed, each with why and what ends it. Keep
// it short: an entry is a debt, not a waiver.
var knownViolations = map[string]string{}

// checkAccessibility runs axe-core on the page the browser shows and fails
// the test on any serious or critical violation.
func checkAccessibility(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	res := runAxe(t, ctx)
	var blocking, other []string
	for _, v := range res.Violations {
		switch why, known := knownViolations[page+"/"+v.ID]; {
		case v.blocking() && known:
			t.Logf("axe-core: known problem on the %s page, not failing: %s\n  %s", page, why, v)
		case v.blocking():
			blocking = append(blocking, v.String())
		default:
			other = append(other, v.String())
		}
	}
	t.Logf("axe-core %s on the %s page: %d rules passed, %d violated", res.Version, page, res.Passes, len(res.Violations))
	if len(other) > 0 {
		t.Logf("axe-core %s: %d minor or moderate problems on the %s page (not failing):\n  %s", res.Version, len(other), page, strings.Join(other, "  "))
	}
	if len(blocking) > 0 {
		t.Errorf("axe-core %s: %d serious or critical problems on the %s page:\n  %s", res.Version, len(blocking), page, strings.Join(blocking, "  "))
	}
}

// runAxe injects axe-core into the page the browser shows and runs it.
func runAxe(t *testing.T, ctx context.Context) axeResults {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatalf("reading axe-core: %v", err)
	}
	do(t, ctx, "injecting axe-core", chromedp.Evaluate[chromedp.Void](src))
	return run(t, ctx, "running axe-core", chromedp.Evaluate[axeResults](axeRun, chromedp.EvalAwaitPromise))
}

// TestAxeFindsProblems proves the check can fail: on a page with an image
// with no text alternative and an unlabelled field, axe reports both as
// blocking.
func TestAxeFindsProblems(t *testing.T) {
	ctx := newBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><html lang="en"><head><title>Bad</title></head><body><main><h1>Bad</h1>`+
			`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><form><input type="text" name="q"></form></main></body></html>`)
	}))
	t.Cleanup(srv.Close)
	do(t, ctx, "opening the bad page", chromedp.Navigate(srv.URL), chromedp.WaitReady(chromedp.CSS("main")))
	res := runAxe(t, ctx)
	got := map[string]bool{}
	for _, v := range res.Violations {
		got[v.ID] = v.blocking()
	}
	for _, rule := range []string{"image-alt", "label"} {
		if !got[rule] {
			t.Errorf("axe-core did not report %s as serious or critical; it reported %v", rule, got)
		}
	}
}

// TestAxeVendored checks that the vendored axe-core is the one its README
// names, so an update cannot slip in unrecorded.
func TestAxeVendored(t *testing.T) {
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("testdata/axe/README.md")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(src))
	if got := hex.EncodeToString(sum[:]); !strings.Contains(string(readme), "| `axe.min.js` | `"+got+"` |") {
		t.Errorf("testdata/axe/axe.min.js has sha256 %s, which testdata/axe/README.md does not record", got)
	}
	if !strings.HasPrefix(src, "/*! axe v") {
		t.Errorf("testdata/axe/axe.min.js does not start with axe-core's banner: %.40q", src)
	}
}

func TestAxeViolationString(t *testing.T) {
	v := axeViolation{ID: "color-contrast", Impact: "serious", Help: "Elements must meet minimum color contrast ratio thresholds",
		HelpURL: "https://dequeuniversity.com/rules/axe/4.14/color-contrast"}
	v.Nodes = append(v.Nodes, axeNode{".tag", `<span class="tag">fraud</span>`, "Fix any of the following:\n  Element has insufficient color contrast of 3.1"})
	want := `color-contrast (serious): Elements must meet minimum color contrast ratio thresholds
    https://dequeuniversity.com/rules/axe/4.14/color-contrast
    at .tag: <span class="tag">fraud</span>
      Fix any of the following:
        Element has insufficient color contrast of 3.1
`
	if got := v.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	tests := []struct {
		impact string
		want   bool
	}{{"minor", false}, {"moderate", false}, {"serious", true}, {"critical", true}, {"", false}}
	for _, tt := range tests {
		if got := (axeViolation{Impact: tt.impact}).blocking(); got != tt.want {
			t.Errorf("blocking(%q) = %v, want %v", tt.impact, got, tt.want)
		}
	}
}
