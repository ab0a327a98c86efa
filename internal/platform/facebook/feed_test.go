package facebook

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
)

const page = "104729381122334"

// Payloads of platforms.md §1.4 and §1.7.
const (
	topLevel   = `{"object":"page","entry":[{"id":"104729381122334","time":1763712000,"changes":[{"field":"feed","value":{"from":{"id":"7712345098765432","name":"Sam Patient"},"post":{"status_type":"added_photos","is_published":true,"updated_time":"2026-11-21T08:40:00+0000","permalink_url":"https://www.facebook.com/104729381122334/posts/pfbid0abc","promotion_status":"inactive","id":"104729381122334_998877665544332"},"message":"Waited 40 mins on the phone again","post_id":"104729381122334_998877665544332","comment_id":"998877665544332_1122334455667788","created_time":1763711998,"item":"comment","parent_id":"104729381122334_998877665544332","verb":"add"}}]}]}`
	photoReply = `{"object":"page","entry":[{"id":"104729381122334","time":1763712301,"changes":[{"field":"feed","value":{
  "from":{"id":"6654433221100998","name":"Alex Jones"},
  "post":{"status_type":"mobile_status_update","is_published":true,"updated_time":"2026-11-21T08:45:01+0000","permalink_url":"https://www.facebook.com/104729381122334/posts/pfbid02xyz","promotion_status":"inactive","id":"104729381122334_998877665544332"},
  "photo":"https://scontent.xx.fbcdn.net/v/t39.30808-6/123_n.jpg",
  "post_id":"104729381122334_998877665544332",
  "comment_id":"998877665544332_2233445566778899",
  "parent_id":"998877665544332_1122334455667788",
  "created_time":1763712299,"item":"comment","verb":"add"}}]}]}`
	edited = `{"object":"page","entry":[{"id":"104729381122334","time":1763712600,"changes":[{"field":"feed","value":{
  "from":{"id":"7712345098765432","name":"Sam Patient"},
  "message":"Waited 45 mins on the phone again",
  "post_id":"104729381122334_998877665544332","comment_id":"998877665544332_1122334455667788",
  "parent_id":"104729381122334_998877665544332","created_time":1763712598,"item":"comment","verb":"edited"}}]}]}`
	removed = `{"object":"page","entry":[{"id":"104729381122334","time":1763713000,"changes":[{"field":"feed","value":{
  "from":{"id":"7712345098765432"},
  "post_id":"104729381122334_998877665544332","comment_id":"998877665544332_1122334455667788",
  "parent_id":"104729381122334_998877665544332","created_time":1763712999,"item":"comment","verb":"remove"}}]}]}`
	visitorPost = `{"object":"page","entry":[{"id":"104729381122334","time":1763713500,"changes":[{"field":"feed","value":{
  "from":{"id":"5566778899001122","name":"Pat Smith"},
  "link":"https://scontent.xx.fbcdn.net/v/t39.30808-6/456_n.jpg",
  "message":"Car park barrier broken again",
  "photos":["https://scontent.xx.fbcdn.net/v/t39.30808-6/456_n.jpg","https://scontent.xx.fbcdn.net/v/t39.30808-6/457_n.jpg"],
  "post_id":"104729381122334_1357924680135792","created_time":1763713497,"item":"status","published":1,"verb":"add"}}]}]}`
	postRemoved = `{"object":"page","entry":[{"id":"104729381122334","time":1763714000,"changes":[{"field":"feed","value":{
  "recipient_id":"104729381122334","from":{"id":"5566778899001122"},"item":"post",
  "post_id":"104729381122334_1357924680135792","verb":"remove","created_time":1763713998}}]}]}`
)

func change(value string) string {
	return `{"object":"page","entry":[{"id":"` + page + `","time":1763712000,"changes":[{"field":"feed","value":` + value + `}]}]}`
}

type want struct {
	kind    platform.EventKind
	object  string
	parent  string
	author  moderation.Author
	text    string
	media   int
	dedupe  string
	created int64
}

func summarise(evs []platform.Event) []want {
	var out []want
	for _, e := range evs {
		out = append(out, want{e.Kind, e.Ref.ObjectID, e.Ref.ParentID, e.Post.Author, e.Post.Text, len(e.Post.Media), e.DedupeKey, e.Post.CreatedAt.Unix()})
	}
	return out
}

