// Package x reads mentions of a practice's X account and acts on replies
// to it through the X API v2 (platforms.md §4).
//
// Polling is the baseline: Client.Mentions reads GET /2/users/{id}/mentions
// from a since_id and returns the newest id to keep. The Account Activity
// webhook is optional: ServeCRC answers the CRC check and ReadWebhook plus
// ParseEvents read tweet_create_events and tweet_delete_events.
//
// IDs are read only from strings (id_str in v1.1 objects; every id in v2):
// the numbers exceed 2^53. Tweets by the account itself and retweets are
// skipped. DedupeKey is "x:" + tweet id + ":add" (or ":remove"), the same
// whether the tweet came by poll or by webhook, so both paths may run.
//
// The client honours x-rate-limit-remaining and x-rate-limit-reset per
// endpoint: once remaining reaches 0 it refuses further calls to that
// endpoint until the reset time, returning *platform.RateLimitError without
// calling X. X cannot delete other people's posts nor send private replies
// to them here: Delete and PrivateReply return platform.ErrNotSupported.
package x

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
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

// MaxWebhookBody is the largest Account Activity body accepted; longer ones
// fail with platform.ErrTooLarge.
const MaxWebhookBody = 2 << 20

// SignatureHeader carries sha256=<base64 HMAC-SHA256(consumer secret, body)>.
const SignatureHeader = "X-Twitter-Webhooks-Signature"

// Errors from checking a webhook's signature.
var (
	ErrNoSignature  = errors.New("the webhook has no x-twitter-webhooks-signature header")
	ErrBadSignature = errors.New("the webhook signature does not match")
)

func mac(secret, msg []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(msg)
	return m.Sum(nil)
}

// CRCResponse returns the response_token for a CRC check:
// "sha256=" + base64(HMAC-SHA256(consumer secret, crc_token)).
func CRCResponse(consumerSecret, crcToken string) string {
	return "sha256=" + base64.StdEncoding.EncodeToString(mac([]byte(consumerSecret), []byte(crcToken)))
}

// ServeCRC answers X's CRC GET with 200 and {"response_token": ...}, or 400
// when crc_token is missing. X wants the answer within 3 seconds.
func ServeCRC(w http.ResponseWriter, r *http.Request, consumerSecret string) {
	token := r.URL.Query().Get("crc_token")
	if token == "" || consumerSecret == "" {
		http.Error(w, "missing crc_token", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"response_token": CRCResponse(consumerSecret, token)})
}

// ParseSignatureHeader returns the MAC in a signature header value. Empty is
// ErrNoSignature; anything but "sha256=" and 32 bytes of standard base64 is
// ErrBadSignature.
func ParseSignatureHeader(h string) ([]byte, error) {
	if h == "" {
		return nil, ErrNoSignature
	}
	b64, ok := strings.CutPrefix(h, "sha256=")
	if !ok || len(b64) != 44 {
		return nil, ErrBadSignature
	}
	sum, err := base64.StdEncoding.Strict().DecodeString(b64)
	if err != nil || len(sum) != sha256.Size {
		return nil, ErrBadSignature
	}
	return sum, nil
}

// CheckSignature checks header against the raw body in constant time. An
// empty secret never verifies.
func CheckSignature(consumerSecret, body []byte, header string) error {
	sum, err := ParseSignatureHeader(header)
	if err != nil {
		return err
	}
	if len(consumerSecret) == 0 || !hmac.Equal(sum, mac(consumerSecret, body)) {
		return ErrBadSignature
	}
	return nil
}

// ReadWebhook reads an event POST's body (at most MaxWebhookBody bytes) and
// checks its signature; callers answer 401 or 403 to any error.
func ReadWebhook(r *http.Request, consumerSecret []byte) ([]byte, error) {
	body, err := platform.ReadLimited(r.Body, MaxWebhookBody)
	if err != nil {
		return nil, fmt.Errorf("reading x webhook: %w", err)
	}
	if err := CheckSignature(consumerSecret, body, r.Header.Get(SignatureHeader)); err != nil {
		return nil, fmt.Errorf("checking x webhook signature: %w", err)
	}
	return body, nil
}

// flexBool is user_has_blocked: a boolean in real payloads, a string in the docs.
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true", `"true"`:
		*f = true
	case "false", `"false"`, "null", `""`:
		*f = false
	default:
		return fmt.Errorf("not a boolean: %.20s", b)
	}
	return nil
}

type activity struct {
	ForUserID         string            `json:"for_user_id"`
	UserHasBlocked    flexBool          `json:"user_has_blocked"`
	IsBlockedBy       flexBool          `json:"is_blocked_by"`
	TweetCreateEvents []json.RawMessage `json:"tweet_create_events"`
	TweetDeleteEvents []json.RawMessage `json:"tweet_delete_events"`
}

