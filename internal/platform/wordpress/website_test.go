package wordpress

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
)

const (
	secret  = "site-secret"
	addedWH = `{"id":"4821","post_id":"312","parent_id":"0","author":{"id":"0","name":"J Smith"},"text":"Can I get my prescription ...","link":"https://example-surgery.nhs.uk/news/flu-clinics/#comment-4821","created_at":"2026-11-21T08:12:44Z","event":"added"}`
)

var now = time.Date(2026, 11, 21, 8, 13, 0, 0, time.UTC)

func TestVerifyWebsite(t *testing.T) {
	ts := now.Unix()
	good := SignWebsite([]byte(secret), ts, []byte(addedWH))
	stamp := strconv.FormatInt(ts, 10)
	tests := []struct {
		name, secret, body, sig, ts string
		want                        error
	}{
		{"good", secret, addedWH, good, stamp, nil},
		{"tampered body", secret, strings.Replace(addedWH, "4821", "4822", 1), good, stamp, ErrBadSignature},
		{"timestamp changed", secret, addedWH, good, strconv.FormatInt(ts+1, 10), ErrBadSignature},
		{"wrong secret", "other", addedWH, good, stamp, ErrBadSignature},
		{"empty secret", "", addedWH, SignWebsite(nil, ts, []byte(addedWH)), stamp, ErrBadSignature},
		{"missing signature", secret, addedWH, "", stamp, ErrNoSignature},
		{"missing timestamp", secret, addedWH, good, "", ErrNoSignature},
		{"timestamp not a number", secret, addedWH, good, "soon", ErrBadSignature},
		{"timestamp with plus", secret, addedWH, good, "+" + stamp, ErrBadSignature},
		{"stale", secret, addedWH, SignWebsite([]byte(secret), ts-301, []byte(addedWH)), strconv.FormatInt(ts-301, 10), ErrStale},
		{"future", secret, addedWH, SignWebsite([]byte(secret), ts+301, []byte(addedWH)), strconv.FormatInt(ts+301, 10), ErrStale},
		{"just inside", secret, addedWH, SignWebsite([]byte(secret), ts-299, []byte(addedWH)), strconv.FormatInt(ts-299, 10), nil},
		{"not hex", secret, addedWH, "sha256=" + strings.Repeat("x", 64), stamp, ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := VerifyWebsite([]byte(tt.secret), []byte(tt.body), tt.sig, tt.ts, now); !errors.Is(err, tt.want) {
				t.Errorf("VerifyWebsite = %v, want %v", err, tt.want)
			}
		})
	}
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("a", MaxWebsiteBody+1)))
	if _, err := ReadWebsite(r, []byte(secret), now); !errors.Is(err, platform.ErrTooLarge) {
		t.Errorf("huge body: %v", err)
	}
}

