package sealed_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestKeyFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	k1, k2 := key(t, t0), key(t, t0.Add(24*time.Hour))
	p1, err := sealed.WriteKeyFile(dir, k1)
	if err != nil {
		t.Fatal(err)
	}
	if p1 != filepath.Join(dir, k1.ID+".key") {
		t.Errorf("key file written to %s", p1)
	}
	if runtime.GOOS != "windows" {
		if st, _ := os.Stat(p1); st.Mode().Perm() != 0o600 {
			t.Errorf("key file mode %04o, want 0600", st.Mode().Perm())
		}
	}
	if _, err := sealed.WriteKeyFile(p1, k2); err == nil {
		t.Error("WriteKeyFile overwrote an existing key file")
	}
	if _, err := sealed.WriteKeyFile(dir, k2); err != nil {
		t.Fatal(err)
	}
	r, err := sealed.LoadKeyring(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Newest() != k2.ID || len(r.IDs()) != 2 {
		t.Errorf("ring from dir: newest %s of %v; want %s of two", r.Newest(), r.IDs(), k2.ID)
	}
	// A ring loaded from the files opens what a ring built in memory sealed.
	ct, err := ring(t, k1).Seal("p1", store.FieldPostText, []byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := r.Open("p1", store.FieldPostText, ct); err != nil || string(pt) != "hello" {
		t.Errorf("Open = %q, %v", pt, err)
	}

	// One file may hold several keys, with comments.
	l1, _ := k1.MarshalText()
	l2, _ := k2.MarshalText()
	multi := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(multi, append(append([]byte("# Pagekeeper keys\n\n"), l2...), l1...), 0o600); err != nil {
		t.Fatal(err)
	}
	if r, err := sealed.LoadKeyring(multi); err != nil || r.Newest() != k2.ID {
		t.Errorf("ring from one file = %v, %v", r, err)
	}
}

func TestLoadKeyringErrors(t *testing.T) {
	k := key(t, t0)
	line, _ := k.MarshalText()
	write := func(name string, b []byte, mode os.FileMode) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, b, mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(t.TempDir(), "none.key"), "no such file"},
		{"empty dir", t.TempDir(), "no *.key files"},
		{"garbage", write("g.key", []byte("not a key\n"), 0o600), "g.key:1: not a key line"},
		{"short key", write("s.key", []byte("pagekeeper-key-v1 k1 2026-01-01T00:00:00Z AAAA\n"), 0o600), "not 32 bytes"},
		{"duplicate", write("d.key", append(append([]byte{}, line...), line...), 0o600), "appears twice"},
		{"no keys", write("n.key", []byte("# nothing\n"), 0o600), "no keys"},
	}
	if runtime.GOOS != "windows" {
		tests = append(tests, struct{ name, path, want string }{"readable by others", write("w.key", line, 0o644), "chmod 600"})
	}
	for _, tt := range tests {
		_, err := sealed.LoadKeyring(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to say %q", tt.name, err, tt.want)
		}
	}
}

func TestSealOpen(t *testing.T) {
	r := ring(t, key(t, t0))
	ct, err := r.Seal("p1", store.FieldEvidenceRaw, []byte("payload"))
	if err != nil {
		t.Fatal(err)
	}
	ct2, _ := r.Seal("p1", store.FieldEvidenceRaw, []byte("payload"))
	if bytes.Equal(ct, ct2) {
		t.Error("two seals of the same value are equal: the nonce is not fresh")
	}
	if id, ok := sealed.KeyID(ct); !ok || id != r.Newest() {
		t.Errorf("KeyID = %q, %v", id, ok)
	}
	if _, err := r.Open("p1", store.FieldEvidenceText, ct); !errors.Is(err, sealed.ErrTampered) {
		t.Errorf("Open as another field = %v; want ErrTampered", err)
	}
	if _, err := r.Open("p2", store.FieldEvidenceRaw, ct); !errors.Is(err, sealed.ErrTampered) {
		t.Errorf("Open for another practice = %v; want ErrTampered", err)
	}
	if _, err := r.Open("p1", store.FieldEvidenceRaw, []byte("plain text")); !errors.Is(err, sealed.ErrNotSealed) {
		t.Errorf("Open(plain) = %v; want ErrNotSealed", err)
	}
	if out, err := r.Seal("p1", store.FieldPostText, nil); err != nil || out != nil {
		t.Errorf("Seal(empty) = %q, %v; want empty", out, err)
	}
	if _, err := sealed.NewKeyring(); err == nil {
		t.Error("NewKeyring() with no keys succeeded")
	}
	if _, err := sealed.GenerateKey(bytes.NewReader(nil), t0); err == nil {
		t.Error("GenerateKey with no randomness succeeded")
	}
	if k, err := sealed.GenerateKey(rand.Reader, t0); err != nil || !strings.HasPrefix(k.ID, "k20261121T093000Z-") {
		t.Errorf("GenerateKey id = %q, %v", k.ID, err)
	}
}
