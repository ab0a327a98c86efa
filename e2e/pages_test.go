package e2e

import (
	"context"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "write screenshots of the main pages to docs/screenshots")

// screenshotDir is where -update-screenshots writes, relative to this module.
const screenshotDir = "../docs/screenshots"

// page is one of the main pages: checked with axe-core on every run, and
// photographed with -update-screenshots.
type page struct {
	name string // also the screenshot's file name, without .png
	path string
	// locate finds the path of a page with no fixed address, in a browser
	// signed in as the manager.
	locate func(t *testing.T, ctx context.Context, d *demo) string
	ready  string // a CSS selector present once the page has rendered
	staff  bool   // needs a signed-in manager
	// optional pages may answer 404 until they are built; the others must be
	// there once the staff UI (/login) is.
	optional bool
	phone    bool // also photograph it at phone width, as NAME-phone.png
}

var pages = []page{
	{name: "decisions", path: "/", ready: "main h1", phone: true},
	{name: "login", path: "/login", ready: `form input[name="password"]`},
	{name: "queue", path: "/queue", ready: "main h1", staff: true, phone: true},
	{name: "item", locate: hiddenPost, ready: "#findings", staff: true, phone: true},
	{name: "audit", path: "/audit", ready: "main h1", staff: true},
	{name: "stats", path: "/stats", ready: "main h1", staff: true, optional: true},
	{name: "settings", path: "/settings", ready: "main h1", staff: true, optional: true},
}

// TestPages opens each main page of a settled demo in Chromium, checks it
// with axe-core and, with -update-screenshots, writes its screenshots.
func TestPages(t *testing.T) {
	ctx := newBrowser(t) // first, so that a machine without Chromium skips at once
	d := startDemo(t)
	d.waitSettled(t, 3)
	staffUI := d.status(t, "/login") != http.StatusNotFound
	signedIn := false
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			if p.locate != nil {
				if !staffUI {
					t.Skip("the staff UI (/login) is not built yet")
				}
				if !signedIn {
					signIn(t, ctx, d, managerEmail)
					signedIn = true
				}
				p.path = p.locate(t, ctx, d)
			}
			switch code := d.status(t, p.path); {
			case p.staff && !staffUI:
				t.Skipf("%s: the staff UI (/login) is not built yet", p.path)
			case code == http.StatusNotFound && (p.optional || !staffUI):
				t.Skipf("%s is not built yet", p.path)
			case !p.staff && code != http.StatusOK:
				t.Skipf("%s answers %d to a visitor who is not signed in", p.path, code)
			}
			if p.staff && !signedIn {
				signIn(t, ctx, d, managerEmail)
				signedIn = true
			}
			openPage(t, ctx, d.URL+p.path, p.ready)
			checkAccessibility(t, ctx, p.name)
			screenshot(t, ctx, p.name, desktopWidth, desktopHeight)
			if p.phone {
				screenshot(t, ctx, p.name+"-phone", phoneWidth, phoneHeight)
			}
		})
	}
}

// openPage loads url, waits for ready, and stops any automatic refresh so
// that the page holds still for checks and screenshots.
func openPage(t *testing.T, ctx context.Context, url, ready string) {
	t.Helper()
	do(t, ctx, "opening "+url,
		chromedp.EmulateViewport(desktopWidth, desktopHeight),
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(ready)),
		chromedp.Evaluate[chromedp.Void](`window.stop()`), // cancels a <meta http-equiv="refresh">
	)
}

// screenshot writes the page, at the given viewport, to
// docs/screenshots/NAME.png when -update-screenshots is set.
func screenshot(t *testing.T, ctx context.Context, name string, width, height int64) {
	t.Helper()
	if !*updateScreenshots {
		return
	}
	do(t, ctx, "sizing the viewport", chromedp.EmulateViewport(width, height))
	png := run(t, ctx, "taking a screenshot", chromedp.CaptureScreenshot())
	do(t, ctx, "restoring the viewport", chromedp.EmulateViewport(desktopWidth, desktopHeight))
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(screenshotDir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", file)
}

// hiddenRow is a row of the queue for a post Pagekeeper hid.
const hiddenRow = `//tr[@data-post-id][.//*[normalize-space()="Hidden"]]`

// hiddenPost answers the path of a post the queue shows as hidden.
func hiddenPost(t *testing.T, ctx context.Context, d *demo) string {
	t.Helper()
	do(t, ctx, "opening the queue", chromedp.Navigate(d.URL+"/queue"), chromedp.WaitVisible(hiddenRow))
	return "/posts/" + run(t, ctx, "reading a hidden post's id", chromedp.AttributeValue(hiddenRow, "data-post-id")).Value
}
