package jobs

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// errNotPublic refuses a connection to an address that is not on the
// public internet.
var errNotPublic = errors.New("address is not public")

// notPublic lists ranges IsGlobalUnicast and IsPrivate let through that
// are still not the public internet.
var notPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64, which can reach private IPv4
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),  // documentation
}

// publicOnly is a net.Dialer Control that refuses any address that is not
// public. Photo URLs come from posts, which anyone can write, so without it
// a post could make Pagekeeper fetch from the host's own network (a cloud
// metadata service, an admin page). It checks the address being dialled,
// after DNS, so a name that resolves to a private address is refused too.
func publicOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %v", errNotPublic, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %v", errNotPublic, err)
	}
	ip = ip.Unmap()
	if !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return errNotPublic
	}
	for _, p := range notPublic {
		if p.Contains(ip) {
			return errNotPublic
		}
	}
	return nil
}

// newPublicClient is the media client when Config gives none: it connects
// only to public addresses, directly (a proxy would hide the address from
// the check), and bounds the time to connect and to read the headers.
func newPublicClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = (&net.Dialer{Timeout: 5 * time.Second, Control: publicOnly}).DialContext
	t.ResponseHeaderTimeout = photoTimeout
	t.MaxResponseHeaderBytes = 64 << 10
	return &http.Client{Transport: t, Timeout: photoTimeout}
}
