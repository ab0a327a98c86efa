package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
)

// vector is the signed test body of platforms.md §1.4.
const vector = `{"object":"page","entry":[{"id":"104729381122334","time":1763712000,"changes":[{"field":"feed","value":{"from":{"id":"7712345098765432","name":"Sam Patient"},"post":{"status_type":"added_photos","is_published":true,"updated_time":"2026-11-21T08:40:00+0000","permalink_url":"https://www.facebook.com/104729381122334/posts/pfbid0abc","promotion_status":"inactive","id":"104729381122334_998877665544332"},"message":"Waited 40 mins on the phone again","post_id":"104729381122334_998877665544332","comment_id":"998877665544332_1122334455667788","created_time":1763711998,"item":"comment","parent_id":"104729381122334_998877665544332","verb":"add"}}]}]}`

func signed(body string) http.Header {
	return http.Header{meta.SignatureHeader: {meta.Sign([]byte(testAppSecret), []byte(body))}}
}

func comment(id, text string) platformtest.FeedChange {
	return platformtest.FeedChange{Item: "comment", Verb: "add", PostID: testPageID + "_1", CommentID: "1_" + id,
		ParentID: testPageID + "_1", FromID: "77", FromName: "Sam", Message: text, CreatedTime: 1763711998}
}

func TestMetaVerify(t *testing.T) {
	ts := newTestServer(t, nil)
	tests := []struct {
		name     string
		query    string
		wantCode int
		wantBody string
	}{
		{"right token", "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + testVerifyToken, 200, "1158201444"},
		{"wrong token", "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope", 403, ""},
		{"no mode", "hub.challenge=1&hub.verify_token=" + testVerifyToken, 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do("GET", "/webhooks/meta?"+tt.query, nil, nil)
			if rec.Code != tt.wantCode || (tt.wantBody != "" && rec.Body.String() != tt.wantBody) {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tt.wantCode, tt.wantBody)
			}
		})
	}
	if strings.Contains(ts.logs.String(), testVerifyToken) {
		t.Error("the verify token was logged")
	}
}

func TestMetaReceive(t *testing.T) {
	good := string(platformtest.FeedWebhook(platformtest.FeedEntry{PageID: testPageID, Time: 1, Changes: []platformtest.FeedChange{comment("11", "hello"), comment("12", "there")}}))
	partial := strings.Replace(good, `"comment_id":"1_12"`, `"comment_id":"not an id!"`, 1)
	unknownPage := strings.ReplaceAll(good, testPageID, "999")
	ig := string(platformtest.InstagramWebhook(platformtest.InstagramEntry{AccountID: testIGID, Time: 1763714100,
		Comments: []platformtest.InstagramComment{{ID: "17998877665544332", Text: "Still no flu jab slots?", FromID: "271", Username: "local", MediaID: "180"}}}))
	tests := []struct {
		name       string
		body       string
		header     http.Header
		ingestErr  error
		wantCode   int
		wantEvents int
		wantBody   string
	}{
		{"signed test vector", vector, signed(vector), nil, 200, 1, ""},
		{"a batch of two", good, signed(good), nil, 200, 2, ""},
		{"instagram comment", ig, signed(ig), nil, 200, 1, ""},
		{"forged signature", good, http.Header{meta.SignatureHeader: {meta.Sign([]byte("wrong"), []byte(good))}}, nil, 401, 0, ""},
		{"no signature", good, nil, nil, 401, 0, ""},
		{"signature over other bytes", good + " ", signed(good), nil, 401, 0, ""},
		{"not JSON", "{oops", signed("{oops"), nil, 400, 0, "malformed"},
		{"other object", `{"object":"user","entry":[]}`, signed(`{"object":"user","entry":[]}`), nil, 400, 0, "not handled"},
		{"one bad change keeps the good one", partial, signed(partial), nil, 400, 1, "change 1"},
		{"unknown page is skipped", unknownPage, signed(unknownPage), nil, 200, 0, ""},
		{"store failure asks for a retry", good, signed(good), errStore, 503, 0, "retry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, nil)
			ts.in.err = tt.ingestErr
			rec := ts.do("POST", "/webhooks/meta", []byte(tt.body), tt.header)
			if rec.Code != tt.wantCode {
				t.Errorf("status %d (%s), want %d", rec.Code, rec.Body, tt.wantCode)
			}
			if !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("body %q does not mention %q", rec.Body, tt.wantBody)
			}
			got := ts.in.events()
			if len(got) != tt.wantEvents {
				t.Fatalf("ingested %d events, want %d", len(got), tt.wantEvents)
			}
			for _, e := range got {
				if e.Practice != "ashgrove" {
					t.Errorf("event went to practice %q", e.Practice)
				}
			}
		})
	}
}

func TestMetaReceiveTooLarge(t *testing.T) {
	ts := newTestServer(t, nil)
	body := bytes.Repeat([]byte(" "), meta.MaxWebhookBody+1)
	rec := ts.do("POST", "/webhooks/meta", body, signed(string(body)))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", rec.Code)
	}
}

func TestMetaReceiveRedeliveryIngestsOnce(t *testing.T) {
	ts := newTestServer(t, nil)
	for range 3 {
		if rec := ts.do("POST", "/webhooks/meta", []byte(vector), signed(vector)); rec.Code != 200 {
			t.Fatalf("status %d", rec.Code)
		}
	}
	if n := len(ts.in.events()); n != 1 {
		t.Errorf("three deliveries stored %d events, want 1", n)
	}
}

// fakeCompleter answers mention look-ups.
type fakeCompleter struct{ err error }

func (f fakeCompleter) Complete(_ context.Context, e platform.Event) (platform.Event, error) {
	if f.err != nil {
		return e, f.err
	}
	e.Post.Text = "@ashgrove you never answer"
	return e, nil
}

func TestMetaReceiveInstagramMention(t *testing.T) {
	body := string(platformtest.InstagramWebhook(platformtest.InstagramEntry{AccountID: testIGID, Time: 1763714100,
		Mentions: []platformtest.InstagramMention{{MediaID: "18012345678901234", CommentID: "17998877665544999"}}}))
	tests := []struct {
		name       string
		completer  Completer
		wantCode   int
		wantEvents int
	}{
		{"completed", fakeCompleter{}, 200, 1},
		{"graph down: retry later", fakeCompleter{err: &platform.TemporaryError{Err: errStore}}, 503, 0},
		{"gone: dropped", fakeCompleter{err: platform.ErrGone}, 200, 0},
		{"no client: dropped", nil, 200, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, func(c *Config) { c.Practices[0].Instagram = tt.completer })
			rec := ts.do("POST", "/webhooks/meta", []byte(body), signed(body))
			if rec.Code != tt.wantCode {
				t.Errorf("status %d, want %d", rec.Code, tt.wantCode)
			}
			got := ts.in.events()
			if len(got) != tt.wantEvents {
				t.Fatalf("ingested %d, want %d", len(got), tt.wantEvents)
			}
			if len(got) == 1 && got[0].Event.Post.Text == "" {
				t.Error("the mention was ingested without its text")
			}
		})
	}
}

func TestMetaRoutesOffWithoutSecrets(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MetaAppSecret, c.MetaVerifyToken = nil, "" })
	if rec := ts.do("POST", "/webhooks/meta", []byte(vector), signed(vector)); rec.Code != 404 {
		t.Errorf("POST status %d, want 404", rec.Code)
	}
	if rec := ts.do("GET", "/webhooks/meta?hub.mode=subscribe", nil, nil); rec.Code != 404 {
		t.Errorf("GET status %d, want 404", rec.Code)
	}
}
