package e2e

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Viewport sizes for pages and screenshots: a desktop and a phone.
const (
	desktopWidth, desktopHeight = 1280, 900
	phoneWidth, phoneHeight     = 390, 844
)

// chromiumPath finds Debian's Chromium (or $PAGEKEEPER_CHROMIUM). Without one
// the test skips, unless PAGEKEEPER_E2E=1 asks for the browser tests to run,
// as .ci/run does; then it fails.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PAGEKEEPER_CHROMIUM"); p != "" {
		return p
	}
	p, err := exec.LookPath("chromium")
	if err == nil {
		return p
	}
	const how = "install Debian's chromium (apt-get install -y --no-install-recommends chromium) or set PAGEKEEPER_CHROMIUM"
	if os.Getenv("PAGEKEEPER_E2E") == "1" {
		t.Fatalf("PAGEKEEPER_E2E=1 but chromium was not found: %s", how)
	}
	t.Skipf("browser test skipped: chromium was not found; %s, and PAGEKEEPER_E2E=1 to require it", how)
	return ""
}

// newBrowser starts a headless Chromium of its own for the test, with a new
// empty profile, and returns a context for its first tab. Chromium never
// reaches beyond this machine: background networking, component updates,
// sync and QUIC are off.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	log := &syncBuffer{}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(desktopWidth, desktopHeight),
		chromedp.CombinedOutput(log),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.WithoutCancel(t.Context()), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(func(format string, args ...any) {
		log.Printf(format, args...)
	}))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		if t.Failed() {
			t.Logf("chromium and chromedp said:\n%s", withoutNoise(log.String()))
		}
	})
	open(t, ctx, "starting chromium ("+path+")")
	return ctx
}

// do runs steps in the browser with a time limit, failing the test on error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// run runs one action that answers a value, with a time limit.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// withoutNoise drops the lines Chromium prints on every start in a container
// (no D-Bus), so that a failure shows what matters.
func withoutNoise(log string) string {
	var b strings.Builder
	for line := range strings.Lines(log) {
		if !strings.Contains(line, "dbus") {
			b.WriteString(line)
		}
	}
	return b.String()
}

// newTab opens a tab in a new browser context (its own cookies) of the
// browser that ctx belongs to, closed when the test ends.
func newTab(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	open(t, tab, "opening a tab")
	return tab
}

// open runs the first, empty Do on a chromedp context, which starts its
// browser or opens its tab. A timeout on that Do's context would close them
// when it ends, so the wait is bounded here instead.
func open(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: no answer in 30s", what)
	}
}