// v1Tweet is the v1.1 tweet object inside tweet_create_events; the numeric
// id fields are deliberately absent.
type v1Tweet struct {
	CreatedAt     string `json:"created_at"`
	IDStr         string `json:"id_str"`
	Text          string `json:"text"`
	FullText      string `json:"full_text"`
	Truncated     bool   `json:"truncated"`
	ExtendedTweet *struct {
		FullText         string    `json:"full_text"`
		ExtendedEntities *entities `json:"extended_entities"`
	} `json:"extended_tweet"`
	InReplyToStatusIDStr *string   `json:"in_reply_to_status_id_str"`
	User                 v1User    `json:"user"`
	Retweeted            *struct{} `json:"retweeted_status"`
	ExtendedEntities     *entities `json:"extended_entities"`
	TimestampMS          string    `json:"timestamp_ms"`
}

type v1User struct {
	IDStr      string `json:"id_str"`
	Name       string `json:"name"`
	ScreenName string `json:"screen_name"`
}

type entities struct {
	Media []struct {
		Type string `json:"type"`
		URL  string `json:"media_url_https"`
	} `json:"media"`
}

// validID reports whether id is a decimal tweet or user id.
func validID(id string) bool {
	if id == "" || len(id) > 20 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ParseEvents returns the events in a verified Account Activity body. Event
// kinds other than tweet_create_events and tweet_delete_events are ignored.
// A tweet that cannot be read is skipped and reported in the error; the
// others are still returned.
func ParseEvents(body []byte) ([]platform.Event, error) {
	var a activity
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, fmt.Errorf("parsing x activity: %w", err)
	}
	if !validID(a.ForUserID) {
		return nil, errors.New("parsing x activity: missing or invalid for_user_id")
	}
	var events []platform.Event
	var errs []error
	for i, raw := range a.TweetCreateEvents {
		ev, ok, err := parseCreate(a.ForUserID, raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("tweet_create_events[%d]: %w", i, err))
		} else if ok {
			events = append(events, ev)
		}
	}
	for i, raw := range a.TweetDeleteEvents {
		var d struct {
			Status struct {
				ID     string `json:"id"`
				UserID string `json:"user_id"`
			} `json:"status"`
		}
		if err := json.Unmarshal(raw, &d); err != nil || !validID(d.Status.ID) {
			errs = append(errs, fmt.Errorf("tweet_delete_events[%d]: unreadable", i))
			continue
		}
		events = append(events, platform.Event{
			Kind:      platform.Removed,
			Ref:       platform.Ref{Channel: moderation.X, PageID: a.ForUserID, ObjectID: d.Status.ID},
			Post:      moderation.Post{Channel: moderation.X, ExternalID: d.Status.ID, Author: moderation.Author{ID: d.Status.UserID}},
			DedupeKey: "x:" + d.Status.ID + ":remove",
			Raw:       bytes.Clone(raw),
		})
	}
	if len(errs) > 0 {
		return events, fmt.Errorf("parsing x activity: %w", errors.Join(errs...))
	}
	return events, nil
}

func parseCreate(forUser string, raw json.RawMessage) (platform.Event, bool, error) {
	var tw v1Tweet
	if err := json.Unmarshal(raw, &tw); err != nil {
		return platform.Event{}, false, fmt.Errorf("decoding tweet: %w", err)
	}
	if !validID(tw.IDStr) {
		return platform.Event{}, false, errors.New("missing or invalid id_str")
	}
	if tw.User.IDStr == forUser || tw.Retweeted != nil {
		return platform.Event{}, false, nil
	}
	text, ents := tw.Text, tw.ExtendedEntities
	if tw.FullText != "" {
		text = tw.FullText
	}
	if et := tw.ExtendedTweet; et != nil && et.FullText != "" {
		text = et.FullText
		if et.ExtendedEntities != nil {
			ents = et.ExtendedEntities
		}
	}
	ref := platform.Ref{Channel: moderation.X, PageID: forUser, ObjectID: tw.IDStr}
	if p := tw.InReplyToStatusIDStr; p != nil && validID(*p) {
		ref.ParentID = *p
	}
	post := moderation.Post{
		Channel:    moderation.X,
		ExternalID: tw.IDStr,
		ParentID:   ref.ParentID,
		Author:     moderation.Author{ID: tw.User.IDStr, Name: tw.User.Name},
		Text:       text,
		Permalink:  permalink(tw.User.ScreenName, tw.IDStr),
	}
	if t, err := time.Parse(time.RubyDate, tw.CreatedAt); err == nil {
		post.CreatedAt = t.UTC()
	} else if ms, err := strconv.ParseInt(tw.TimestampMS, 10, 64); err == nil {
		post.CreatedAt = time.UnixMilli(ms).UTC()
	}
	if ents != nil {
		for _, m := range ents.Media {
			kind := "photo"
			if m.Type == "video" || m.Type == "animated_gif" {
				kind = "video"
			}
			post.Media = append(post.Media, moderation.Media{Kind: kind, URL: m.URL})
		}
	}
	return platform.Event{Kind: platform.Added, Ref: ref, Post: post, DedupeKey: "x:" + tw.IDStr + ":add", Raw: bytes.Clone(raw)}, true, nil
}

func permalink(username, id string) string {
	if username == "" || strings.ContainsAny(username, "/?#") {
		return "https://x.com/i/web/status/" + id
	}
	return "https://x.com/" + username + "/status/" + id
}
