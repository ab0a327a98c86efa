module github.com/pagekeeper/pagekeeper/e2e

go 1.26.8

// The tests build ../cmd/pagekeeper with the main module's own go.sum; this
// keeps any import of the main module's packages on this checkout too.
replace github.com/pagekeeper/pagekeeper => ../

require github.com/chromedp/chromedp v0.22.1

require (
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
)
