// Package wordpress reads comments on a practice's WordPress site and
// moderates them through the REST API (platforms.md §7), and reads our own
// signed website webhook (see website.go for its specification).
//
// WordPress core sends no webhooks, so polling is the baseline: Comments
// lists comments of every status newer than a time. Comments held for
// moderation are reported as Added (they still need judging); spam and
// trash are skipped. Text is content.raw (context=edit), or the rendered
// HTML stripped to text when raw is absent.
//
// Refs: PageID is the site's id in Pagekeeper, ObjectID the comment id and
// ParentID the parent comment's id (empty for a top-level comment; the post
// it is on is read when replying). DedupeKey is "website:" + site + ":" +
// comment id + ":added", the same as an "added" website webhook, so both
// paths may run.
//
// Hide holds the comment (status "hold"), Unhide approves it, and Delete
// moves it to the trash, from which {"status":"untrash"} restores it.
package wordpress

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// Defaults for Client.
const (
	DefaultTimeout  = 30 * time.Second
	MaxResponseBody = 8 << 20 // 100 comments in context=edit, with room
	MaxPages        = 50      // 5000 comments per Comments call
	commentsPath    = "/wp-json/wp/v2/comments"
)

// Client talks to one site as a user with moderate_comments, using an
// application password over HTTP Basic.
type Client struct {
	BaseURL     string // the site root, e.g. https://example-surgery.nhs.uk
	User        string
	AppPassword string
	SiteID      string           // the site's id in Pagekeeper, used as Ref.PageID
	HTTP        *http.Client     // a client with DefaultTimeout when nil
	Now         func() time.Time // time.Now when nil
}

var defaultHTTP = &http.Client{Timeout: DefaultTimeout}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// APIError is a WordPress error answer ({"code","message","data":{"status"}}).
// It unwraps to the platform error it maps to, when there is one.
type APIError struct {
	Status  int
	Code    string `json:"code"`
	Message string `json:"message"`
	kind    error
}

func (e *APIError) Error() string {
	return fmt.Sprintf("wordpress error %s (HTTP %d): %.200s", e.Code, e.Status, e.Message)
}

// Unwrap returns the platform error e maps to, or nil.
func (e *APIError) Unwrap() error { return e.kind }

var authCodes = map[string]bool{
	"incorrect_password": true, "invalid_username": true, "invalid_email": true, "rest_not_logged_in": true,
	"application_passwords_disabled": true, "application_passwords_disabled_for_user": true,
}

func mapError(status int, h http.Header, body []byte, now time.Time) error {
	e := &APIError{Status: status}
	_ = json.Unmarshal(body, e)
	switch {
	case authCodes[e.Code]:
		e.kind = platform.ErrAuth
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.kind = platform.ErrPermission
	case e.Code == "rest_comment_invalid_id" || e.Code == "rest_already_trashed" || status == http.StatusGone:
		e.kind = platform.ErrGone
	case e.Code == "rest_trash_not_supported":
		e.kind = platform.ErrNotSupported
	case status == http.StatusTooManyRequests:
		return &platform.RateLimitError{RetryAt: retryAfter(h.Get("Retry-After"), now), Detail: e.Error()}
	case status >= 500:
		return &platform.TemporaryError{Err: e}
	}
	return e
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(v string, now time.Time) time.Time {
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return now.Add(time.Duration(s) * time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return t
	}
	return time.Time{}
}

// do sends one request and returns a 2xx answer's body and headers.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, body any) ([]byte, http.Header, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, nil, fmt.Errorf("encoding wordpress request: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	u := strings.TrimRight(c.BaseURL, "/") + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, nil, fmt.Errorf("building wordpress request: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.SetBasicAuth(c.User, c.AppPassword)
	hc := c.HTTP
	if hc == nil {
		hc = defaultHTTP
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("calling wordpress: %w", ctx.Err())
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, nil, &platform.TemporaryError{Err: fmt.Errorf("calling wordpress: %w", err)}
	}
	defer resp.Body.Close()
	data, err := platform.ReadLimited(resp.Body, MaxResponseBody)
	if err != nil {
		if errors.Is(err, platform.ErrTooLarge) {
			return nil, nil, fmt.Errorf("reading wordpress response: %w", err)
		}
		return nil, nil, &platform.TemporaryError{Err: fmt.Errorf("reading wordpress response: %w", err)}
	}
	if resp.StatusCode/100 != 2 {
		return nil, nil, mapError(resp.StatusCode, resp.Header, data, c.now())
	}
	return data, resp.Header, nil
}

