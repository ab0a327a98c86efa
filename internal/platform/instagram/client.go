package instagram

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
)

// Client acts on comments on one Instagram professional account.
type Client struct {
	Graph     *meta.Client
	AccountID string // the IG professional account id (mention look-ups)
	// MessagesID is the Page or IG user id private replies are sent from;
	// AccountID when empty.
	MessagesID string
}

// FetchFields are the fields Fetch asks for.
const FetchFields = "id,text,timestamp,username,from,hidden,media,parent_id"

func objectID(ref platform.Ref) (string, error) {
	if !meta.ValidID(ref.ObjectID) {
		return "", fmt.Errorf("invalid instagram object id %q", ref.ObjectID)
	}
	return ref.ObjectID, nil
}

// Hide hides a comment. Comments the media owner made stay visible anyway.
func (c *Client) Hide(ctx context.Context, ref platform.Ref) error {
	return c.setHidden(ctx, ref, true)
}

// Unhide reverses Hide.
func (c *Client) Unhide(ctx context.Context, ref platform.Ref) error {
	return c.setHidden(ctx, ref, false)
}

// setHidden sends hide as a query parameter: Instagram ignores a body.
func (c *Client) setHidden(ctx context.Context, ref platform.Ref, hidden bool) error {
	verb := map[bool]string{true: "hiding", false: "unhiding"}[hidden]
	id, err := objectID(ref)
	if err != nil {
		return fmt.Errorf("%s instagram comment: %w", verb, err)
	}
	if err := c.Graph.DoSuccess(ctx, http.MethodPost, "/"+id, url.Values{"hide": {fmt.Sprint(hidden)}}, nil); err != nil {
		return fmt.Errorf("%s instagram comment: %w", verb, err)
	}
	return nil
}

// Delete removes a comment for good; keep a Fetch snapshot first. A comment
// already gone returns an error wrapping platform.ErrGone.
func (c *Client) Delete(ctx context.Context, ref platform.Ref) error {
	id, err := objectID(ref)
	if err != nil {
		return fmt.Errorf("deleting instagram comment: %w", err)
	}
	if err := c.Graph.DoSuccess(ctx, http.MethodDelete, "/"+id, nil, nil); err != nil {
		return fmt.Errorf("deleting instagram comment: %w", err)
	}
	return nil
}

// Reply posts a public reply. Instagram threads only one level deep: a reply
// to a reply joins the top-level thread. Hidden comments cannot be replied to.
func (c *Client) Reply(ctx context.Context, ref platform.Ref, text string) (platform.Ref, error) {
	id, err := objectID(ref)
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on instagram: %w", err)
	}
	body, err := c.Graph.Do(ctx, http.MethodPost, "/"+id+"/replies", url.Values{"message": {text}}, nil)
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on instagram: %w", err)
	}
	newID, err := meta.ID(body)
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on instagram: %w", err)
	}
	return platform.Ref{Channel: moderation.Instagram, PageID: ref.PageID, ObjectID: newID, ParentID: id}, nil
}

// PrivateReply sends one direct message to the commenter, within 7 days.
// Do not retry blindly: a lost answer may still mean the message went.
func (c *Client) PrivateReply(ctx context.Context, ref platform.Ref, text string) error {
	id, err := objectID(ref)
	if err != nil {
		return fmt.Errorf("sending instagram private reply: %w", err)
	}
	from := c.MessagesID
	if from == "" {
		from = c.AccountID
	}
	if !meta.ValidID(from) {
		return fmt.Errorf("sending instagram private reply: invalid sender id %q", from)
	}
	msg := map[string]any{"recipient": map[string]string{"comment_id": id}, "message": map[string]string{"text": text}}
	if _, err := c.Graph.Do(ctx, http.MethodPost, "/"+from+"/messages", nil, msg); err != nil {
		return fmt.Errorf("sending instagram private reply: %w", err)
	}
	return nil
}

