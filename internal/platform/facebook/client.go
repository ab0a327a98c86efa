package facebook

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
)

// Client acts on one Page's comments and visitor posts with a Page access token.
type Client struct {
	Graph  *meta.Client
	PageID string // the Page private replies are sent from
}

// FetchFields are the fields Fetch asks for.
const FetchFields = "id,message,from,created_time,parent,is_hidden,permalink_url,attachment"

func objectID(ref platform.Ref) (string, error) {
	if !meta.ValidID(ref.ObjectID) {
		return "", fmt.Errorf("invalid facebook object id %q", ref.ObjectID)
	}
	return ref.ObjectID, nil
}

// Hide hides a comment from everyone but its author, their friends and the
// Page's admins. Comments by the Page itself cannot be hidden.
func (c *Client) Hide(ctx context.Context, ref platform.Ref) error {
	return c.setHidden(ctx, ref, true)
}

// Unhide reverses Hide.
func (c *Client) Unhide(ctx context.Context, ref platform.Ref) error {
	return c.setHidden(ctx, ref, false)
}

func (c *Client) setHidden(ctx context.Context, ref platform.Ref, hidden bool) error {
	verb := map[bool]string{true: "hiding", false: "unhiding"}[hidden]
	id, err := objectID(ref)
	if err != nil {
		return fmt.Errorf("%s facebook comment: %w", verb, err)
	}
	if err := c.Graph.DoSuccess(ctx, http.MethodPost, "/"+id, nil, url.Values{"is_hidden": {fmt.Sprint(hidden)}}); err != nil {
		return fmt.Errorf("%s facebook comment: %w", verb, err)
	}
	return nil
}

// Delete removes a comment or post for good: keep a Fetch snapshot first.
// An object that is already gone returns an error wrapping
// platform.ErrGone, which callers count as done.
func (c *Client) Delete(ctx context.Context, ref platform.Ref) error {
	id, err := objectID(ref)
	if err != nil {
		return fmt.Errorf("deleting facebook object: %w", err)
	}
	if err := c.Graph.DoSuccess(ctx, http.MethodDelete, "/"+id, nil, nil); err != nil {
		return fmt.Errorf("deleting facebook object: %w", err)
	}
	return nil
}

// Reply posts a public reply as the Page under the object and returns the new comment's ref.
func (c *Client) Reply(ctx context.Context, ref platform.Ref, text string) (platform.Ref, error) {
	id, err := objectID(ref)
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on facebook: %w", err)
	}
	body, err := c.Graph.Do(ctx, http.MethodPost, "/"+id+"/comments", nil, url.Values{"message": {text}})
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on facebook: %w", err)
	}
	newID, err := meta.ID(body)
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on facebook: %w", err)
	}
	return platform.Ref{Channel: moderation.Facebook, PageID: ref.PageID, ObjectID: newID, ParentID: id}, nil
}

// PrivateReply sends the one Messenger message Facebook allows per comment
// (or visitor post, when ref has no ParentID), within 7 days of it. Do not
// retry blindly: a lost answer may still mean the message went.
func (c *Client) PrivateReply(ctx context.Context, ref platform.Ref, text string) error {
	id, err := objectID(ref)
	if err != nil {
		return fmt.Errorf("sending facebook private reply: %w", err)
	}
	page := c.PageID
	if page == "" {
		page = ref.PageID
	}
	if !meta.ValidID(page) {
		return fmt.Errorf("sending facebook private reply: invalid page id %q", page)
	}
	recipient := map[string]string{"comment_id": id}
	if ref.ParentID == "" {
		recipient = map[string]string{"post_id": id}
	}
	msg := map[string]any{"recipient": recipient, "message": map[string]string{"text": text}}
	if _, err := c.Graph.Do(ctx, http.MethodPost, "/"+page+"/messages", nil, msg); err != nil {
		return fmt.Errorf("sending facebook private reply: %w", err)
	}
	return nil
}

type graphComment struct {
	ID          string  `json:"id"`
	Message     string  `json:"message"`
	From        *author `json:"from"`
	CreatedTime string  `json:"created_time"`
	Parent      *struct {
		ID string `json:"id"`
	} `json:"parent"`
	IsHidden     bool   `json:"is_hidden"`
	PermalinkURL string `json:"permalink_url"`
	Attachment   *struct {
		Type  string `json:"type"`
		URL   string `json:"url"`
		Media struct {
			Image struct {
				Src string `json:"src"`
			} `json:"image"`
			Source string `json:"source"`
		} `json:"media"`
	} `json:"attachment"`
}

// Fetch reads the object afresh, as evidence before a delete. A deleted
// object returns an error wrapping platform.ErrGone.
func (c *Client) Fetch(ctx context.Context, ref platform.Ref) (platform.Snapshot, error) {
	id, err := objectID(ref)
	if err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching facebook object: %w", err)
	}
	body, err := c.Graph.Do(ctx, http.MethodGet, "/"+id, url.Values{"fields": {FetchFields}}, nil)
	if err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching facebook object: %w", err)
	}
	var gc graphComment
	if err := json.Unmarshal(body, &gc); err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching facebook object: decoding: %w", err)
	}
	s := platform.Snapshot{Ref: ref, Text: gc.Message, Hidden: gc.IsHidden, Permalink: gc.PermalinkURL, Raw: body}
	if gc.Parent != nil && s.Ref.ParentID == "" {
		s.Ref.ParentID = gc.Parent.ID
	}
	if gc.From != nil {
		s.Author = moderation.Author{ID: gc.From.ID, Name: gc.From.Name}
	}
	if gc.CreatedTime != "" {
		if t, err := meta.Time(gc.CreatedTime); err == nil {
			s.CreatedAt = t
		}
	}
	if a := gc.Attachment; a != nil {
		kind := "photo"
		if strings.Contains(a.Type, "video") || strings.Contains(a.Type, "animated") {
			kind = "video"
		}
		u := a.Media.Image.Src
		if kind == "video" && a.Media.Source != "" {
			u = a.Media.Source
		}
		if u == "" {
			u = a.URL
		}
		if u != "" {
			s.Media = append(s.Media, moderation.Media{Kind: kind, URL: u})
		}
	}
	return s, nil
}
