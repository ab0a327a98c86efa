package platformtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestEscapeNonASCII(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii", `{"a":"b"}`, `{"a":"b"}`},
		{"latin", `{"a":"é"}`, `{"a":"\u00e9"}`},
		{"astral", `{"a":"😀"}`, `{"a":"\ud83d\ude00"}`},
		{"invalid", "{\"a\":\"\xff\"}", `{"a":"\ufffd"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(EscapeNonASCII([]byte(tt.in)))
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			var v map[string]string
			if err := json.Unmarshal([]byte(got), &v); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSignatures(t *testing.T) {
	// platforms.md §4.3's event vector.
	body := []byte(`{"for_user_id":"1500000000000000001","user_has_blocked":false,"tweet_create_events":[]}`)
	if got := base64Sign("test_consumer_secret", body); got != "sha256=yX8ERFtnlm0JmucjVIwGonc8wJGTBcx5NWxS/W52EP4=" {
		t.Errorf("base64Sign = %s", got)
	}
	if got := hexSign("k", nil); len(got) != 7+64 {
		t.Errorf("hexSign = %s", got)
	}
}

func TestSendTimes(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if r.Header.Get("X-Sig") == "" {
			w.WriteHeader(401)
		}
	}))
	defer srv.Close()
	st, err := send(t.Context(), srv.Client(), srv.URL, []byte(`{}`), "X-Sig", hexSign, SendOptions{Secret: "s", Times: 3})
	if err != nil || len(st) != 3 || n != 3 {
		t.Fatalf("send: %v %v, %d calls", st, err, n)
	}
	st, _ = send(t.Context(), srv.Client(), srv.URL, []byte(`{}`), "X-Sig", hexSign, SendOptions{NoSignature: true})
	if st[0] != 401 {
		t.Errorf("unsigned: %v", st)
	}
}