func TestParseFeed(t *testing.T) {
	comment := "998877665544332_1122334455667788"
	post := "104729381122334_998877665544332"
	sam := moderation.Author{ID: "7712345098765432", Name: "Sam Patient"}
	tests := []struct {
		name    string
		body    string
		want    []want
		wantErr bool
	}{
		{"top-level comment", topLevel, []want{{platform.Added, comment, post, sam, "Waited 40 mins on the phone again", 0, "facebook:" + comment + ":add:1763711998", 1763711998}}, false},
		{"photo-only reply", photoReply, []want{{platform.Added, "998877665544332_2233445566778899", comment, moderation.Author{ID: "6654433221100998", Name: "Alex Jones"}, "", 1, "facebook:998877665544332_2233445566778899:add:1763712299", 1763712299}}, false},
		{"edited", edited, []want{{platform.Edited, comment, post, sam, "Waited 45 mins on the phone again", 0, "facebook:" + comment + ":edited:1763712598", 1763712598}}, false},
		{"removed, from has only id", removed, []want{{platform.Removed, comment, post, moderation.Author{ID: "7712345098765432"}, "", 0, "facebook:" + comment + ":remove:1763712999", 1763712999}}, false},
		{"visitor post with two photos", visitorPost, []want{{platform.Added, "104729381122334_1357924680135792", "", moderation.Author{ID: "5566778899001122", Name: "Pat Smith"}, "Car park barrier broken again", 2, "facebook:104729381122334_1357924680135792:add:1763713497", 1763713497}}, false},
		{"post removed", postRemoved, []want{{platform.Removed, "104729381122334_1357924680135792", "", moderation.Author{ID: "5566778899001122"}, "", 0, "facebook:104729381122334_1357924680135792:remove:1763713998", 1763713998}}, false},
		{"no from", change(`{"item":"comment","verb":"add","comment_id":"1_2","post_id":"9_1","parent_id":"9_1","message":"hi","created_time":5}`), []want{{platform.Added, "1_2", "9_1", moderation.Author{}, "hi", 0, "facebook:1_2:add:5", 5}}, false},
		{"null message, video", change(`{"item":"comment","verb":"add","comment_id":"1_2","post_id":"9_1","message":null,"video":"https://v/1.mp4","created_time":5}`), []want{{platform.Added, "1_2", "9_1", moderation.Author{}, "", 1, "facebook:1_2:add:5", 5}}, false},
		{"hide and unhide verbs", `{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"comment","verb":"hide","comment_id":"1_2","post_id":"1_1","created_time":7}},{"field":"feed","value":{"item":"comment","verb":"unhide","comment_id":"1_2","post_id":"1_1","created_time":8}}]}]}`,
			[]want{{platform.Hidden, "1_2", "1_1", moderation.Author{}, "", 0, "facebook:1_2:hide:7", 7}, {platform.Unhid, "1_2", "1_1", moderation.Author{}, "", 0, "facebook:1_2:unhide:8", 8}}, false},
		{"legacy sender fields", change(`{"item":"comment","verb":"add","comment_id":"1_2","post_id":"9_1","sender_id":77,"sender_name":"Old","created_time":5}`), []want{{platform.Added, "1_2", "9_1", moderation.Author{ID: "77", Name: "Old"}, "", 0, "facebook:1_2:add:5", 5}}, false},
		{"ISO created_time tolerated", change(`{"item":"comment","verb":"add","comment_id":"1_2","post_id":"9_1","created_time":"2026-11-21T08:39:58+0000"}`), []want{{platform.Added, "1_2", "9_1", moderation.Author{}, "", 0, "facebook:1_2:add:1795250398", 1795250398}}, false},
		{"reaction ignored", change(`{"item":"reaction","verb":"edit","reaction_type":"angry","post_id":"9_1","created_time":5,"from":{"id":"3"}}`), nil, false},
		{"like and unknown verb ignored", `{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"like","verb":"add","post_id":"1_1"}},{"field":"feed","value":{"item":"comment","verb":"mute","comment_id":"1_2"}}]}]}`, nil, false},
		{"other field ignored", `{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"ratings","value":{"x":1}}]}]}`, nil, false},
		{"page's own comment skipped", change(`{"item":"comment","verb":"add","comment_id":"1_2","post_id":"9_1","from":{"id":"` + page + `","name":"Our Surgery"},"message":"Thanks","created_time":5}`), nil, false},
		{"changed_fields only", `{"object":"page","entry":[{"id":"1","time":1,"changed_fields":["feed"]}]}`, nil, false},
		{"empty entry list", `{"object":"page","entry":[]}`, nil, false},
		{"no entry", `{"object":"page"}`, nil, false},
		{"wrong object", strings.Replace(topLevel, `"page"`, `"instagram"`, 1), nil, true},
		{"malformed json", topLevel[:100], nil, true},
		{"not an object", `[1,2]`, nil, true},
		{"empty body", ``, nil, true},
		{"missing comment id", change(`{"item":"comment","verb":"add","post_id":"9_1","message":"x","created_time":5}`), nil, true},
		{"id with a slash", change(`{"item":"comment","verb":"add","comment_id":"1/../me","post_id":"9_1","created_time":5}`), nil, true},
		{"comment id a number", change(`{"item":"comment","verb":"add","comment_id":12,"post_id":"9_1","created_time":5}`), nil, true},
		{"message a number", change(`{"item":"comment","verb":"add","comment_id":"1_2","message":5,"created_time":5}`), nil, true},
		{"created_time an object", change(`{"item":"comment","verb":"add","comment_id":"1_2","created_time":{}}`), nil, true},
		{"value a string", change(`"hello"`), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := ParseFeed([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, summarise(evs), cmp.AllowUnexported(want{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			for _, e := range evs {
				if e.Ref.Channel != moderation.Facebook || e.Post.Channel != moderation.Facebook || e.Ref.PageID == "" || !json.Valid(e.Raw) {
					t.Errorf("event %+v incomplete", e.Ref)
				}
			}
		})
	}
}

func TestParseFeedBatchKeepsGoodChanges(t *testing.T) {
	body := `{"object":"page","entry":[` +
		`{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"1_2","post_id":"1_1","created_time":1,"message":"a"}},{"field":"feed","value":{"item":"comment","verb":"add","comment_id":["bad"]}}]},` +
		`{"id":"2","time":1,"changes":[{"field":"feed","value":{"item":"status","verb":"add","post_id":"2_5","created_time":2,"message":"b"}}]}]}`
	evs, err := ParseFeed([]byte(body))
	if err == nil || len(evs) != 2 {
		t.Fatalf("got %d events, err %v; want 2 and an error", len(evs), err)
	}
	if evs[1].Ref.PageID != "2" || string(evs[0].Raw) != `{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"1_2","post_id":"1_1","created_time":1,"message":"a"}}` {
		t.Errorf("events %+v raw %s", evs[1].Ref, evs[0].Raw)
	}
}

func TestParseFeedText(t *testing.T) {
	tests := []struct {
		name string
		msg  string // as it appears in the JSON
		want string
	}{
		{"escaped non-ASCII", `"Caf\u00e9 \ud83d\ude00"`, "Café 😀"},
		{"raw UTF-8", `"Café"`, "Café"},
		{"invalid UTF-8 replaced", "\"bad \xff byte\"", "bad \ufffd byte"},
		{"html kept as text", `"<b>hi</b>"`, "<b>hi</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := ParseFeed([]byte(change(`{"item":"comment","verb":"add","comment_id":"1_2","post_id":"9_1","created_time":5,"message":` + tt.msg + `}`)))
			if err != nil || len(evs) != 1 {
				t.Fatalf("ParseFeed: %d events, %v", len(evs), err)
			}
			if evs[0].Post.Text != tt.want {
				t.Errorf("text %q, want %q", evs[0].Post.Text, tt.want)
			}
		})
	}
}

func TestCreatedAt(t *testing.T) {
	evs, _ := ParseFeed([]byte(topLevel))
	if want := time.Unix(1763711998, 0).UTC(); !evs[0].Post.CreatedAt.Equal(want) || evs[0].Post.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt %v, want %v", evs[0].Post.CreatedAt, want)
	}
}

func FuzzParseFeed(f *testing.F) {
	for _, s := range []string{topLevel, photoReply, edited, removed, visitorPost, postRemoved, `{"object":"page","entry":[]}`, `{}`, `null`, change(`{"item":"comment","verb":"add","created_time":1e400}`)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, _ := ParseFeed(body)
		for _, e := range evs {
			if e.Ref.ObjectID == "" || e.DedupeKey == "" {
				t.Fatalf("event without id or key: %+v", e.Ref)
			}
		}
	})
}
