package wordpress

// The website webhook is our own design (platforms.md §7.6 b), for a small
// must-use plugin on the practice's site (or any other site) to push
// comment changes to Pagekeeper as they happen:
//
//	POST <Pagekeeper webhook URL for the site>
//	Content-Type: application/json
//	X-Pagekeeper-Timestamp: <Unix seconds when sent>
//	X-Pagekeeper-Signature: sha256=<hex HMAC-SHA256(site secret, timestamp + "." + raw body)>
//
//	{"id":"4821","post_id":"312","parent_id":"0",
//	 "author":{"id":"0","name":"J Smith"},
//	 "text":"Can I get my prescription ...",
//	 "link":"https://example-surgery.nhs.uk/news/flu-clinics/#comment-4821",
//	 "created_at":"2026-11-21T08:12:44Z",
//	 "event":"added"}
//
// Rules:
//   - The body is at most MaxWebsiteBody bytes, one JSON object, UTF-8.
//   - id is required: a string of at most 64 letters, digits, '-' or '_'
//     (integers are accepted too, since PHP plugins emit them). post_id,
//     parent_id and author.id are optional and read the same way; "0" and
//     0 mean none.
//   - event is "added", "edited" or "removed". text is required for added
//     and edited (it may be empty for a media-only comment).
//   - created_at is RFC 3339; it may be omitted for removed.
//   - The timestamp must be within MaxSkew of our clock, either way, so a
//     captured delivery cannot be replayed later; the signature covers the
//     timestamp so it cannot be changed.
//   - We answer 2xx once the event is stored, 401 for a bad or stale
//     signature (do not retry), 400 for a malformed body (do not retry),
//     and 5xx when the sender should retry with backoff.
//
// DedupeKey is "website:" + site + ":" + id + ":" + event, plus ":" and the
// first 16 hex digits of the SHA-256 of text for edited (each edit is a new
// change). Polling WordPress produces the same key for "added".

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// Website webhook limits and headers.
const (
	MaxWebsiteBody     = 256 << 10
	MaxSkew            = 5 * time.Minute
	SignatureHeader    = "X-Pagekeeper-Signature"
	TimestampHeader    = "X-Pagekeeper-Timestamp"
	maxWebsiteIDLength = 64
)

// Errors from checking a website webhook.
var (
	ErrNoSignature  = errors.New("the webhook has no X-Pagekeeper-Signature or X-Pagekeeper-Timestamp header")
	ErrBadSignature = errors.New("the webhook signature does not match")
	ErrStale        = errors.New("the webhook timestamp is too far from our clock")
)

// ParseSignatureHeader returns the MAC in an X-Pagekeeper-Signature value
// ("sha256=" and 64 hex digits).
func ParseSignatureHeader(h string) ([]byte, error) {
	if h == "" {
		return nil, ErrNoSignature
	}
	hx, ok := strings.CutPrefix(h, "sha256=")
	if !ok || len(hx) != 2*sha256.Size {
		return nil, ErrBadSignature
	}
	sum, err := hex.DecodeString(hx)
	if err != nil {
		return nil, ErrBadSignature
	}
	return sum, nil
}

