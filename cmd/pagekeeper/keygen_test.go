package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/sealed"
)

func TestKeygen(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "", "keygen", "--out", dir)
	if code != 0 {
		t.Fatalf("keygen = %d, %s", code, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.key"))
	if len(files) != 1 || !strings.Contains(out, files[0]) {
		t.Fatalf("keygen wrote %v, said %q", files, out)
	}
	if runtime.GOOS != "windows" {
		if st, _ := os.Stat(files[0]); st.Mode().Perm() != 0o600 {
			t.Errorf("key file mode %04o, want 0600", st.Mode().Perm())
		}
	}
	b, _ := os.ReadFile(files[0])
	secret := strings.Fields(string(b))[3]
	if strings.Contains(out+errOut, secret) {
		t.Error("keygen printed the key")
	}
	r, err := sealed.LoadKeyring(dir)
	if err != nil || !strings.Contains(out, r.Newest()) {
		t.Errorf("ring from keygen's file = %v, %v", r, err)
	}
	if code, _, errOut := run(t, "", "keygen", "--out", files[0]); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("keygen over an existing file = %d, %q; want a refusal", code, errOut)
	}
	if code, _, _ := run(t, "", "keygen"); code != 2 {
		t.Errorf("keygen without --out = %d, want 2", code)
	}
}
