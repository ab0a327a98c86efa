// Package facebook reads a Facebook Page's feed webhooks and acts on its
// comments and visitor posts through the Graph API (platforms.md §1–2).
//
// ParseFeed turns an object=page body, already verified with
// meta.ReadWebhook, into events: one per feed change about a comment,
// status, post, photo or video, with verbs add, edited/edit, remove/delete,
// hide and unhide. Reactions, likes and every other item are skipped.
// Changes made by the Page itself are skipped too: we never moderate our
// own replies, and Facebook cannot hide them anyway.
//
// Refs: ObjectID is comment_id for comments and post_id otherwise; ParentID
// is parent_id for comments (equal to post_id for a top-level comment, the
// parent comment's id for a reply) and empty for posts. DedupeKey is
// "facebook:" + object id + ":" + verb + ":" + created_time, since Meta
// sends no event id and redelivers for up to 36 hours.
package facebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
)

type author struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// feedValue is the value of a feed change; only the fields we use.
type feedValue struct {
	Item        string   `json:"item"`
	Verb        string   `json:"verb"`
	PostID      string   `json:"post_id"`
	CommentID   string   `json:"comment_id"`
	ParentID    string   `json:"parent_id"`
	From        *author  `json:"from"`
	SenderID    flexID   `json:"sender_id"` // before v2.11
	SenderName  string   `json:"sender_name"`
	Message     *string  `json:"message"`
	Photo       string   `json:"photo"`
	Video       string   `json:"video"`
	Photos      []string `json:"photos"`
	CreatedTime unixTime `json:"created_time"`
}

// flexID is an id that old fixtures may carry as a number.
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexID(s)
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexID(n.String())
	return nil
}

// unixTime is created_time: integer seconds in webhooks; tolerated as a
// read-API string so a replayed Graph object still parses.
type unixTime struct {
	t   time.Time
	raw string
}

func (u *unixTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		t, err := meta.Time(s)
		if err != nil {
			return err
		}
		u.t, u.raw = t, strconv.FormatInt(t.Unix(), 10)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	sec, err := n.Int64()
	if err != nil {
		f, ferr := n.Float64()
		if ferr != nil {
			return err
		}
		sec = int64(f)
	}
	u.t, u.raw = time.Unix(sec, 0).UTC(), strconv.FormatInt(sec, 10)
	return nil
}

var kinds = map[string]platform.EventKind{
	"add": platform.Added, "edited": platform.Edited, "edit": platform.Edited,
	"remove": platform.Removed, "delete": platform.Removed,
	"hide": platform.Hidden, "unhide": platform.Unhid,
}

var items = map[string]bool{"comment": true, "status": true, "post": true, "photo": true, "video": true}

// ParseFeed returns the events in a verified object=page webhook body. A
// body that is not a page envelope is an error and no events. A change that
// cannot be read is skipped; ParseFeed then returns the other events with an
// error naming the bad changes, so the caller can acknowledge the delivery
// (Meta would otherwise redeliver it for 36 hours) and log the problem.
func ParseFeed(body []byte) ([]platform.Event, error) {
	env, err := meta.ParseEnvelope(body, "page")
	if err != nil {
		return nil, fmt.Errorf("parsing facebook feed: %w", err)
	}
	var events []platform.Event
	var errs []error
	for i, e := range env.Entry {
		for j, raw := range e.Changes {
			ev, ok, err := parseChange(e.ID, raw)
			if err != nil {
				errs = append(errs, fmt.Errorf("entry %d change %d: %w", i, j, err))
				continue
			}
			if ok {
				events = append(events, ev)
			}
		}
	}
	if len(errs) > 0 {
		return events, fmt.Errorf("parsing facebook feed: %w", errors.Join(errs...))
	}
	return events, nil
}

func parseChange(pageID string, raw json.RawMessage) (platform.Event, bool, error) {
	var ch meta.Change
	if err := json.Unmarshal(raw, &ch); err != nil {
		return platform.Event{}, false, fmt.Errorf("decoding change: %w", err)
	}
	if ch.Field != "feed" {
		return platform.Event{}, false, nil
	}
	var v feedValue
	if err := json.Unmarshal(ch.Value, &v); err != nil {
		return platform.Event{}, false, fmt.Errorf("decoding feed value: %w", err)
	}
	kind, ok := kinds[v.Verb]
	if !ok || !items[v.Item] {
		return platform.Event{}, false, nil
	}
	ref := platform.Ref{Channel: moderation.Facebook, PageID: pageID, ObjectID: v.PostID}
	if v.Item == "comment" {
		ref.ObjectID, ref.ParentID = v.CommentID, v.ParentID
		if ref.ParentID == "" {
			ref.ParentID = v.PostID
		}
	}
	if !meta.ValidID(ref.ObjectID) || !meta.ValidID(pageID) {
		return platform.Event{}, false, fmt.Errorf("%s %s: missing or invalid object id", v.Item, v.Verb)
	}
	var a moderation.Author
	switch {
	case v.From != nil:
		a = moderation.Author{ID: v.From.ID, Name: v.From.Name}
	case v.SenderID != "":
		a = moderation.Author{ID: string(v.SenderID), Name: v.SenderName}
	}
	if a.ID == pageID && (kind == platform.Added || kind == platform.Edited) {
		return platform.Event{}, false, nil
	}
	post := moderation.Post{
		Channel:    moderation.Facebook,
		ExternalID: ref.ObjectID,
		ParentID:   ref.ParentID,
		Author:     a,
		CreatedAt:  v.CreatedTime.t,
		Media:      media(v),
	}
	if v.Message != nil {
		post.Text = *v.Message
	}
	return platform.Event{
		Kind:      kind,
		Ref:       ref,
		Post:      post,
		DedupeKey: strings.Join([]string{"facebook", ref.ObjectID, v.Verb, v.CreatedTime.raw}, ":"),
		Raw:       bytes.Clone(raw),
	}, true, nil
}

func media(v feedValue) []moderation.Media {
	var ms []moderation.Media
	if v.Photo != "" {
		ms = append(ms, moderation.Media{Kind: "photo", URL: v.Photo})
	}
	for _, p := range v.Photos {
		if p != "" && p != v.Photo {
			ms = append(ms, moderation.Media{Kind: "photo", URL: p})
		}
	}
	if v.Video != "" {
		ms = append(ms, moderation.Media{Kind: "video", URL: v.Video})
	}
	return ms
}