func TestParseWebsite(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		wantKind   platform.EventKind
		wantParent string
		wantKey    string
		wantErr    bool
	}{
		{"added", addedWH, platform.Added, "", "website:site1:4821:added", false},
		{"integer ids", `{"id":4821,"post_id":312,"parent_id":4800,"author":{"id":3,"name":"A"},"text":"x","created_at":"2026-11-21T08:12:44+01:00","event":"added"}`, platform.Added, "4800", "website:site1:4821:added", false},
		{"edited", strings.Replace(addedWH, `"added"`, `"edited"`, 1), platform.Edited, "", "website:site1:4821:edited:", false},
		{"removed without text or time", `{"id":"4821","event":"removed"}`, platform.Removed, "", "website:site1:4821:removed", false},
		{"empty text allowed", `{"id":"1","text":"","created_at":"2026-11-21T08:12:44Z","event":"added"}`, platform.Added, "", "website:site1:1:added", false},
		{"unknown event", strings.Replace(addedWH, `"added"`, `"liked"`, 1), "", "", "", true},
		{"missing id", `{"text":"x","created_at":"2026-11-21T08:12:44Z","event":"added"}`, "", "", "", true},
		{"zero id", `{"id":0,"text":"x","created_at":"2026-11-21T08:12:44Z","event":"added"}`, "", "", "", true},
		{"id with slash", `{"id":"../1","text":"x","created_at":"2026-11-21T08:12:44Z","event":"added"}`, "", "", "", true},
		{"id a float", `{"id":1.5,"text":"x","created_at":"2026-11-21T08:12:44Z","event":"added"}`, "", "", "", true},
		{"missing text", `{"id":"1","created_at":"2026-11-21T08:12:44Z","event":"added"}`, "", "", "", true},
		{"text a number", `{"id":"1","text":5,"created_at":"2026-11-21T08:12:44Z","event":"added"}`, "", "", "", true},
		{"bad time", `{"id":"1","text":"x","created_at":"21/11/2026","event":"added"}`, "", "", "", true},
		{"malformed", addedWH[:40], "", "", "", true},
		{"array", `[` + addedWH + `]`, "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := ParseWebsite([]byte(tt.body), "site1")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			e := evs[0]
			if len(evs) != 1 || e.Kind != tt.wantKind || e.Ref.ParentID != tt.wantParent || !strings.HasPrefix(e.DedupeKey, tt.wantKey) || e.Ref.PageID != "site1" {
				t.Errorf("event %+v key %s", e.Ref, e.DedupeKey)
			}
		})
	}
	a, _ := ParseWebsite([]byte(strings.Replace(addedWH, `"added"`, `"edited"`, 1)), "s")
	b, _ := ParseWebsite([]byte(strings.Replace(strings.Replace(addedWH, `"added"`, `"edited"`, 1), "prescription", "repeat", 1)), "s")
	if a[0].DedupeKey == b[0].DedupeKey {
		t.Error("two different edits share a dedupe key")
	}
	evs, _ := ParseWebsite([]byte(addedWH), "s")
	if p := evs[0].Post; p.Text != "Can I get my prescription ..." || p.Author.Name != "J Smith" || p.Author.ID != "" || !p.CreatedAt.Equal(time.Date(2026, 11, 21, 8, 12, 44, 0, time.UTC)) {
		t.Errorf("post %+v", p)
	}
}

func TestWebsiteDelivery(t *testing.T) {
	var got []platform.Event
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := ReadWebsite(r, []byte(secret), now)
		if err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		evs, err := ParseWebsite(body, "site1")
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		got = append(got, evs...)
	}))
	defer srv.Close()
	f := platformtest.NewFakeWordPress("u", "p", nil)
	defer f.Close()
	ctx := t.Context()
	if st, err := f.SendWebsiteWebhook(ctx, srv.URL, []byte(addedWH), now, platformtest.SendOptions{Secret: secret, Times: 2}); err != nil || st[0] != 200 || st[1] != 200 {
		t.Fatalf("%v %v", st, err)
	}
	for name, tc := range map[string]struct {
		ts  time.Time
		opt platformtest.SendOptions
	}{
		"replayed":   {now.Add(-10 * time.Minute), platformtest.SendOptions{Secret: secret}},
		"bad secret": {now, platformtest.SendOptions{Secret: secret, BadSignature: true}},
		"unsigned":   {now, platformtest.SendOptions{Secret: secret, NoSignature: true}},
	} {
		if st, _ := f.SendWebsiteWebhook(ctx, srv.URL, []byte(addedWH), tc.ts, tc.opt); st[0] != http.StatusUnauthorized {
			t.Errorf("%s: %v", name, st)
		}
	}
	if len(got) != 2 || got[0].DedupeKey != got[1].DedupeKey {
		t.Errorf("events %+v", got)
	}
}

func FuzzParseWebsite(f *testing.F) {
	for _, s := range []string{addedWH, `{"id":"1","event":"removed"}`, `{"id":1e99}`, `{}`, `null`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := ParseWebsite(body, "s")
		if err == nil && (len(evs) != 1 || evs[0].Ref.ObjectID == "") {
			t.Fatalf("accepted without an id: %+v", evs)
		}
	})
}

func FuzzSignatureHeader(f *testing.F) {
	good := SignWebsite([]byte(secret), now.Unix(), []byte(addedWH))
	for _, s := range []string{good, "", "sha256=", "sha256=zz"} {
		f.Add(s, strconv.FormatInt(now.Unix(), 10))
	}
	f.Fuzz(func(t *testing.T, sig, ts string) {
		if _, err := ParseSignatureHeader(sig); err == nil && len(sig) != 71 {
			t.Fatalf("accepted %q", sig)
		}
		if VerifyWebsite([]byte(secret), []byte(addedWH), sig, ts, now) == nil && !strings.EqualFold(sig, good) {
			t.Fatalf("verified %q %q", sig, ts)
		}
	})
}
