package web

import (
	"net/http/httptest"
	"testing"
)

func TestLoopback(t *testing.T) {
	tests := []struct {
		name, host, remote string
		want               bool
	}{
		{"ipv4", "127.0.0.1:8080", "127.0.0.1:1", true},
		{"ipv6", "[::1]:8080", "[::1]:1", true},
		{"localhost", "localhost", "127.0.0.1:1", true},
		{"from the network", "127.0.0.1:8080", "192.0.2.1:1", false},
		{"to a public name", "pagekeeper.example", "127.0.0.1:1", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host, r.RemoteAddr = tt.host, tt.remote
		if got := loopback(r); got != tt.want {
			t.Errorf("%s: loopback = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSessionIDIsAHash(t *testing.T) {
	if id := sessionID("token"); len(id) != 64 || id == sessionID("token2") {
		t.Errorf("sessionID = %q", id)
	}
}
