package web

import (
	"io/fs"
	"net/http"
)

// nhsukVersion is the vendored NHS.UK frontend (static/vendor/nhsuk-frontend-<version>).
const nhsukVersion = "10.6.1"

// nhsukDir is the vendored frontend's folder inside staticFS.
const nhsukDir = "static/vendor/nhsuk-frontend-" + nhsukVersion

// nhsukCSS is where pages link the vendored stylesheet.
const nhsukCSS = "/" + nhsukDir + "/nhsuk-frontend-" + nhsukVersion + ".min.css"

// nhsukAssets serves the frontend's icons at /assets/images/, where its
// stylesheet refers to them.
func nhsukAssets() http.Handler {
	sub, err := fs.Sub(staticFS, nhsukDir+"/assets")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return http.StripPrefix("/assets/", http.FileServerFS(sub))
}
