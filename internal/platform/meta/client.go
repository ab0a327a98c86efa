package meta

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// Graph API defaults. The version is configuration: Meta releases about three a year.
const (
	DefaultBaseURL  = "https://graph.facebook.com"
	DefaultVersion  = "v26.0"
	MaxResponseBody = 1 << 20
	DefaultTimeout  = 30 * time.Second
)

// Client calls the Graph API with a Page (or Instagram user) access token.
// The zero value of every field but Token has a sensible default.
type Client struct {
	BaseURL string           // DefaultBaseURL when empty; graph.instagram.com for Instagram Login
	Version string           // DefaultVersion when empty
	Token   string           // sent as Authorization: Bearer, never in URLs
	HTTP    *http.Client     // a client with DefaultTimeout when nil
	Now     func() time.Time // time.Now when nil; used for rate-limit RetryAt

	// Meta counts every call against the token's budget and lengthens the
	// penalty for calls made while throttled, so once an answer announces
	// when access returns, no call goes until then.
	mu    sync.Mutex
	until time.Time
}

var defaultHTTP = &http.Client{Timeout: DefaultTimeout}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// URL returns the address of path (which starts with "/") with query q.
func (c *Client) URL(path string, q url.Values) string {
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	v := c.Version
	if v == "" {
		v = DefaultVersion
	}
	u := strings.TrimRight(base, "/") + "/" + v + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// Do sends one request and returns the response body of a 2xx answer. body
// is sent as JSON when it is not nil and not url.Values, as a form when it
// is url.Values. Failures are platform errors (see MapError); transport
// failures and timeouts are *platform.TemporaryError, unless ctx itself
// ended, which returns ctx's error.
func (c *Client) Do(ctx context.Context, method, path string, q url.Values, body any) ([]byte, error) {
	c.mu.Lock()
	until := c.until
	c.mu.Unlock()
	if c.now().Before(until) {
		return nil, &platform.RateLimitError{RetryAt: until, Detail: "graph: waiting for the reset the last rate limit announced"}
	}
	var rd io.Reader
	var ctype string
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("encoding graph request: %w", err)
		}
		rd, ctype = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, c.URL(path, q), rd)
	if err != nil {
		return nil, fmt.Errorf("building graph request: %w", err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = defaultHTTP
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("calling graph %s: %w", method, ctx.Err())
		}
		return nil, &platform.TemporaryError{Err: fmt.Errorf("calling graph %s: %w", method, stripURL(err))}
	}
	defer resp.Body.Close()
	data, err := platform.ReadLimited(resp.Body, MaxResponseBody)
	if err != nil {
		if errors.Is(err, platform.ErrTooLarge) {
			return nil, fmt.Errorf("reading graph response: %w", err)
		}
		return nil, &platform.TemporaryError{Err: fmt.Errorf("reading graph response: %w", err)}
	}
	if resp.StatusCode/100 != 2 {
		err := MapError(resp.StatusCode, resp.Header, data, c.now())
		var rl *platform.RateLimitError
		if errors.As(err, &rl) && !rl.RetryAt.IsZero() {
			c.mu.Lock()
			c.until = later(c.until, rl.RetryAt)
			c.mu.Unlock()
		}
		return nil, err
	}
	return data, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// stripURL drops the request URL from transport errors: it may carry
// message text in its query (Instagram replies are sent that way).
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// DoSuccess sends one request whose answer is {"success": true} (hide,
// unhide, delete) and checks that answer, as Do and Success together.
func (c *Client) DoSuccess(ctx context.Context, method, path string, q url.Values, body any) error {
	b, err := c.Do(ctx, method, path, q, body)
	if err != nil {
		return err
	}
	return Success(b)
}

// Success checks a {"success": true} answer; Meta sometimes sends the string "true".
func Success(body []byte) error {
	var r struct {
		Success json.RawMessage `json:"success"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("decoding graph answer: %w", err)
	}
	switch string(r.Success) {
	case "true", `"true"`:
		return nil
	}
	return errors.New("decoding graph answer: success is not true")
}

// ID reads the "id" of a create answer such as {"id":"123_456"}.
func ID(body []byte) (string, error) {
	var r struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return "", fmt.Errorf("decoding graph answer: %w", err)
	}
	if r.ID == "" {
		return "", errors.New("decoding graph answer: no id")
	}
	return r.ID, nil
}

// Time parses a Graph read-API time such as 2026-11-21T08:39:58+0000.
func Time(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05-0700", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("parsing graph time %q", truncate(s, 40))
}

// ValidID reports whether id looks like a Graph object ID (digits, with
// underscores joining parts). IDs from webhooks are checked before they go
// into a path, so a hostile payload cannot steer a call to another endpoint.
func ValidID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		if (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}
