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
