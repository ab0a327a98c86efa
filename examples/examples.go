// Package examples holds the example practice profiles: the two seed
// practices and the fictional demo practice, embedded so the binary can run
// its demo with nothing on disk.
package examples

import "embed"

// FS holds every example profile, by file name ("demo.yaml").
//
//go:embed *.yaml
var FS embed.FS