// comment is a comment in context=edit; the e-mail and IP are left in Raw only.
type comment struct {
	ID         int64  `json:"id"`
	Post       int64  `json:"post"`
	Parent     int64  `json:"parent"`
	Author     int64  `json:"author"`
	AuthorName string `json:"author_name"`
	DateGMT    string `json:"date_gmt"`
	Content    struct {
		Rendered string  `json:"rendered"`
		Raw      *string `json:"raw"`
	} `json:"content"`
	Link   string `json:"link"`
	Status string `json:"status"`
}

func (cm comment) text() string {
	if cm.Content.Raw != nil {
		return *cm.Content.Raw
	}
	return StripHTML(cm.Content.Rendered)
}

func (cm comment) created() time.Time {
	t, err := time.Parse("2006-01-02T15:04:05", cm.DateGMT)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func (c *Client) ref(cm comment) platform.Ref {
	r := platform.Ref{Channel: moderation.Website, PageID: c.SiteID, ObjectID: strconv.FormatInt(cm.ID, 10)}
	if cm.Parent != 0 {
		r.ParentID = strconv.FormatInt(cm.Parent, 10)
	}
	return r
}

// Comments lists comments of every status posted after the given time
// (minus a second, so comments in the same second as the last poll's newest
// are not missed; DedupeKey absorbs the repeats), oldest first, following
// X-WP-TotalPages up to MaxPages. It returns the newest date_gmt seen, to
// pass next time (after itself when there were none). On a failed page the
// events read so far are returned with the error and newest is after.
func (c *Client) Comments(ctx context.Context, after time.Time) (events []platform.Event, newest time.Time, err error) {
	newest = after
	for page := 1; page <= MaxPages; page++ {
		q := url.Values{"status": {"all"}, "context": {"edit"}, "per_page": {"100"}, "page": {strconv.Itoa(page)},
			"orderby": {"date_gmt"}, "order": {"asc"}}
		if !after.IsZero() {
			q.Set("after", after.Add(-time.Second).UTC().Format("2006-01-02T15:04:05"))
		}
		body, h, err := c.do(ctx, http.MethodGet, commentsPath, q, nil)
		if err != nil {
			return events, after, fmt.Errorf("listing wordpress comments: %w", err)
		}
		var raws []json.RawMessage
		if err := json.Unmarshal(body, &raws); err != nil {
			return events, after, fmt.Errorf("listing wordpress comments: decoding: %w", err)
		}
		for _, raw := range raws {
			var cm comment
			if json.Unmarshal(raw, &cm) != nil || cm.ID <= 0 {
				continue
			}
			if t := cm.created(); t.After(newest) {
				newest = t
			}
			if cm.Status == "spam" || cm.Status == "trash" {
				continue
			}
			ref := c.ref(cm)
			events = append(events, platform.Event{
				Kind: platform.Added,
				Ref:  ref,
				Post: moderation.Post{Channel: moderation.Website, ExternalID: ref.ObjectID, ParentID: ref.ParentID,
					Author: moderation.Author{ID: authorID(cm.Author), Name: cm.AuthorName}, Text: cm.text(),
					Permalink: cm.Link, CreatedAt: cm.created()},
				DedupeKey: dedupeKey(c.SiteID, ref.ObjectID, "added", ""),
				Raw:       bytes.Clone(raw),
			})
		}
		total, err := strconv.Atoi(h.Get("X-WP-TotalPages"))
		if err != nil || page >= total || len(raws) == 0 {
			break
		}
	}
	return events, newest, nil
}

func authorID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func commentID(ref platform.Ref) (string, error) {
	n, err := strconv.ParseInt(ref.ObjectID, 10, 64)
	if err != nil || n <= 0 {
		return "", fmt.Errorf("invalid wordpress comment id %q", ref.ObjectID)
	}
	return strconv.FormatInt(n, 10), nil
}

func (c *Client) setStatus(ctx context.Context, ref platform.Ref, status, verb string) error {
	id, err := commentID(ref)
	if err != nil {
		return fmt.Errorf("%s wordpress comment: %w", verb, err)
	}
	body, _, err := c.do(ctx, http.MethodPost, commentsPath+"/"+id, nil, map[string]string{"status": status})
	if err != nil {
		return fmt.Errorf("%s wordpress comment: %w", verb, err)
	}
	var cm comment
	if err := json.Unmarshal(body, &cm); err != nil {
		return fmt.Errorf("%s wordpress comment: decoding: %w", verb, err)
	}
	return nil
}

// Hide holds the comment for moderation: the public no longer sees it.
func (c *Client) Hide(ctx context.Context, ref platform.Ref) error {
	return c.setStatus(ctx, ref, "hold", "holding")
}

// Unhide approves the comment.
func (c *Client) Unhide(ctx context.Context, ref platform.Ref) error {
	return c.setStatus(ctx, ref, "approved", "approving")
}

// Restore takes a comment out of the trash.
func (c *Client) Restore(ctx context.Context, ref platform.Ref) error {
	return c.setStatus(ctx, ref, "untrash", "restoring")
}

// Delete moves the comment to the trash (restorable with Restore). A
// comment already in the trash, or gone, wraps platform.ErrGone; a site
// with the trash turned off wraps platform.ErrNotSupported.
func (c *Client) Delete(ctx context.Context, ref platform.Ref) error {
	id, err := commentID(ref)
	if err != nil {
		return fmt.Errorf("trashing wordpress comment: %w", err)
	}
	if _, _, err := c.do(ctx, http.MethodDelete, commentsPath+"/"+id, nil, nil); err != nil {
		return fmt.Errorf("trashing wordpress comment: %w", err)
	}
	return nil
}

// Reply posts an approved reply as the moderator, under the comment on the
// same post (read first, since a ref does not carry the post).
func (c *Client) Reply(ctx context.Context, ref platform.Ref, text string) (platform.Ref, error) {
	id, err := commentID(ref)
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on wordpress: %w", err)
	}
	cm, _, err := c.get(ctx, id)
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on wordpress: %w", err)
	}
	body, _, err := c.do(ctx, http.MethodPost, commentsPath, nil, map[string]any{"post": cm.Post, "parent": cm.ID, "content": text, "status": "approved"})
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on wordpress: %w", err)
	}
	var created comment
	if err := json.Unmarshal(body, &created); err != nil || created.ID <= 0 {
		return platform.Ref{}, errors.New("replying on wordpress: no id in the answer")
	}
	return platform.Ref{Channel: moderation.Website, PageID: ref.PageID, ObjectID: strconv.FormatInt(created.ID, 10), ParentID: id}, nil
}

