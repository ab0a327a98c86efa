package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"no proxy", "203.0.113.9:5000", nil, nil, "203.0.113.9"},
		{"header ignored without trusted proxies", "203.0.113.9:5000", []string{"198.51.100.1"}, nil, "203.0.113.9"},
		{"header ignored from an untrusted peer", "203.0.113.9:5000", []string{"198.51.100.1"}, proxies, "203.0.113.9"},
		{"from a trusted proxy", "10.1.2.3:5000", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"client-written entries to the left are ignored", "10.1.2.3:5000", []string{"1.2.3.4, 198.51.100.1"}, proxies, "198.51.100.1"},
		{"through two trusted proxies", "10.1.2.3:5000", []string{"1.2.3.4, 198.51.100.1, 10.9.9.9"}, proxies, "198.51.100.1"},
		{"several header lines", "10.1.2.3:5000", []string{"1.2.3.4", "198.51.100.1"}, proxies, "198.51.100.1"},
		{"garbage in the chain", "10.1.2.3:5000", []string{"1.2.3.4, not-an-ip"}, proxies, "10.1.2.3"},
		{"all proxies", "10.1.2.3:5000", []string{"10.2.2.2"}, proxies, "10.2.2.2"},
		{"no header from a proxy", "10.1.2.3:5000", nil, proxies, "10.1.2.3"},
		{"ipv6", "[fd00::1]:5000", []string{"2001:db8::7"}, proxies, "2001:db8::7"},
		{"ipv4-mapped peer", "[::ffff:203.0.113.9]:5000", nil, nil, "203.0.113.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientIP(r, tt.trusted); got.String() != tt.want {
				t.Errorf("clientIP = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestClientKeyGroupsIPv6By64(t *testing.T) {
	key := func(remote string) string {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		return clientKey(r, nil)
	}
	if a, b := key("[2001:db8:1:2::1]:1"), key("[2001:db8:1:2:ffff::9]:1"); a != b {
		t.Errorf("two addresses of one /64 have keys %q and %q", a, b)
	}
	if a, b := key("[2001:db8:1:2::1]:1"), key("[2001:db8:1:3::1]:1"); a == b {
		t.Errorf("two /64s share the key %q", a)
	}
	if a, b := key("192.0.2.1:1"), key("192.0.2.2:1"); a == b {
		t.Errorf("two IPv4 addresses share the key %q", a)
	}
}
