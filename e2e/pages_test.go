package e2e

import (
	"context"
	"flag"
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
	full   bool   // photograph the whole page, not only the first screen
	phone  bool   // also photograph it at phone width, as NAME-phone.png
}

// pages are the main pages, those for visitors first.
var pages = []page{
	{name: "login", path: "/login", ready: `form input[name="password"]`},
	{name: "guidance", path: "/p/ashgrove/guidance", ready: "main h1", phone: true},
	{name: "poster", path: "/p/ashgrove/poster", ready: "h1"},
	{name: "queue", path: "/queue", ready: "main h1", staff: true, phone: true},
	{name: "item", locate: hiddenPost, ready: "#findings", staff: true, full: true, phone: true},
	{name: "audit", path: "/audit", ready: "main h1", staff: true},
	{name: "audit-verify", path: "/audit/verify", ready: "main h1", staff: true},
	{name: "stats", path: "/stats", ready: "main h1", staff: true, full: true},
	{name: "settings", path: "/settings", ready: "main h1", staff: true, phone: true},
	{name: "users", path: "/users", ready: "main h1", staff: true},
}

// TestPages opens each main page of a settled demo in Chromium, checks it
// with axe-core and, with -update-screenshots, writes its screenshots.
func TestPages(t *testing.T) {
	ctx := newBrowser(t) // first, so that a machine without Chromium skips at once
	d := startDemo(t)
	d.waitSettled(t, 3)
	signedIn := false
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			if p.staff && !signedIn {
				signIn(t, ctx, d, managerEmail)
				signedIn = true
			}
			if p.locate != nil {
				p.path = p.locate(t, ctx, d)
			}
			openPage(t, ctx, d.URL+p.path, p.ready)
			checkAccessibility(t, ctx, p.name)
			screenshot(t, ctx, p.name, desktopWidth, desktopHeight, p.full)
			if p.phone {
				screenshot(t, ctx, p.name+"-phone", phoneWidth, phoneHeight, false)
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

// screenshot writes the page, at the given viewport (or all of it, when
// full), to docs/screenshots/NAME.png when -update-screenshots is set.
func screenshot(t *testing.T, ctx context.Context, name string, width, height int64, full bool) {
	t.Helper()
	if !*updateScreenshots {
		return
	}
	do(t, ctx, "sizing the viewport", chromedp.EmulateViewport(width, height))
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100) // 100 means PNG
	}
	png := run(t, ctx, "taking a screenshot", shot)
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