// PrivateReply always fails with platform.ErrNotSupported: WordPress has no private messages.
func (c *Client) PrivateReply(context.Context, platform.Ref, string) error {
	return fmt.Errorf("sending wordpress private reply: %w", platform.ErrNotSupported)
}

func (c *Client) get(ctx context.Context, id string) (comment, []byte, error) {
	body, _, err := c.do(ctx, http.MethodGet, commentsPath+"/"+id, url.Values{"context": {"edit"}}, nil)
	if err != nil {
		return comment{}, nil, err
	}
	var cm comment
	if err := json.Unmarshal(body, &cm); err != nil {
		return comment{}, nil, fmt.Errorf("decoding: %w", err)
	}
	return cm, body, nil
}

// Fetch reads the comment afresh. Hidden is true for any status but
// approved (held, spam or trash): the public cannot see it.
func (c *Client) Fetch(ctx context.Context, ref platform.Ref) (platform.Snapshot, error) {
	id, err := commentID(ref)
	if err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching wordpress comment: %w", err)
	}
	cm, body, err := c.get(ctx, id)
	if err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching wordpress comment: %w", err)
	}
	s := platform.Snapshot{Ref: ref, Text: cm.text(), Author: moderation.Author{ID: authorID(cm.Author), Name: cm.AuthorName},
		CreatedAt: cm.created(), Permalink: cm.Link, Hidden: cm.Status != "approved", Raw: body}
	if s.Ref.ParentID == "" && cm.Parent != 0 {
		s.Ref.ParentID = strconv.FormatInt(cm.Parent, 10)
	}
	return s, nil
}
