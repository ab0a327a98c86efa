// Package instagram reads an Instagram professional account's webhooks and
// acts on its comments through the Graph API (platforms.md §3).
//
// ParseWebhook turns an object=instagram body, already verified with
// meta.ReadWebhook, into events:
//
//   - a "comments" (or "live_comments") change is an Added event with the
//     comment's text and author. Instagram puts no timestamp in the value,
//     so CreatedAt is entry.time (when Meta sent it). Ref.ParentID is
//     parent_id for a reply, else the media id. Comments by the account
//     itself are skipped. DedupeKey is "instagram:" + comment id + ":add".
//   - a "mentions" change is an Added event that carries only a Ref: the
//     payload holds ids, not text. Post.Text and Post.Author are empty and
//     IsMention reports true; the caller must call Client.Complete (or
//     FetchMention) before judging it. For a mention in a comment,
//     Ref.ObjectID is the comment id and Ref.ParentID the media id; for a
//     mention in a caption, Ref.ObjectID is the media id and ParentID is
//     empty. DedupeKey is "instagram:mention:" + media id + ":" + comment id.
//
// Instagram sends no webhook when a comment is deleted or hidden; reconcile
// by polling if that matters.
package instagram

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
)

type commentValue struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	From *struct {
		ID       string `json:"id"`
		Username string `json:"username"`
	} `json:"from"`
	Media *struct {
		ID string `json:"id"`
	} `json:"media"`
	ParentID string `json:"parent_id"`
}

type mentionValue struct {
	MediaID   string `json:"media_id"`
	CommentID string `json:"comment_id"`
}

const mentionPrefix = "instagram:mention:"

// IsMention reports whether e is a mention event whose Post must be fetched
// before it is judged.
func IsMention(e platform.Event) bool { return strings.HasPrefix(e.DedupeKey, mentionPrefix) }

// ParseWebhook returns the events in a verified object=instagram body. As
// with Facebook, a change that cannot be read is skipped and reported in the
// error while the other events are still returned; a body that is not an
// instagram envelope is an error and no events.
func ParseWebhook(body []byte) ([]platform.Event, error) {
	env, err := meta.ParseEnvelope(body, "instagram")
	if err != nil {
		return nil, fmt.Errorf("parsing instagram webhook: %w", err)
	}
	var events []platform.Event
	var errs []error
	for i, e := range env.Entry {
		for j, raw := range e.Changes {
			ev, ok, err := parseChange(e, raw)
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
		return events, fmt.Errorf("parsing instagram webhook: %w", errors.Join(errs...))
	}
	return events, nil
}

func parseChange(e meta.Entry, raw json.RawMessage) (platform.Event, bool, error) {
	var ch meta.Change
	if err := json.Unmarshal(raw, &ch); err != nil {
		return platform.Event{}, false, fmt.Errorf("decoding change: %w", err)
	}
	if !meta.ValidID(e.ID) && (ch.Field == "comments" || ch.Field == "live_comments" || ch.Field == "mentions") {
		return platform.Event{}, false, fmt.Errorf("invalid account id %q", e.ID)
	}
	sent := time.Unix(e.Time, 0).UTC()
	switch ch.Field {
	case "comments", "live_comments":
		var v commentValue
		if err := json.Unmarshal(ch.Value, &v); err != nil {
			return platform.Event{}, false, fmt.Errorf("decoding comment: %w", err)
		}
		if !meta.ValidID(v.ID) {
			return platform.Event{}, false, errors.New("comment: missing or invalid id")
		}
		ref := platform.Ref{Channel: moderation.Instagram, PageID: e.ID, ObjectID: v.ID, ParentID: v.ParentID}
		if ref.ParentID == "" && v.Media != nil {
			ref.ParentID = v.Media.ID
		}
		var a moderation.Author
		if v.From != nil {
			a = moderation.Author{ID: v.From.ID, Name: v.From.Username}
		}
		if a.ID == e.ID {
			return platform.Event{}, false, nil
		}
		return platform.Event{
			Kind: platform.Added,
			Ref:  ref,
			Post: moderation.Post{Channel: moderation.Instagram, ExternalID: v.ID, ParentID: ref.ParentID,
				Author: a, Text: v.Text, CreatedAt: sent},
			DedupeKey: "instagram:" + v.ID + ":add",
			Raw:       bytes.Clone(raw),
		}, true, nil
	case "mentions":
		var v mentionValue
		if err := json.Unmarshal(ch.Value, &v); err != nil {
			return platform.Event{}, false, fmt.Errorf("decoding mention: %w", err)
		}
		if !meta.ValidID(v.MediaID) || (v.CommentID != "" && !meta.ValidID(v.CommentID)) {
			return platform.Event{}, false, errors.New("mention: missing or invalid ids")
		}
		ref := platform.Ref{Channel: moderation.Instagram, PageID: e.ID, ObjectID: v.MediaID}
		if v.CommentID != "" {
			ref.ObjectID, ref.ParentID = v.CommentID, v.MediaID
		}
		return platform.Event{
			Kind:      platform.Added,
			Ref:       ref,
			Post:      moderation.Post{Channel: moderation.Instagram, ExternalID: ref.ObjectID, ParentID: ref.ParentID, CreatedAt: sent},
			DedupeKey: mentionPrefix + v.MediaID + ":" + v.CommentID,
			Raw:       bytes.Clone(raw),
		}, true, nil
	}
	return platform.Event{}, false, nil
}
