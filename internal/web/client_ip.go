package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientIP is the address r came from, for rate limits. It is the
// connection's peer, unless that peer is one of trusted (the reverse
// proxies in front of Pagekeeper): then X-Forwarded-For is read from the
// right, skipping trusted proxies, and the first other address is the
// client. Anything left of it was written by the client and proves
// nothing. With no trusted proxies X-Forwarded-For is ignored, so a client
// cannot pick its own bucket by sending the header.
func clientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer := addrOf(r.RemoteAddr)
	if !isTrusted(peer, trusted) {
		return peer
	}
	hops := r.Header.Values("X-Forwarded-For")
	var all []string
	for _, h := range hops {
		all = append(all, strings.Split(h, ",")...)
	}
	for i := len(all) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(all[i]))
		if err != nil {
			return peer // a garbled chain: trust only what we saw
		}
		a = a.Unmap()
		if !isTrusted(a, trusted) {
			return a
		}
		peer = a
	}
	return peer
}

// addrOf parses a RemoteAddr ("ip:port", or a bare ip in some tests).
func addrOf(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(strings.Trim(host, "[]"))
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientKey is r's client address as a limiter key. IPv6 clients are
// grouped by /64, the block one subscriber is usually given, so a client
// cannot get a fresh bucket per address of its own network.
func clientKey(r *http.Request, trusted []netip.Prefix) string {
	a := clientIP(r, trusted)
	if !a.IsValid() {
		return "unknown"
	}
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
