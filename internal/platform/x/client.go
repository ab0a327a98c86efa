package x

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// Defaults for Client.
const (
	DefaultBaseURL  = "https://api.x.com"
	DefaultTimeout  = 30 * time.Second
	MaxResponseBody = 2 << 20
	// MaxPages bounds one Mentions call: X serves only about the 800 newest
	// mentions, which is 8 pages of 100.
	MaxPages = 10
)

// Query parameters for reading tweets.
const (
	TweetFields = "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,lang,note_tweet,attachments"
	Expansions  = "author_id,referenced_tweets.id,in_reply_to_user_id"
	UserFields  = "username,name"
)

// Client reads mentions of, and moderates replies to, one X account with
// that account's OAuth 2.0 user token. It is safe for concurrent use.
type Client struct {
	BaseURL string           // DefaultBaseURL when empty
	Token   string           // OAuth 2.0 user token (tweet.read users.read tweet.moderate.write tweet.write)
	UserID  string           // the practice's account id
	HTTP    *http.Client     // a client with DefaultTimeout when nil
	Now     func() time.Time // time.Now when nil

	mu     sync.Mutex
	limits map[string]window
}

// window is what the last response said about an endpoint's rate limit.
type window struct {
	remaining int
	reset     time.Time
}

var defaultHTTP = &http.Client{Timeout: DefaultTimeout}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// RateLimit reports what X last said about an endpoint ("mentions", "hide",
// "post", "lookup"): calls remaining and when the window resets. ok is false
// when no answer has said yet.
func (c *Client) RateLimit(endpoint string) (remaining int, reset time.Time, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w, ok := c.limits[endpoint]
	return w.remaining, w.reset, ok
}

// problem is X's v2 error shape, and the older {"errors":[{code,message}]}.
type problem struct {
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Type   string `json:"type"`
	Status int    `json:"status"`
	Errors []struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Title   string `json:"title"`
		Type    string `json:"type"`
		Detail  string `json:"detail"`
	} `json:"errors"`
}

const notFoundType = "https://api.twitter.com/2/problems/resource-not-found"

// APIError is an X error answer. It unwraps to the platform error it maps
// to, when there is one.
type APIError struct {
	Status int
	Title  string
	Type   string
	kind   error
}

func (e *APIError) Error() string {
	return fmt.Sprintf("x error (HTTP %d): %s %s", e.Status, e.Title, e.Type)
}

// Unwrap returns the platform error e maps to, or nil.
func (e *APIError) Unwrap() error { return e.kind }

