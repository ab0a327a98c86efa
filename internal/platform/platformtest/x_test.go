package platformtest

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestFakeXWindow(t *testing.T) {
	now := time.Unix(1763712000, 0)
	f := NewFakeX("1", func() time.Time { return now })
	defer f.Close()
	f.MentionsLimit = 1
	get := func() *http.Response {
		resp, err := http.Get(f.URL + "/2/users/1/mentions?max_results=5")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := get(); r.StatusCode != 200 || r.Header.Get("x-rate-limit-remaining") != "0" || r.Header.Get("x-rate-limit-reset") != "1763712900" {
		t.Fatalf("first: %d %v", r.StatusCode, r.Header)
	}
	if r := get(); r.StatusCode != 429 {
		t.Fatalf("second: %d", r.StatusCode)
	}
	now = now.Add(15 * time.Minute)
	if r := get(); r.StatusCode != 200 || r.Header.Get("x-rate-limit-reset") != "1763713800" {
		t.Fatalf("after reset: %d %v", r.StatusCode, r.Header)
	}
	if !idLess("999", "1000") || idLess("1000", "999") || !idLess("1861234567890123456", "1861234567890123457") {
		t.Error("idLess")
	}
}

func TestTweetCreateEventsLongText(t *testing.T) {
	long := "é"
	for len([]rune(long)) < 200 {
		long += "é"
	}
	b := TweetCreateEvents("1", false, XTweet{ID: "2", AuthorID: "3", Text: long})
	if len(b) == 0 || !json.Valid(b) {
		t.Errorf("body %s", b)
	}
}
