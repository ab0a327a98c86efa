package sealed

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

// keyMagic starts every line of a key file.
const keyMagic = "pagekeeper-key-v1"

// prefix starts every ciphertext: "pk1:KEYID:" then the base64 of nonce
// and sealed bytes.
const prefix = "pk1:"

// Errors the key ring returns (wrapped).
var (
	// ErrUnknownKey means a ciphertext names a key the ring does not hold
	// (a KeyError says which).
	ErrUnknownKey = errors.New("key not in the key ring")
	// ErrTampered means a ciphertext failed authentication: it was changed,
	// truncated, moved to another field or practice, or the key file holds
	// different key material under the same id.
	ErrTampered = errors.New("ciphertext failed authentication (altered, moved, or the wrong key material)")
	// ErrNotSealed means a stored value is not a ciphertext at all: a row
	// written before encryption was turned on (pagekeeper rekey encrypts
	// those) or one rewritten behind Pagekeeper's back.
	ErrNotSealed = errors.New("value is not encrypted")
)

// KeyError names the key a ciphertext needed.
type KeyError struct {
	ID  string
	Err error
}

func (e *KeyError) Error() string { return fmt.Sprintf("key %q: %v", e.ID, e.Err) }
func (e *KeyError) Unwrap() error { return e.Err }

// validID is what a key id may look like: it is written into every
// ciphertext, so it stays short and free of separators.
var validID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Key is one AES-256 key with its id and when it was made. The newest key
// of a ring encrypts; every key decrypts.
type Key struct {
	ID      string
	Created time.Time
	secret  []byte
}

// GenerateKey returns a new random key made at now. Its id is the UTC
// creation time and 4 random bytes, so ids sort by age and never collide.
func GenerateKey(random io.Reader, now time.Time) (Key, error) {
	secret := make([]byte, 32)
	if _, err := io.ReadFull(random, secret); err != nil {
		return Key{}, fmt.Errorf("generating key: %w", err)
	}
	var tag [4]byte
	if _, err := io.ReadFull(random, tag[:]); err != nil {
		return Key{}, fmt.Errorf("generating key: %w", err)
	}
	now = now.UTC().Truncate(time.Second)
	return Key{ID: "k" + now.Format("20060102T150405Z") + "-" + hex.EncodeToString(tag[:]), Created: now, secret: secret}, nil
}

// MarshalText returns the key as one line of a key file:
// "pagekeeper-key-v1 ID CREATED BASE64".
func (k Key) MarshalText() ([]byte, error) {
	if !validID.MatchString(k.ID) || len(k.secret) != 32 {
		return nil, fmt.Errorf("marshalling key %q: not a complete key", k.ID)
	}
	return fmt.Appendf(nil, "%s %s %s %s\n", keyMagic, k.ID, k.Created.UTC().Format(time.RFC3339),
		base64.StdEncoding.EncodeToString(k.secret)), nil
}

// WriteKeyFile writes k to a new file at path, readable by its owner only
// (0600). It never overwrites: an existing file is an error. If path is a
// directory the file is path/ID.key. It returns the file's path.
func WriteKeyFile(path string, k Key) (string, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, k.ID+".key")
	}
	line, err := k.MarshalText()
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("writing key file: %w", err)
	}
	_, werr := f.Write(line)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return "", fmt.Errorf("writing key file %s: %w", path, werr)
	}
	return path, nil
}

// Keyring holds the keys Pagekeeper may use: the newest encrypts, all
// decrypt. Its methods are safe for concurrent use.
type Keyring struct {
	newest string
	ids    []string // oldest first
	aeads  map[string]cipher.AEAD
}