func websiteMAC(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// SignWebsite returns the signature header value for body sent at ts.
func SignWebsite(secret []byte, ts int64, body []byte) string {
	return "sha256=" + hex.EncodeToString(websiteMAC(secret, strconv.FormatInt(ts, 10), body))
}

// VerifyWebsite checks a delivery's signature and timestamp, in constant time.
func VerifyWebsite(secret, body []byte, sigHeader, tsHeader string, now time.Time) error {
	sum, err := ParseSignatureHeader(sigHeader)
	if err != nil {
		return err
	}
	if tsHeader == "" {
		return ErrNoSignature
	}
	ts, err := strconv.ParseInt(tsHeader, 10, 64)
	if err != nil || ts <= 0 || strconv.FormatInt(ts, 10) != tsHeader {
		return ErrBadSignature
	}
	if len(secret) == 0 || !hmac.Equal(sum, websiteMAC(secret, tsHeader, body)) {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(ts, 0)); d > MaxSkew || d < -MaxSkew {
		return ErrStale
	}
	return nil
}

// ReadWebsite reads a website webhook's body (at most MaxWebsiteBody bytes)
// and verifies it; callers answer 401 to a signature error.
func ReadWebsite(r *http.Request, secret []byte, now time.Time) ([]byte, error) {
	body, err := platform.ReadLimited(r.Body, MaxWebsiteBody)
	if err != nil {
		return nil, fmt.Errorf("reading website webhook: %w", err)
	}
	if err := VerifyWebsite(secret, body, r.Header.Get(SignatureHeader), r.Header.Get(TimestampHeader), now); err != nil {
		return nil, fmt.Errorf("checking website webhook: %w", err)
	}
	return body, nil
}

// websiteID is an id sent as a string or an integer.
type websiteID string

func (w *websiteID) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else {
		var n int64
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("id is neither a string nor an integer")
		}
		s = strconv.FormatInt(n, 10)
	}
	if s == "0" {
		s = ""
	}
	if len(s) > maxWebsiteIDLength || strings.IndexFunc(s, func(r rune) bool {
		return (r < '0' || r > '9') && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && r != '-' && r != '_'
	}) >= 0 {
		return fmt.Errorf("invalid id %.70q", s)
	}
	*w = websiteID(s)
	return nil
}

type websiteEvent struct {
	ID       websiteID `json:"id"`
	PostID   websiteID `json:"post_id"`
	ParentID websiteID `json:"parent_id"`
	Author   struct {
		ID   websiteID `json:"id"`
		Name string    `json:"name"`
	} `json:"author"`
	Text      *string `json:"text"`
	Link      string  `json:"link"`
	CreatedAt string  `json:"created_at"`
	Event     string  `json:"event"`
}

var websiteKinds = map[string]platform.EventKind{"added": platform.Added, "edited": platform.Edited, "removed": platform.Removed}

// ParseWebsite returns the event in a verified website webhook body for the
// site siteID (the site whose secret verified it).
func ParseWebsite(body []byte, siteID string) ([]platform.Event, error) {
	var we websiteEvent
	if err := json.Unmarshal(body, &we); err != nil {
		return nil, fmt.Errorf("parsing website webhook: %w", err)
	}
	kind, ok := websiteKinds[we.Event]
	if !ok {
		return nil, fmt.Errorf("parsing website webhook: unknown event %.20q", we.Event)
	}
	if we.ID == "" {
		return nil, errors.New("parsing website webhook: missing id")
	}
	if kind != platform.Removed && we.Text == nil {
		return nil, errors.New("parsing website webhook: missing text")
	}
	var created time.Time
	if we.CreatedAt != "" || kind != platform.Removed {
		t, err := time.Parse(time.RFC3339, we.CreatedAt)
		if err != nil {
			return nil, errors.New("parsing website webhook: created_at is not RFC 3339")
		}
		created = t.UTC()
	}
	ref := platform.Ref{Channel: moderation.Website, PageID: siteID, ObjectID: string(we.ID), ParentID: string(we.ParentID)}
	post := moderation.Post{Channel: moderation.Website, ExternalID: ref.ObjectID, ParentID: ref.ParentID,
		Author: moderation.Author{ID: string(we.Author.ID), Name: we.Author.Name}, Permalink: we.Link, CreatedAt: created}
	if we.Text != nil {
		post.Text = *we.Text
	}
	digest := ""
	if kind == platform.Edited {
		sum := sha256.Sum256([]byte(post.Text))
		digest = hex.EncodeToString(sum[:8])
	}
	return []platform.Event{{
		Kind: kind, Ref: ref, Post: post,
		DedupeKey: dedupeKey(siteID, ref.ObjectID, we.Event, digest),
		Raw:       append([]byte(nil), body...),
	}}, nil
}

func dedupeKey(site, id, event, digest string) string {
	k := "website:" + site + ":" + id + ":" + event
	if digest != "" {
		k += ":" + digest
	}
	return k
}
