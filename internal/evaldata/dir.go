package evaldata

import (
	"os"
	"path/filepath"
)

// Dir returns the directory holding the shared labelled data (with sets/ and
// raw/ inside): $PAGEKEEPER_DATA if set, else ../shared/data beside the
// module's root, searched upwards from the working directory. It returns ""
// when there is none: a fresh clone has no data, and tests skip.
func Dir() string {
	if d := os.Getenv("PAGEKEEPER_DATA"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "data")
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d
			}
			return ""
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// SetPath returns the path of a named set file under Dir ("gp-dev.jsonl"), or "" if absent.
func SetPath(name string) string {
	d := Dir()
	if d == "" {
		return ""
	}
	p := filepath.Join(d, "sets", name)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}
