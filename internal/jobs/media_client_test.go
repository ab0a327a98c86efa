package jobs

import (
	"errors"
	"net/http"
	"net/url"
	"testing"
)

func TestPublicOnly(t *testing.T) {
	tests := []struct {
		address string
		want    bool // allowed
	}{
		{"157.240.221.35:443", true}, // a Facebook CDN address
		{"[2a03:2880:f12f:83:face:b00c::25de]:443", true},
		{"127.0.0.1:80", false},
		{"[::1]:80", false},
		{"10.0.0.5:80", false},
		{"172.16.3.4:80", false},
		{"192.168.1.1:80", false},
		{"169.254.169.254:80", false}, // cloud metadata
		{"100.64.0.1:80", false},
		{"0.0.0.0:80", false},
		{"0.1.2.3:80", false},
		{"[::ffff:127.0.0.1]:80", false},
		{"[::ffff:10.0.0.1]:80", false},
		{"[fd00::1]:80", false},
		{"[fe80::1]:80", false},
		{"[64:ff9b::a00:1]:80", false}, // NAT64 of 10.0.0.1
		{"224.0.0.1:80", false},
		{"255.255.255.255:80", false},
		{"not-an-address:80", false},
		{"127.0.0.1", false}, // no port
	}
	for _, tt := range tests {
		err := publicOnly("tcp", tt.address, nil)
		if got := err == nil; got != tt.want {
			t.Errorf("publicOnly(%s) = %v, want allowed %v", tt.address, err, tt.want)
		}
		if err != nil && !errors.Is(err, errNotPublic) {
			t.Errorf("publicOnly(%s) = %v, want errNotPublic", tt.address, err)
		}
	}
}

func TestMediaClientRedirects(t *testing.T) {
	c := mediaClient(&http.Client{})
	if c.Timeout != photoTimeout {
		t.Errorf("timeout %v, want %v", c.Timeout, photoTimeout)
	}
	req := func(s string) *http.Request {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return &http.Request{URL: u}
	}
	tests := []struct {
		name string
		to   string
		via  int
		want bool // followed
	}{
		{"https", "https://cdn.example/1.jpg", 1, true},
		{"http", "http://cdn.example/1.jpg", 1, true},
		{"file", "file:///etc/passwd", 1, false},
		{"gopher", "gopher://internal:70/", 1, false},
		{"too many", "https://cdn.example/1.jpg", maxRedirects, false},
	}
	for _, tt := range tests {
		err := c.CheckRedirect(req(tt.to), make([]*http.Request, tt.via))
		if got := err == nil; got != tt.want {
			t.Errorf("%s: CheckRedirect = %v, want followed %v", tt.name, err, tt.want)
		}
	}
	// The default client checks addresses; a given client keeps its own
	// transport but gets the redirect policy.
	if d := mediaClient(nil); d.Transport == nil || d.CheckRedirect == nil {
		t.Error("the default media client has no transport or redirect policy")
	}
}
