package meta

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// The test vector of platforms.md §1.4.
const (
	vectorSecret = "test_app_secret"
	vectorBody   = `{"object":"page","entry":[{"id":"104729381122334","time":1763712000,"changes":[{"field":"feed","value":{"from":{"id":"7712345098765432","name":"Sam Patient"},"post":{"status_type":"added_photos","is_published":true,"updated_time":"2026-11-21T08:40:00+0000","permalink_url":"https://www.facebook.com/104729381122334/posts/pfbid0abc","promotion_status":"inactive","id":"104729381122334_998877665544332"},"message":"Waited 40 mins on the phone again","post_id":"104729381122334_998877665544332","comment_id":"998877665544332_1122334455667788","created_time":1763711998,"item":"comment","parent_id":"104729381122334_998877665544332","verb":"add"}}]}]}`
	vectorSig    = "sha256=e6cc3e8a6c1f711823aa3a36db72e5d16cc8d33aea9750ccf85809b592c92abb"
)

func TestVector(t *testing.T) {
	if len(vectorBody) != 647 {
		t.Fatalf("vector body is %d bytes, want 647", len(vectorBody))
	}
	if got := Sign([]byte(vectorSecret), []byte(vectorBody)); got != vectorSig {
		t.Errorf("Sign = %s, want %s", got, vectorSig)
	}
}

func TestCheckSignature(t *testing.T) {
	tampered := strings.Replace(vectorBody, "40 mins", "41 mins", 1)
	tests := []struct {
		name   string
		secret string
		body   string
		header string
		want   error
	}{
		{"test vector", vectorSecret, vectorBody, vectorSig, nil},
		{"upper-case hex", vectorSecret, vectorBody, "sha256=" + strings.ToUpper(vectorSig[7:]), nil},
		{"tampered body", vectorSecret, tampered, vectorSig, ErrBadSignature},
		{"trailing newline", vectorSecret, vectorBody + "\n", vectorSig, ErrBadSignature},
		{"wrong secret", "other", vectorBody, vectorSig, ErrBadSignature},
		{"empty secret", "", vectorBody, Sign(nil, []byte(vectorBody)), ErrBadSignature},
		{"missing header", vectorSecret, vectorBody, "", ErrNoSignature},
		{"sha1 header", vectorSecret, vectorBody, "sha1=0123456789abcdef0123456789abcdef01234567", ErrBadSignature},
		{"short", vectorSecret, vectorBody, vectorSig[:70], ErrBadSignature},
		{"not hex", vectorSecret, vectorBody, "sha256=" + strings.Repeat("zz", 32), ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSignature([]byte(tt.secret), []byte(tt.body), tt.header)
			if !errors.Is(err, tt.want) {
				t.Errorf("CheckSignature = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestReadWebhook(t *testing.T) {
	tests := []struct {
		name string
		body string
		sig  string
		want error
	}{
		{"good", vectorBody, vectorSig, nil},
		{"bad", vectorBody, vectorSig[:len(vectorSig)-1] + "0", ErrBadSignature},
		{"too large", strings.Repeat(" ", MaxWebhookBody+1), "", platform.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/webhooks/meta", strings.NewReader(tt.body))
			r.Header.Set(SignatureHeader, tt.sig)
			body, err := ReadWebhook(r, []byte(vectorSecret))
			if !errors.Is(err, tt.want) {
				t.Fatalf("ReadWebhook = %v, want %v", err, tt.want)
			}
			if err == nil && !bytes.Equal(body, []byte(tt.body)) {
				t.Error("body changed")
			}
		})
	}
}

func TestServeVerify(t *testing.T) {
	tests := []struct {
		name       string
		query      string
		wantStatus int
		wantBody   string
	}{
		{"good", "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=tok", 200, "1158201444"},
		{"opaque challenge", "hub.mode=subscribe&hub.challenge=abc-XYZ&hub.verify_token=tok", 200, "abc-XYZ"},
		{"wrong token", "hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope", 403, ""},
		{"no token", "hub.mode=subscribe&hub.challenge=1", 403, ""},
		{"wrong mode", "hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=tok", 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			ServeVerify(w, httptest.NewRequest(http.MethodGet, "/webhooks/meta?"+tt.query, nil), "tok")
			if w.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d", w.Code, tt.wantStatus)
			}
			if tt.wantStatus == 200 {
				if w.Body.String() != tt.wantBody || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
					t.Errorf("body %q type %q", w.Body.String(), w.Header().Get("Content-Type"))
				}
			}
		})
	}
	if _, ok := Verify(httptest.NewRequest(http.MethodGet, "/?hub.mode=subscribe&hub.verify_token=", nil), ""); ok {
		t.Error("an empty configured token verified")
	}
}

func TestParseEnvelope(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		wantErr     bool
		wantEntries int
	}{
		{"vector", vectorBody, false, 1},
		{"empty entries", `{"object":"page","entry":[]}`, false, 0},
		{"wrong object", `{"object":"instagram","entry":[]}`, true, 0},
		{"not json", `{"object":`, true, 0},
		{"entry not a list", `{"object":"page","entry":{}}`, true, 0},
		{"id a number", `{"object":"page","entry":[{"id":1}]}`, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := ParseEnvelope([]byte(tt.body), "page")
			if (err != nil) != tt.wantErr || len(env.Entry) != tt.wantEntries {
				t.Errorf("ParseEnvelope = %d entries, %v", len(env.Entry), err)
			}
		})
	}
}

func FuzzSignatureHeader(f *testing.F) {
	for _, s := range []string{vectorSig, "", "sha256=", "sha1=abc", "sha256=" + strings.Repeat("g", 64), "sha256=" + strings.Repeat("0", 63)} {
		f.Add(s, []byte(vectorBody))
	}
	f.Fuzz(func(t *testing.T, h string, body []byte) {
		mac, err := ParseSignatureHeader(h)
		if err == nil && len(mac) != 32 {
			t.Fatalf("accepted a %d-byte MAC", len(mac))
		}
		if CheckSignature([]byte(vectorSecret), body, h) == nil && h != Sign([]byte(vectorSecret), body) && !strings.EqualFold(h, Sign([]byte(vectorSecret), body)) {
			t.Fatalf("accepted %q", h)
		}
	})
}
