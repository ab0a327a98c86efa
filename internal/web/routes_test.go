package web

import "testing"

// TestRoutes checks each route of the table answers its method and refuses others.
func TestRoutes(t *testing.T) {
	ts := newTestServer(t, nil)
	tests := []struct {
		method, path string
		want         int
	}{
		{"GET", "/healthz", 200},
		{"GET", "/readyz", 200},
		{"GET", "/metrics", 200},
		{"GET", "/webhooks/x?crc_token=t", 200},
		{"POST", "/webhooks/meta", 401},
		{"POST", "/webhooks/x", 401},
		{"POST", "/webhooks/website/ashgrove", 401},
		{"DELETE", "/webhooks/meta", 405},
		{"POST", "/healthz", 405},
		{"GET", "/nowhere", 404},
	}
	for _, tt := range tests {
		if rec := ts.do(tt.method, tt.path, nil, nil); rec.Code != tt.want {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, rec.Code, tt.want)
		}
	}
}

// nonStaffRoutes are the routes open without a staff sign-in, each a
// decision: a new one fails TestRouteTableDecided until it is added here.
var nonStaffRoutes = map[string]access{
	"GET /webhooks/meta":                accessWebhook,
	"POST /webhooks/meta":               accessWebhook,
	"GET /webhooks/x":                   accessWebhook,
	"POST /webhooks/x":                  accessWebhook,
	"POST /webhooks/website/{practice}": accessWebhook,
	"GET /healthz":                      accessOps,
	"GET /readyz":                       accessOps,
	"GET /metrics":                      accessOps,
	"GET /static/":                      accessPublic,
	"GET /assets/":                      accessPublic,
	"GET /{$}":                          accessPublic,
	"GET /login":                        accessPublic,
	"POST /login":                       accessPublic,
	"POST /logout":                      accessPublic,
	"GET /p/{practice}/guidance":        accessPublic,
	"GET /p/{practice}/poster":          accessPublic,
}

// TestRouteTableDecided checks every route of the table says who may use
// it: a staff route its permission and how it finds its practice (so the
// role and isolation tests cover it), any other route is one of the known
// open routes.
func TestRouteTableDecided(t *testing.T) {
	e := newStaffEnv(t, nil)
	seen := map[string]bool{}
	for _, rt := range e.routeTable() {
		if seen[rt.pattern] {
			t.Errorf("%s: in the table twice", rt.pattern)
		}
		seen[rt.pattern] = true
		switch rt.access {
		case accessUndecided:
			t.Errorf("%s: no access decided", rt.pattern)
		case accessStaff:
			if rt.need == 0 {
				t.Errorf("%s: a staff route with no permission", rt.pattern)
			}
			if rt.scope == scopeUndecided {
				t.Errorf("%s: a staff route with no practice scope", rt.pattern)
			}
			if rt.staff == nil {
				t.Errorf("%s: no handler", rt.pattern)
			}
		default:
			if want, ok := nonStaffRoutes[rt.pattern]; !ok || want != rt.access {
				t.Errorf("%s: open as %v; add it to nonStaffRoutes if that is meant", rt.pattern, rt.access)
			}
			if rt.h == nil {
				t.Errorf("%s: no handler", rt.pattern)
			}
		}
	}
	if !seen["GET /queue"] || !seen["POST /webhooks/meta"] {
		t.Error("the table lacks routes it must have")
	}
}
