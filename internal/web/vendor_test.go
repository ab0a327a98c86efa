package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestVendoredFrontend checks the embedded NHS.UK frontend files are the
// ones the vendor README names, byte for byte.
func TestVendoredFrontend(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"nhsuk-frontend-" + nhsukVersion + ".min.css", "9bf2be59da16f34ce7550a66962d8998921e13e7d87e3258d8bd1bedfed1a830"},
		{"assets/images/nhsuk-icon-arrow-down.svg", "413e412e70e61d4b26e608507cc009ae952eb57e3a3126f55587a7cc0ee453b8"},
		{"assets/images/nhsuk-icon-arrow-up-down.svg", "e5b217ca77e17e98e533c4272d2c41b88aadce5470e3af454a3359538734281b"},
		{"assets/images/nhsuk-icon-arrow-up.svg", "b8bee584537e8cc275eb49974427b84e9722ac22ab76adb1b32420e3266785d7"},
		{"assets/images/nhsuk-icon-cross.svg", "694bdf45a657c8b88c958f33ab724ddcd875b8dfa2006cdd27f6d861b0a306fb"},
		{"assets/images/favicon.ico", "b81a834019d2c84653c2654d9717a3f5c107ea4e757820dc6c79cdc3db63ad9a"},
		{"assets/images/favicon.svg", "34cc838db72e2b1afac05e22202523fec7910c08510afa9de84b5ac32682a6cf"},
	}
	for _, tt := range tests {
		b, err := staticFS.ReadFile(nhsukDir + "/" + tt.name)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != tt.want {
			t.Errorf("%s: sha256 %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestVendoredFrontendServed checks the stylesheet and the icons it refers
// to are served where the pages and the stylesheet look for them.
func TestVendoredFrontendServed(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, path := range []string{nhsukCSS, "/assets/images/nhsuk-icon-cross.svg", "/static/staff.css"} {
		rec := httptest.NewRecorder()
		ts.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
			t.Errorf("GET %s = %d (%d bytes)", path, rec.Code, rec.Body.Len())
		}
	}
}
