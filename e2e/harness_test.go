package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDecisionsPage proves the plumbing on the read-only decisions page: the
// demo runs, Chromium loads the page, and a hidden post shows why it was
// hidden (the clause it breaks and the reason).
func TestDecisionsPage(t *testing.T) {
	ctx := newBrowser(t) // first, so that a machine without Chromium skips at once
	d := startDemo(t)
	d.waitSettled(t, 3)
	if d.status(t, "/") != 200 {
		t.Skip("the decisions page is not served at / (the staff UI replaced it)")
	}
	const hidden = `//li[contains(@class,"post")][.//*[contains(@class,"status")][contains(.,"hidden")]]`
	do(t, ctx, "opening the decisions page", chromedp.Navigate(d.URL+"/"), chromedp.WaitVisible(hidden+`//dl[contains(@class,"findings")]`))
	dt := run(t, ctx, "reading the finding", chromedp.Text(hidden+`//dl[contains(@class,"findings")]/dt`))
	dd := run(t, ctx, "reading the reason", chromedp.Text(hidden+`//dl[contains(@class,"findings")]/dd`))
	if !strings.Contains(dt, "clause") {
		t.Errorf("a hidden post's finding %q does not name the clause it breaks", dt)
	}
	if strings.TrimSpace(dd) == "" {
		t.Error("a hidden post's finding gives no reason")
	}
	t.Logf("hidden: %s / %s", dt, dd)
}
