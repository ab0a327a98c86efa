package instagram

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
)

const account = "17841400000000001"

// Payloads of platforms.md §3.2.
const (
	commentBody = `{"object":"instagram","entry":[{"id":"17841400000000001","time":1763714100,"changes":[{"field":"comments","value":{
  "from":{"id":"27123456789012345","username":"local.resident_22"},
  "media":{"id":"18012345678901234","media_product_type":"FEED"},
  "id":"17998877665544332","parent_id":"17990000111122223","text":"Still no flu jab slots?"}}]}]}`
	mentionBody = `{"object":"instagram","entry":[{"id":"17841400000000001","time":1763714200,"changes":[{"field":"mentions","value":{
  "media_id":"18055566677788899","comment_id":"17877766655544433"}}]}]}`
)

func changes(cs ...string) string {
	return `{"object":"instagram","entry":[{"id":"` + account + `","time":1763714100,"changes":[` + strings.Join(cs, ",") + `]}]}`
}

type want struct {
	object, parent string
	author         moderation.Author
	text           string
	mention        bool
	dedupe         string
}

func summarise(evs []platform.Event) []want {
	var out []want
	for _, e := range evs {
		out = append(out, want{e.Ref.ObjectID, e.Ref.ParentID, e.Post.Author, e.Post.Text, IsMention(e), e.DedupeKey})
	}
	return out
}

func TestParseWebhook(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    []want
		wantErr bool
	}{
		{"reply comment", commentBody, []want{{"17998877665544332", "17990000111122223", moderation.Author{ID: "27123456789012345", Name: "local.resident_22"}, "Still no flu jab slots?", false, "instagram:17998877665544332:add"}}, false},
		{"top-level comment's parent is the media", changes(`{"field":"comments","value":{"id":"1","text":"hi","from":{"id":"2","username":"u"},"media":{"id":"3"}}}`), []want{{"1", "3", moderation.Author{ID: "2", Name: "u"}, "hi", false, "instagram:1:add"}}, false},
		{"live comment", changes(`{"field":"live_comments","value":{"id":"1","text":"hi","media":{"id":"3"}}}`), []want{{"1", "3", moderation.Author{}, "hi", false, "instagram:1:add"}}, false},
		{"comment mention", mentionBody, []want{{"17877766655544433", "18055566677788899", moderation.Author{}, "", true, "instagram:mention:18055566677788899:17877766655544433"}}, false},
		{"caption mention", changes(`{"field":"mentions","value":{"media_id":"5"}}`), []want{{"5", "", moderation.Author{}, "", true, "instagram:mention:5:"}}, false},
		{"own comment skipped", changes(`{"field":"comments","value":{"id":"1","text":"thanks","from":{"id":"` + account + `"}}}`), nil, false},
		{"other field ignored", changes(`{"field":"story_insights","value":{"media_id":"1"}}`), nil, false},
		{"empty entries", `{"object":"instagram","entry":[]}`, nil, false},
		{"escaped text", changes(`{"field":"comments","value":{"id":"1","text":"caf\u00e9"}}`), []want{{"1", "", moderation.Author{}, "café", false, "instagram:1:add"}}, false},
		{"invalid UTF-8", changes("{\"field\":\"comments\",\"value\":{\"id\":\"1\",\"text\":\"a\xffb\"}}"), []want{{"1", "", moderation.Author{}, "a\ufffdb", false, "instagram:1:add"}}, false},
		{"page object", strings.Replace(commentBody, `"instagram"`, `"page"`, 1), nil, true},
		{"malformed", commentBody[:60], nil, true},
		{"id a number", changes(`{"field":"comments","value":{"id":17998877665544332,"text":"x"}}`), nil, true},
		{"missing id", changes(`{"field":"comments","value":{"text":"x"}}`), nil, true},
		{"mention without media", changes(`{"field":"mentions","value":{"comment_id":"1"}}`), nil, true},
		{"mention with a path id", changes(`{"field":"mentions","value":{"media_id":"1/../me"}}`), nil, true},
		{"text an object", changes(`{"field":"comments","value":{"id":"1","text":{}}}`), nil, true},
		{"bad account id", `{"object":"instagram","entry":[{"id":"me","time":1,"changes":[{"field":"comments","value":{"id":"1"}}]}]}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := ParseWebhook([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, summarise(evs), cmp.AllowUnexported(want{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			for _, e := range evs {
				if e.Kind != platform.Added || e.Ref.Channel != moderation.Instagram || e.Ref.PageID != account || e.Post.CreatedAt.IsZero() || !json.Valid(e.Raw) {
					t.Errorf("event %+v", e)
				}
			}
		})
	}
}

func TestParseWebhookKeepsGoodChanges(t *testing.T) {
	evs, err := ParseWebhook([]byte(changes(`{"field":"comments","value":{"id":"1","text":"a"}}`, `{"field":"comments","value":[]}`, `{"field":"mentions","value":{"media_id":"2"}}`)))
	if err == nil || len(evs) != 2 {
		t.Errorf("%d events, %v; want 2 and an error", len(evs), err)
	}
}

func FuzzParseInstagram(f *testing.F) {
	for _, s := range []string{commentBody, mentionBody, `{"object":"instagram","entry":[]}`, `{"object":"instagram","entry":[{"id":"1","changes":[null]}]}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, _ := ParseWebhook(body)
		for _, e := range evs {
			if e.Ref.ObjectID == "" || e.DedupeKey == "" {
				t.Fatalf("event without id or key: %+v", e.Ref)
			}
		}
	})
}
