package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The demo's users (`pagekeeper demo` creates them; demo only).
const (
	managerEmail   = "manager@demo"
	receptionEmail = "reception@demo"
	demoPassword   = "demo"
)

// signIn signs in at /login with the demo password and checks that the
// browser left the sign-in page.
func signIn(t *testing.T, ctx context.Context, d *demo, email string) {
	t.Helper()
	do(t, ctx, "opening the sign-in page",
		chromedp.Navigate(d.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="email"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), email),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), demoPassword),
	)
	submitForm(t, ctx, "signing in as "+email, `form:has(input[name="password"])`)
	if loc := run(t, ctx, "reading the address", chromedp.Location()); strings.Contains(loc, "/login") {
		t.Fatalf("signing in as %s: still at %s", email, loc)
	}
}

// submitForm submits the form that sel selects, with its submit button, and
// waits for the page that answers.
func submitForm(t *testing.T, ctx context.Context, what, sel string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20e9)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel+` [type="submit"]`)))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp.Status >= 400 {
		t.Fatalf("%s: the server answered %d %s", what, resp.Status, resp.StatusText)
	}
}