// do sends one request to endpoint (the rate-limit bucket) and returns the
// body of a 2xx answer. It refuses to call while the bucket is exhausted.
func (c *Client) do(ctx context.Context, endpoint, method, path string, q url.Values, body any) ([]byte, error) {
	now := c.now()
	c.mu.Lock()
	w, known := c.limits[endpoint]
	c.mu.Unlock()
	if known && w.remaining <= 0 && now.Before(w.reset) {
		return nil, &platform.RateLimitError{RetryAt: w.reset, Detail: "x " + endpoint + " limit used up"}
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encoding x request: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u := strings.TrimRight(base, "/") + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("building x request: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	hc := c.HTTP
	if hc == nil {
		hc = defaultHTTP
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("calling x: %w", ctx.Err())
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, &platform.TemporaryError{Err: fmt.Errorf("calling x %s: %w", endpoint, err)}
	}
	defer resp.Body.Close()
	reset, hasReset := c.record(endpoint, resp.Header)
	data, err := platform.ReadLimited(resp.Body, MaxResponseBody)
	if err != nil {
		if errors.Is(err, platform.ErrTooLarge) {
			return nil, fmt.Errorf("reading x response: %w", err)
		}
		return nil, &platform.TemporaryError{Err: fmt.Errorf("reading x response: %w", err)}
	}
	if resp.StatusCode/100 == 2 {
		return data, nil
	}
	var p problem
	_ = json.Unmarshal(data, &p)
	ae := &APIError{Status: resp.StatusCode, Title: p.Title, Type: p.Type}
	if ae.Title == "" && len(p.Errors) > 0 {
		ae.Title = p.Errors[0].Message
	}
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		c.mu.Lock()
		if hasReset {
			c.limits[endpoint] = window{remaining: 0, reset: reset}
		}
		c.mu.Unlock()
		var at time.Time
		if hasReset {
			at = reset
		}
		return nil, &platform.RateLimitError{RetryAt: at, Detail: ae.Error()}
	case s == http.StatusUnauthorized:
		ae.kind = platform.ErrAuth
	case s == http.StatusForbidden:
		ae.kind = platform.ErrPermission
	case s == http.StatusNotFound || s == http.StatusGone:
		ae.kind = platform.ErrGone
	case s >= 500:
		return nil, &platform.TemporaryError{Err: ae}
	}
	return nil, ae
}

// record keeps the rate-limit headers of an answer and returns its reset time.
func (c *Client) record(endpoint string, h http.Header) (time.Time, bool) {
	rem, err1 := strconv.Atoi(h.Get("x-rate-limit-remaining"))
	sec, err2 := strconv.ParseInt(h.Get("x-rate-limit-reset"), 10, 64)
	if err2 != nil || sec <= 0 {
		return time.Time{}, false
	}
	reset := time.Unix(sec, 0).UTC()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.limits == nil {
		c.limits = map[string]window{}
	}
	// An answer to a call sent before the window ran out must not reopen
	// it: until the reset X announced, the window stays used up.
	if w, ok := c.limits[endpoint]; ok && w.remaining <= 0 && c.now().Before(w.reset) {
		return reset, true
	}
	if err1 == nil {
		c.limits[endpoint] = window{remaining: rem, reset: reset}
	}
	return reset, true
}

type v2Tweet struct {
	ID               string `json:"id"`
	Text             string `json:"text"`
	AuthorID         string `json:"author_id"`
	CreatedAt        string `json:"created_at"`
	ConversationID   string `json:"conversation_id"`
	ReferencedTweets []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"referenced_tweets"`
	NoteTweet *struct {
		Text string `json:"text"`
	} `json:"note_tweet"`
}

type v2User struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

type v2Includes struct {
	Users []v2User `json:"users"`
}

func (in v2Includes) user(id string) v2User {
	for _, u := range in.Users {
		if u.ID == id {
			return u
		}
	}
	return v2User{ID: id}
}

func (c *Client) post(tw v2Tweet, in v2Includes) moderation.Post {
	u := in.user(tw.AuthorID)
	p := moderation.Post{Channel: moderation.X, ExternalID: tw.ID, Text: tw.Text,
		Author: moderation.Author{ID: tw.AuthorID, Name: u.Name}, Permalink: permalink(u.Username, tw.ID)}
	if tw.NoteTweet != nil && tw.NoteTweet.Text != "" {
		p.Text = tw.NoteTweet.Text
	}
	for _, r := range tw.ReferencedTweets {
		if r.Type == "replied_to" && validID(r.ID) {
			p.ParentID = r.ID
		}
	}
	if t, err := time.Parse(time.RFC3339, tw.CreatedAt); err == nil {
		p.CreatedAt = t.UTC()
	}
	return p
}

// Mentions reads the mentions newer than sinceID (all that X still serves
// when sinceID is empty), following pagination_token up to MaxPages pages,
// and returns them oldest first with the newest id to pass next time.
// Tweets by the account itself are skipped. If a page fails, the events
// read so far are returned with the error and newest is sinceID unchanged,
// so the next poll reads the gap again (DedupeKey makes that harmless).
func (c *Client) Mentions(ctx context.Context, sinceID string) (events []platform.Event, newest string, err error) {
	if !validID(c.UserID) {
		return nil, sinceID, fmt.Errorf("reading x mentions: invalid user id %q", c.UserID)
	}
	if sinceID != "" && !validID(sinceID) {
		return nil, sinceID, fmt.Errorf("reading x mentions: invalid since_id %q", sinceID)
	}
	newest = sinceID
	token := ""
	for page := 0; page < MaxPages; page++ {
		q := url.Values{"max_results": {"100"}, "tweet.fields": {TweetFields}, "expansions": {Expansions}, "user.fields": {UserFields}}
		if sinceID != "" {
			q.Set("since_id", sinceID)
		}
		if token != "" {
			q.Set("pagination_token", token)
		}
		body, err := c.do(ctx, "mentions", http.MethodGet, "/2/users/"+c.UserID+"/mentions", q, nil)
		if err != nil {
			return events, sinceID, fmt.Errorf("reading x mentions: %w", err)
		}
		var r struct {
			Data     []json.RawMessage `json:"data"`
			Includes v2Includes        `json:"includes"`
			Meta     struct {
				NewestID  string `json:"newest_id"`
				NextToken string `json:"next_token"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return events, sinceID, fmt.Errorf("reading x mentions: decoding: %w", err)
		}
		if page == 0 && validID(r.Meta.NewestID) {
			newest = r.Meta.NewestID
		}
		for _, raw := range r.Data {
			var tw v2Tweet
			if json.Unmarshal(raw, &tw) != nil || !validID(tw.ID) || tw.AuthorID == c.UserID {
				continue
			}
			p := c.post(tw, r.Includes)
			events = append(events, platform.Event{
				Kind:      platform.Added,
				Ref:       platform.Ref{Channel: moderation.X, PageID: c.UserID, ObjectID: tw.ID, ParentID: p.ParentID},
				Post:      p,
				DedupeKey: "x:" + tw.ID + ":add",
				Raw:       bytes.Clone(raw),
			})
		}
		token = r.Meta.NextToken
		if token == "" {
			break
		}
	}
	slices.Reverse(events)
	return events, newest, nil
}

