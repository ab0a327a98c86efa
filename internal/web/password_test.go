package web

import (
	"errors"
	"strings"
	"testing"
)

// cheap are costs low enough for tests to hash freely.
var cheap = PasswordParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashAndCheckPassword(t *testing.T) {
	h, err := HashPassword("correct horse", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q is not an argon2id PHC string with the given costs", h)
	}
	h2, _ := HashPassword("correct horse", cheap)
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		name       string
		password   string
		want       PasswordParams
		ok, rehash bool
	}{
		{"right", "correct horse", cheap, true, false},
		{"wrong", "correct horsE", cheap, false, false},
		{"empty", "", cheap, false, false},
		{"right, costs raised", "correct horse", DefaultPasswordParams, true, true},
		{"wrong, costs raised", "nope", DefaultPasswordParams, false, false},
	}
	for _, tt := range tests {
		ok, rehash, err := CheckPassword(h, tt.password, tt.want)
		if err != nil || ok != tt.ok || rehash != tt.rehash {
			t.Errorf("%s: CheckPassword = %v, %v, %v; want %v, %v", tt.name, ok, rehash, err, tt.ok, tt.rehash)
		}
	}
}

func TestCheckPasswordRefusesBadHashes(t *testing.T) {
	for _, h := range []string{
		"",
		"plain",
		"$2a$10$abcdefghijklmnopqrstuv", // bcrypt
		"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", // argon2i
		"$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=0,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5",
	} {
		if _, _, err := CheckPassword(h, "x", cheap); !errors.Is(err, ErrBadHash) {
			t.Errorf("CheckPassword(%q) error = %v, want ErrBadHash", h, err)
		}
	}
}
