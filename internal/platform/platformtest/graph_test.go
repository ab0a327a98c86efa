package platformtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFakeGraphPaths(t *testing.T) {
	g := NewFakeGraph(func() time.Time { return time.Unix(1763712000, 0) })
	defer g.Close()
	g.Put(GraphObject{ID: "17998877665544332", Instagram: true, Text: "hi", FromID: "27", FromName: "res", PostID: "18012345678901234"})
	g.Put(GraphObject{ID: "18055566677788899", Instagram: true, Media: true, Text: "caption @us"})
	tests := []struct {
		name, method, path string
		wantStatus         int
		wantKey            string
	}{
		{"any version", "GET", "/v99.0/17998877665544332?fields=id", 200, "hidden"},
		{"no version", "GET", "/17998877665544332", 400, "error"},
		{"unknown object", "GET", "/v26.0/123", 400, "error"},
		{"mentioned comment", "GET", "/v26.0/1784?fields=mentioned_comment.comment_id(17998877665544332){id,text}", 200, "mentioned_comment"},
		{"mentioned media", "GET", "/v26.0/1784?fields=mentioned_media.media_id(18055566677788899){caption}", 200, "mentioned_media"},
		{"ig hide needs query", "POST", "/v26.0/17998877665544332", 400, "error"},
		{"ig hide", "POST", "/v26.0/17998877665544332?hide=true", 200, "success"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, g.URL+tt.path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			var m map[string]any
			if resp.StatusCode != tt.wantStatus || json.Unmarshal(b, &m) != nil || m[tt.wantKey] == nil {
				t.Errorf("%d %s", resp.StatusCode, b)
			}
		})
	}
	if o, _ := g.Object("17998877665544332"); !o.Hidden {
		t.Error("hide did not stick")
	}
	if c := g.Calls(); len(c) != len(tests) || !strings.HasPrefix(c[0].Path, "/179") {
		t.Errorf("calls %d, first %+v", len(c), c[0].Path)
	}
}

func TestFeedWebhookShape(t *testing.T) {
	b := FeedWebhook(FeedEntry{PageID: "1", Time: 2, Changes: []FeedChange{{Item: "comment", Verb: "add", PostID: "1_1", CommentID: "1_2", CreatedTime: 3}}})
	want := `{"entry":[{"changes":[{"field":"feed","value":{"comment_id":"1_2","created_time":3,"item":"comment","post":{"id":"1_1","is_published":true,"permalink_url":"","promotion_status":"inactive","status_type":"mobile_status_update"},"post_id":"1_1","verb":"add"}}],"id":"1","time":2}],"object":"page"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	ib := InstagramWebhook(InstagramEntry{AccountID: "1", Time: 2, Mentions: []InstagramMention{{MediaID: "5"}}})
	if string(ib) != `{"entry":[{"changes":[{"field":"mentions","value":{"media_id":"5"}}],"id":"1","time":2}],"object":"instagram"}` {
		t.Errorf("instagram %s", ib)
	}
}
