package platformtest

import (
	"net/http"
	"testing"
	"time"
)

func TestFakeWordPressAuthAndPaging(t *testing.T) {
	f := NewFakeWordPress("u", "p", nil)
	defer f.Close()
	for i := range 3 {
		f.Put(WPComment{ID: int64(i + 1), Post: 1, Content: "c", Date: time.Unix(int64(i), 0), Status: "approved"})
	}
	do := func(user, pass, query string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, f.URL+"/wp-json/wp/v2/comments"+query, nil)
		req.SetBasicAuth(user, pass)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := do("u", "bad", ""); r.StatusCode != 401 {
		t.Errorf("bad password: %d", r.StatusCode)
	}
	if r := do("u", "p", "?per_page=2"); r.StatusCode != 200 || r.Header.Get("X-WP-Total") != "3" || r.Header.Get("X-WP-TotalPages") != "2" {
		t.Errorf("paging: %d %v", r.StatusCode, r.Header)
	}
	if r := do("u", "p", "?per_page=2&page=3"); r.StatusCode != 400 {
		t.Errorf("page past the end: %d", r.StatusCode)
	}
	if r := do("u", "p", "?per_page=101"); r.StatusCode != 400 {
		t.Errorf("per_page 101: %d", r.StatusCode)
	}
}

func TestStatusParam(t *testing.T) {
	tests := []struct {
		in, current, want string
		ok                bool
	}{
		{"approve", "hold", "approved", true},
		{"1", "hold", "approved", true},
		{"0", "approved", "hold", true},
		{"untrash", "trash", "hold", true},
		{"bogus", "hold", "", false},
	}
	for _, tt := range tests {
		if got, ok := statusParam(tt.in, tt.current); got != tt.want || ok != tt.ok {
			t.Errorf("statusParam(%q, %q) = %q, %v", tt.in, tt.current, got, ok)
		}
	}
}
