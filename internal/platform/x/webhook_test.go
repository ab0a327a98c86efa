package x

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// Test vectors of platforms.md §4.3.
const (
	consumerSecret = "test_consumer_secret"
	vectorBody     = `{"for_user_id":"1500000000000000001","user_has_blocked":false,"tweet_create_events":[]}`
	vectorSig      = "sha256=yX8ERFtnlm0JmucjVIwGonc8wJGTBcx5NWxS/W52EP4="
	us             = "1400000000000000001"
	mentionBody    = `{"for_user_id":"1400000000000000001","user_has_blocked":false,
 "tweet_create_events":[{"created_at":"Sat Nov 21 08:31:07 +0000 2026","id":1861234567890123456,"id_str":"1861234567890123456",
   "text":"@OurSurgery no answer on the phone since 8am","truncated":false,
   "in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"in_reply_to_user_id":1400000000000000001,
   "in_reply_to_user_id_str":"1400000000000000001","in_reply_to_screen_name":"OurSurgery",
   "user":{"id":1498765432109876543,"id_str":"1498765432109876543","name":"R. Taylor","screen_name":"rtaylor_uk"},
   "entities":{"hashtags":[],"urls":[],"user_mentions":[{"screen_name":"OurSurgery","name":"Our Surgery","id":1400000000000000001,"id_str":"1400000000000000001","indices":[0,11]}]},
   "timestamp_ms":"1763713867000","lang":"en"}]}`
)