// NewKeyring returns a ring of keys, newest by Created (then by id). It is
// an error to give no keys, a duplicate id or a key that is not 32 bytes.
func NewKeyring(keys ...Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("building key ring: no keys")
	}
	keys = slices.Clone(keys)
	slices.SortFunc(keys, func(a, b Key) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	r := &Keyring{aeads: map[string]cipher.AEAD{}}
	for _, k := range keys {
		if !validID.MatchString(k.ID) {
			return nil, fmt.Errorf("building key ring: invalid key id %q", k.ID)
		}
		if _, dup := r.aeads[k.ID]; dup {
			return nil, fmt.Errorf("building key ring: key %q appears twice", k.ID)
		}
		if len(k.secret) != 32 {
			return nil, fmt.Errorf("building key ring: key %q is %d bytes, want 32 (AES-256)", k.ID, len(k.secret))
		}
		block, err := aes.NewCipher(k.secret)
		if err != nil {
			return nil, fmt.Errorf("building key ring: key %q: %w", k.ID, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("building key ring: key %q: %w", k.ID, err)
		}
		r.aeads[k.ID] = aead
		r.ids = append(r.ids, k.ID)
	}
	r.newest = r.ids[len(r.ids)-1]
	return r, nil
}

// LoadKeyring reads a key file, or every *.key file of a directory. Each
// non-blank line not starting with '#' is one key as MarshalText writes it.
// A key file that group or others can read is refused.
func LoadKeyring(path string) (*Keyring, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("loading key ring: %w", err)
	}
	files := []string{path}
	if st.IsDir() {
		if files, err = filepath.Glob(filepath.Join(path, "*.key")); err != nil {
			return nil, fmt.Errorf("loading key ring: %w", err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("loading key ring: no *.key files in %s", path)
		}
	}
	var keys []Key
	for _, f := range files {
		ks, err := readKeyFile(f)
		if err != nil {
			return nil, fmt.Errorf("loading key ring: %w", err)
		}
		keys = append(keys, ks...)
	}
	r, err := NewKeyring(keys...)
	if err != nil {
		return nil, fmt.Errorf("loading key ring from %s: %w", path, err)
	}
	return r, nil
}

func readKeyFile(path string) ([]Key, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("key file %s has mode %04o: others can read it; chmod 600 it", path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys []Key
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 || f[0] != keyMagic {
			return nil, fmt.Errorf("%s:%d: not a key line (want %q ID CREATED BASE64)", path, n, keyMagic)
		}
		created, err := time.Parse(time.RFC3339, f[2])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: key %q: creation time: %w", path, n, f[1], err)
		}
		secret, err := base64.StdEncoding.DecodeString(f[3])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: key %q: %w", path, n, f[1], err)
		}
		if !validID.MatchString(f[1]) || len(secret) != 32 {
			return nil, fmt.Errorf("%s:%d: key %q: invalid id or not 32 bytes", path, n, f[1])
		}
		keys = append(keys, Key{ID: f[1], Created: created, secret: secret})
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no keys", path)
	}
	return keys, nil
}

// Newest returns the id of the key that encrypts.
func (r *Keyring) Newest() string { return r.newest }

// IDs returns the ids of the ring's keys, oldest first.
func (r *Keyring) IDs() []string { return slices.Clone(r.ids) }

// aad binds a ciphertext to its practice, field and key id.
func aad(practiceID string, f store.Field, keyID string) []byte {
	return fmt.Appendf(nil, "pagekeeper-sealed-v1\x00%s\x00%s\x00%s", practiceID, f, keyID)
}

// Seal encrypts plain for the practice's field under the newest key. Empty
// input stays empty: a blanked value needs no key to read.
func (r *Keyring) Seal(practiceID string, f store.Field, plain []byte) ([]byte, error) {
	if len(plain) == 0 {
		return nil, nil
	}
	aead := r.aeads[r.newest]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("encrypting %s: %w", f, err)
	}
	ct := aead.Seal(nonce, nonce, plain, aad(practiceID, f, r.newest))
	out := make([]byte, 0, len(prefix)+len(r.newest)+1+base64.StdEncoding.EncodedLen(len(ct)))
	out = append(out, prefix...)
	out = append(out, r.newest...)
	out = append(out, ':')
	return base64.StdEncoding.AppendEncode(out, ct), nil
}

// KeyID returns the id of the key a ciphertext was sealed with; ok is
// false for a value that is not a ciphertext.
func KeyID(sealed []byte) (id string, ok bool) {
	rest, found := bytes.CutPrefix(sealed, []byte(prefix))
	if !found {
		return "", false
	}
	i := bytes.IndexByte(rest, ':')
	if i < 1 {
		return "", false
	}
	return string(rest[:i]), true
}

// Open decrypts a value Seal returned for the same practice and field.
// Empty input is empty output. A value that is not a ciphertext is
// ErrNotSealed; a key the ring lacks is a *KeyError wrapping ErrUnknownKey;
// a ciphertext that fails authentication is a *KeyError wrapping ErrTampered.
func (r *Keyring) Open(practiceID string, f store.Field, sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, nil
	}
	id, ok := KeyID(sealed)
	if !ok {
		return nil, fmt.Errorf("decrypting %s of practice %s: %w", f, practiceID, ErrNotSealed)
	}
	aead, ok := r.aeads[id]
	if !ok {
		return nil, fmt.Errorf("decrypting %s of practice %s: %w", f, practiceID, &KeyError{ID: id, Err: ErrUnknownKey})
	}
	body := sealed[len(prefix)+len(id)+1:]
	ct := make([]byte, base64.StdEncoding.DecodedLen(len(body)))
	n, err := base64.StdEncoding.Decode(ct, body)
	if err != nil || n < aead.NonceSize()+aead.Overhead() {
		return nil, fmt.Errorf("decrypting %s of practice %s: %w", f, practiceID, &KeyError{ID: id, Err: ErrTampered})
	}
	ct = ct[:n]
	plain, err := aead.Open(nil, ct[:aead.NonceSize()], ct[aead.NonceSize():], aad(practiceID, f, id))
	if err != nil {
		return nil, fmt.Errorf("decrypting %s of practice %s: %w", f, practiceID, &KeyError{ID: id, Err: ErrTampered})
	}
	if plain == nil {
		plain = []byte{}
	}
	return plain, nil
}
