// Package e2e holds Pagekeeper's browser tests. They build the pagekeeper
// binary from this checkout, run `pagekeeper demo` as a subprocess, and drive
// Debian's Chromium through chromedp: signing in, reading why a post was
// hidden, restoring it, and checking every main page with axe-core.
//
// It is a module of its own so that the browser driver stays out of the main
// module's go.sum. The tests skip when Chromium is not installed; set
// PAGEKEEPER_E2E=1 (as .ci/run does) to make a missing browser a failure.
package e2e