func tweetID(ref platform.Ref) (string, error) {
	if !validID(ref.ObjectID) {
		return "", fmt.Errorf("invalid tweet id %q", ref.ObjectID)
	}
	return ref.ObjectID, nil
}

// Hide hides a reply in a conversation the account started. Anyone can
// still see it behind "View hidden replies". X allows 50 calls per 15 minutes.
func (c *Client) Hide(ctx context.Context, ref platform.Ref) error {
	return c.setHidden(ctx, ref, true)
}

// Unhide reverses Hide.
func (c *Client) Unhide(ctx context.Context, ref platform.Ref) error {
	return c.setHidden(ctx, ref, false)
}

func (c *Client) setHidden(ctx context.Context, ref platform.Ref, hidden bool) error {
	verb := map[bool]string{true: "hiding", false: "unhiding"}[hidden]
	id, err := tweetID(ref)
	if err != nil {
		return fmt.Errorf("%s x reply: %w", verb, err)
	}
	body, err := c.do(ctx, "hide", http.MethodPut, "/2/tweets/"+id+"/hidden", nil, map[string]bool{"hidden": hidden})
	if err != nil {
		return fmt.Errorf("%s x reply: %w", verb, err)
	}
	var r struct {
		Data struct {
			Hidden bool `json:"hidden"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Data.Hidden != hidden {
		return fmt.Errorf("%s x reply: the answer does not confirm it", verb)
	}
	return nil
}

// Delete always fails with platform.ErrNotSupported: X lets us delete only our own posts.
func (c *Client) Delete(context.Context, platform.Ref) error {
	return fmt.Errorf("deleting on x: %w", platform.ErrNotSupported)
}

// PrivateReply always fails with platform.ErrNotSupported.
func (c *Client) PrivateReply(context.Context, platform.Ref, string) error {
	return fmt.Errorf("sending x private reply: %w", platform.ErrNotSupported)
}

// Reply posts a public reply from the account.
func (c *Client) Reply(ctx context.Context, ref platform.Ref, text string) (platform.Ref, error) {
	id, err := tweetID(ref)
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on x: %w", err)
	}
	body, err := c.do(ctx, "post", http.MethodPost, "/2/tweets", nil, map[string]any{"text": text, "reply": map[string]string{"in_reply_to_tweet_id": id}})
	if err != nil {
		return platform.Ref{}, fmt.Errorf("replying on x: %w", err)
	}
	var r struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil || !validID(r.Data.ID) {
		return platform.Ref{}, errors.New("replying on x: no id in the answer")
	}
	return platform.Ref{Channel: moderation.X, PageID: ref.PageID, ObjectID: r.Data.ID, ParentID: id}, nil
}

// Fetch reads a tweet afresh, as evidence. A deleted tweet (404, or 200
// with a resource-not-found error and no data) wraps platform.ErrGone.
// Hidden is not reported: X does not say.
func (c *Client) Fetch(ctx context.Context, ref platform.Ref) (platform.Snapshot, error) {
	id, err := tweetID(ref)
	if err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching x tweet: %w", err)
	}
	q := url.Values{"tweet.fields": {TweetFields}, "expansions": {Expansions + ",attachments.media_keys"}, "user.fields": {UserFields}, "media.fields": {"type,url,preview_image_url"}}
	body, err := c.do(ctx, "lookup", http.MethodGet, "/2/tweets/"+id, q, nil)
	if err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching x tweet: %w", err)
	}
	var r struct {
		Data     *v2Tweet `json:"data"`
		Includes struct {
			v2Includes
			Media []struct {
				Type    string `json:"type"`
				URL     string `json:"url"`
				Preview string `json:"preview_image_url"`
			} `json:"media"`
		} `json:"includes"`
		Errors []struct {
			Type string `json:"type"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return platform.Snapshot{}, fmt.Errorf("fetching x tweet: decoding: %w", err)
	}
	if r.Data == nil {
		for _, e := range r.Errors {
			if e.Type == notFoundType {
				return platform.Snapshot{}, fmt.Errorf("fetching x tweet: %w", platform.ErrGone)
			}
		}
		return platform.Snapshot{}, errors.New("fetching x tweet: no data in the answer")
	}
	p := c.post(*r.Data, r.Includes.v2Includes)
	s := platform.Snapshot{Ref: ref, Text: p.Text, Author: p.Author, CreatedAt: p.CreatedAt, Permalink: p.Permalink, Raw: body}
	if s.Ref.ParentID == "" {
		s.Ref.ParentID = p.ParentID
	}
	for _, m := range r.Includes.Media {
		kind, u := "photo", m.URL
		if m.Type != "photo" {
			kind, u = "video", m.Preview
		}
		s.Media = append(s.Media, moderation.Media{Kind: kind, URL: u})
	}
	return s, nil
}