func TestCRC(t *testing.T) {
	if got := CRCResponse(consumerSecret, "9b4507b3-9040-4669-9ca3-6b94edb50553"); got != "sha256=8SJYMKk8Lb/xknGTsWAwtIJOVa/CWzSjoHKtDI6P4oo=" {
		t.Errorf("CRCResponse = %s", got)
	}
	w := httptest.NewRecorder()
	ServeCRC(w, httptest.NewRequest(http.MethodGet, "/webhooks/x?crc_token=9b4507b3-9040-4669-9ca3-6b94edb50553", nil), consumerSecret)
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"response_token":"sha256=8SJYMKk8Lb/xknGTsWAwtIJOVa/CWzSjoHKtDI6P4oo="}` || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("ServeCRC: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	ServeCRC(w, httptest.NewRequest(http.MethodGet, "/webhooks/x", nil), consumerSecret)
	if w.Code != 400 {
		t.Errorf("no token: %d", w.Code)
	}
}

func TestCheckSignature(t *testing.T) {
	tests := []struct {
		name, secret, body, header string
		want                       error
	}{
		{"test vector", consumerSecret, vectorBody, vectorSig, nil},
		{"tampered", consumerSecret, strings.Replace(vectorBody, "false", "true", 1), vectorSig, ErrBadSignature},
		{"wrong secret", "nope", vectorBody, vectorSig, ErrBadSignature},
		{"empty secret", "", vectorBody, vectorSig, ErrBadSignature},
		{"missing", consumerSecret, vectorBody, "", ErrNoSignature},
		{"hex instead of base64", consumerSecret, vectorBody, "sha256=" + strings.Repeat("ab", 32), ErrBadSignature},
		{"no prefix", consumerSecret, vectorBody, vectorSig[7:], ErrBadSignature},
		{"url-safe base64", consumerSecret, vectorBody, strings.ReplaceAll(vectorSig, "/", "_"), ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckSignature([]byte(tt.secret), []byte(tt.body), tt.header); !errors.Is(err, tt.want) {
				t.Errorf("CheckSignature = %v, want %v", err, tt.want)
			}
		})
	}
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat(" ", MaxWebhookBody+1)))
	if _, err := ReadWebhook(r, []byte(consumerSecret)); !errors.Is(err, platform.ErrTooLarge) {
		t.Errorf("huge body: %v", err)
	}
}

type want struct {
	kind         platform.EventKind
	id, parent   string
	author       moderation.Author
	text, dedupe string
}

func TestParseEvents(t *testing.T) {
	tweet := func(fields string) string {
		return `{"for_user_id":"` + us + `","tweet_create_events":[{"id_str":"5","user":{"id_str":"7","name":"N","screen_name":"n"}` + fields + `}]}`
	}
	n := moderation.Author{ID: "7", Name: "N"}
	tests := []struct {
		name    string
		body    string
		want    []want
		wantErr bool
	}{
		{"mention", mentionBody, []want{{platform.Added, "1861234567890123456", "", moderation.Author{ID: "1498765432109876543", Name: "R. Taylor"}, "@OurSurgery no answer on the phone since 8am", "x:1861234567890123456:add"}}, false},
		{"blocked as string", strings.Replace(mentionBody, `"user_has_blocked":false`, `"user_has_blocked":"false"`, 1), []want{{platform.Added, "1861234567890123456", "", moderation.Author{ID: "1498765432109876543", Name: "R. Taylor"}, "@OurSurgery no answer on the phone since 8am", "x:1861234567890123456:add"}}, false},
		{"is_blocked_by", `{"for_user_id":"` + us + `","is_blocked_by":"true","tweet_create_events":[{"id_str":"5","text":"t","user":{"id_str":"7","name":"N"}}]}`, []want{{platform.Added, "5", "", n, "t", "x:5:add"}}, false},
		{"extended tweet", tweet(`,"text":"short…","truncated":true,"extended_tweet":{"full_text":"the whole long text"}`), []want{{platform.Added, "5", "", n, "the whole long text", "x:5:add"}}, false},
		{"reply", tweet(`,"text":"r","in_reply_to_status_id":1861234567890123456,"in_reply_to_status_id_str":"1861234567890123456"`), []want{{platform.Added, "5", "1861234567890123456", n, "r", "x:5:add"}}, false},
		{"own tweet skipped", `{"for_user_id":"` + us + `","tweet_create_events":[{"id_str":"5","text":"t","user":{"id_str":"` + us + `"}}]}`, nil, false},
		{"retweet skipped", tweet(`,"text":"RT","retweeted_status":{"id_str":"1"}`), nil, false},
		{"delete", `{"for_user_id":"` + us + `","tweet_delete_events":[{"status":{"id":"9","user_id":"7"},"timestamp_ms":"1"}]}`, []want{{platform.Removed, "9", "", moderation.Author{ID: "7"}, "", "x:9:remove"}}, false},
		{"other events ignored", `{"for_user_id":"` + us + `","favorite_events":[{"id":"x"}],"follow_events":[]}`, nil, false},
		{"empty", vectorBody, nil, false},
		{"numeric id only", `{"for_user_id":"` + us + `","tweet_create_events":[{"id":5,"text":"t","user":{"id_str":"7"}}]}`, nil, true},
		{"id_str a number", `{"for_user_id":"` + us + `","tweet_create_events":[{"id_str":5}]}`, nil, true},
		{"for_user_id a number", `{"for_user_id":1400000000000000001,"tweet_create_events":[]}`, nil, true},
		{"missing for_user_id", `{"tweet_create_events":[]}`, nil, true},
		{"blocked an object", `{"for_user_id":"1","user_has_blocked":{}}`, nil, true},
		{"malformed", mentionBody[:50], nil, true},
		{"not an object", `"x"`, nil, true},
		{"invalid UTF-8", tweet(",\"text\":\"a\xffb\""), []want{{platform.Added, "5", "", n, "a\ufffdb", "x:5:add"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := ParseEvents([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			var got []want
			for _, e := range evs {
				got = append(got, want{e.Kind, e.Ref.ObjectID, e.Ref.ParentID, e.Post.Author, e.Post.Text, e.DedupeKey})
				if e.Ref.Channel != moderation.X || e.Ref.PageID != us || !json.Valid(e.Raw) {
					t.Errorf("event %+v", e.Ref)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
	evs, _ := ParseEvents([]byte(mentionBody))
	if want := time.Date(2026, 11, 21, 8, 31, 7, 0, time.UTC); !evs[0].Post.CreatedAt.Equal(want) || evs[0].Post.Permalink != "https://x.com/rtaylor_uk/status/1861234567890123456" {
		t.Errorf("created %v permalink %s", evs[0].Post.CreatedAt, evs[0].Post.Permalink)
	}
}

func FuzzParseXEvents(f *testing.F) {
	for _, s := range []string{vectorBody, mentionBody, `{"for_user_id":"1","tweet_delete_events":[{"status":{"id":"2"}}]}`, `{}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, _ := ParseEvents(body)
		for _, e := range evs {
			if !validID(e.Ref.ObjectID) || e.DedupeKey == "" {
				t.Fatalf("bad event %+v", e.Ref)
			}
		}
	})
}

func FuzzSignatureHeader(f *testing.F) {
	for _, s := range []string{vectorSig, "", "sha256=", "sha256=" + strings.Repeat("A", 44), "sha1=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		sum, err := ParseSignatureHeader(h)
		if err == nil && len(sum) != 32 {
			t.Fatalf("accepted %d bytes", len(sum))
		}
		if CheckSignature([]byte(consumerSecret), []byte(vectorBody), h) == nil && h != vectorSig {
			t.Fatalf("accepted %q", h)
		}
	})
}