type igComment struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Caption   string `json:"caption"`
	Timestamp string `json:"timestamp"`
	Username  string `json:"username"`
	Permalink string `json:"permalink"`
	From      *struct {
		ID       string `json:"id"`
		Username string `json:"username"`
	} `json:"from"`
	Hidden bool `json:"hidden"`
	Media  *struct {
		ID string `json:"id"`
	} `json:"media"`
	ParentID string `json:"parent_id"`
}

func (gc igComment) snapshot(ref platform.Ref, raw []byte) platform.Snapshot {
	s := platform.Snapshot{Ref: ref, Text: gc.Text, Hidden: gc.Hidden, Permalink: gc.Permalink, Raw: raw}
	if s.Text == "" {
		s.Text = gc.Caption
	}
	s.Author.Name = gc.Username
	if gc.From != nil {
		s.Author.ID = gc.From.ID
		if s.Author.Name == "" {
			s.Author.Name = gc.From.Username
		}
	}
	if s.Ref.ParentID == "" {
		s.Ref.ParentID = gc.ParentID
		if s.Ref.ParentID == "" && gc.Media != nil {
			s.Ref.ParentID = gc.Media.ID
		}
	}
	if t, err := meta.Time(gc.Timestamp); err == nil {
		s.CreatedAt = t
	}
	return s
}

// Fetch reads a comment afresh, as evidence before a delete. A deleted
// comment returns an error wrapping platform.ErrGone.
func (c *Client) Fetch(ctx context.Context, ref platform.Ref) (platform.Snapshot, error) {
	id, err := objectID(ref)
	if err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching instagram comment: %w", err)
	}
	body, err := c.Graph.Do(ctx, http.MethodGet, "/"+id, url.Values{"fields": {FetchFields}}, nil)
	if err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching instagram comment: %w", err)
	}
	var gc igComment
	if err := json.Unmarshal(body, &gc); err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching instagram comment: decoding: %w", err)
	}
	return gc.snapshot(ref, body), nil
}

// FetchMention reads what a mention event points at through the account's
// mentioned_comment or mentioned_media field: the only way to read a
// comment or caption on media the account does not own.
func (c *Client) FetchMention(ctx context.Context, ref platform.Ref) (platform.Snapshot, error) {
	if !meta.ValidID(ref.ObjectID) || !meta.ValidID(c.AccountID) {
		return platform.Snapshot{}, fmt.Errorf("fetching instagram mention: invalid ids %q, %q", ref.ObjectID, c.AccountID)
	}
	field, key := "mentioned_comment.comment_id("+ref.ObjectID+"){id,text,timestamp,username,media}", "mentioned_comment"
	if ref.ParentID == "" {
		field, key = "mentioned_media.media_id("+ref.ObjectID+"){id,caption,timestamp,username,permalink}", "mentioned_media"
	}
	body, err := c.Graph.Do(ctx, http.MethodGet, "/"+c.AccountID, url.Values{"fields": {field}}, nil)
	if err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching instagram mention: %w", err)
	}
	var wrap map[string]json.RawMessage
	var gc igComment
	if err := json.Unmarshal(body, &wrap); err != nil || wrap[key] == nil || json.Unmarshal(wrap[key], &gc) != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching instagram mention: no %s in the answer", key)
	}
	return gc.snapshot(ref, body), nil
}

// Complete fills a mention event's Post from FetchMention; other events are
// returned unchanged.
func (c *Client) Complete(ctx context.Context, e platform.Event) (platform.Event, error) {
	if !IsMention(e) {
		return e, nil
	}
	s, err := c.FetchMention(ctx, e.Ref)
	if err != nil {
		return e, err
	}
	e.Post.Text, e.Post.Author, e.Post.Permalink = s.Text, s.Author, s.Permalink
	if !s.CreatedAt.IsZero() {
		e.Post.CreatedAt = s.CreatedAt
	}
	return e, nil
}
