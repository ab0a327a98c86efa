package platformtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// XTweet is a post FakeX holds.
type XTweet struct {
	ID        string
	AuthorID  string
	Username  string
	Name      string
	Text      string
	Created   time.Time
	InReplyTo string // the tweet it replies to; hiding needs one
	Mentions  bool   // whether it mentions the account (served by the mentions endpoint)
	Hidden    bool
	Deleted   bool
}

// FakeX serves the X API v2 endpoints the adapter uses:
//
//	GET  /2/users/{id}/mentions   since_id, max_results, pagination_token; newest first
//	PUT  /2/tweets/{id}/hidden    {"hidden":bool}
//	POST /2/tweets                {"text", "reply":{"in_reply_to_tweet_id"}}
//	GET  /2/tweets/{id}           200 with a resource-not-found error once deleted
//
// Each endpoint has a 15-minute window (MentionsLimit, HideLimit, PostLimit,
// LookupLimit calls) reported in x-rate-limit-* headers that count down and
// reset; past the limit it answers 429 in the v2 body shape, or the older
// {"errors":[{"code":88}]} when Old429 is set.
type FakeX struct {
	URL                                              string
	Token                                            string // required bearer token when set
	UserID                                           string
	MentionsLimit, HideLimit, PostLimit, LookupLimit int
	Window                                           time.Duration
	Old429                                           bool
	calls
	faults
	srv     *httptest.Server
	now     func() time.Time
	mu      sync.Mutex
	tweets  map[string]*XTweet
	windows map[string]*xWindow
	seq     int64
}

type xWindow struct {
	used  int
	reset time.Time
}

// NewFakeX starts a FakeX for the account userID with X's documented limits
// (300 mentions reads and 50 hides per 15 minutes per user).
func NewFakeX(userID string, now func() time.Time) *FakeX {
	f := &FakeX{UserID: userID, MentionsLimit: 300, HideLimit: 50, PostLimit: 100, LookupLimit: 900, Window: 15 * time.Minute,
		now: clock(now), tweets: map[string]*XTweet{}, windows: map[string]*xWindow{}, seq: 1861234567890200000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close stops the server.
func (f *FakeX) Close() { f.srv.Close() }

// Put adds or replaces a tweet.
func (f *FakeX) Put(t XTweet) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tweets[t.ID] = &t
}

// Tweet returns the tweet with id as it stands now.
func (f *FakeX) Tweet(id string) (XTweet, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.tweets[id]
	if !ok {
		return XTweet{}, false
	}
	return *t, true
}

// XServerError is a 503 in X's problem shape.
func XServerError() Fault {
	return Fault{Status: 503, Body: `{"title":"Service Unavailable","detail":"Service Unavailable","type":"about:blank","status":503}`}
}

// XUnauthorized is a 401 for a revoked or expired token.
func XUnauthorized() Fault {
	return Fault{Status: 401, Body: `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`}
}

// XForbidden is a 403 for an endpoint the access level does not cover.
func XForbidden() Fault {
	return Fault{Status: 403, Body: `{"title":"Forbidden","type":"https://api.twitter.com/2/problems/client-forbidden","status":403,"detail":"You are not permitted to perform this action."}`}
}

// XTooManyRequests is a 429 with reset at the given time, in the v2 shape or the old one.
func XTooManyRequests(reset time.Time, old bool) Fault {
	body := `{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`
	if old {
		body = `{"errors":[{"code":88,"message":"Rate limit exceeded"}]}`
	}
	return Fault{Status: 429, Body: body, Header: http.Header{"X-Rate-Limit-Remaining": {"0"}, "X-Rate-Limit-Reset": {strconv.FormatInt(reset.Unix(), 10)}}}
}

// XTimeout is a call the fake leaves unanswered for hang (then a 504).
func XTimeout(hang time.Duration) Fault {
	return Fault{Status: 504, Hang: hang, Body: `{"title":"Gateway Timeout","detail":"Gateway Timeout","type":"about:blank","status":504}`}
}

// XFaultMix is a flaky X API for FailRandom, in equal shares: "rate_limit"
// (a 429 whose x-rate-limit-reset is the first whole second at least reset
// after the call; v2 and old bodies in turn), "server_error"
// (XServerError) and "timeout" (XTimeout(hang)).
func XFaultMix(reset, hang time.Duration) []RandomFault {
	turn := 0
	return []RandomFault{
		{Kind: "rate_limit", Make: func(now time.Time) Fault {
			turn++
			at := now.Add(reset + time.Second - 1).Truncate(time.Second)
			f := XTooManyRequests(at, turn%2 == 0)
			f.Reset = at
			return f
		}},
		{Kind: "server_error", Make: func(time.Time) Fault { return XServerError() }},
		{Kind: "timeout", Make: func(time.Time) Fault { return XTimeout(hang) }},
	}
}

// allow counts a call against endpoint's window and sets the headers; it
// reports false when the window is used up.
func (f *FakeX) allow(w http.ResponseWriter, endpoint string, limit int) bool {
	now := f.now()
	win := f.windows[endpoint]
	if win == nil || !now.Before(win.reset) {
		win = &xWindow{reset: now.Add(f.Window)}
		f.windows[endpoint] = win
	}
	w.Header().Set("x-rate-limit-limit", strconv.Itoa(limit))
	w.Header().Set("x-rate-limit-reset", strconv.FormatInt(win.reset.Unix(), 10))
	if win.used >= limit {
		w.Header().Set("x-rate-limit-remaining", "0")
		return false
	}
	win.used++
	w.Header().Set("x-rate-limit-remaining", strconv.Itoa(limit-win.used))
	return true
}

func xProblem(w http.ResponseWriter, status int, title, typ string) {
	writeJSON(w, status, map[string]any{"title": title, "detail": title, "type": typ, "status": status})
}

// idLess orders decimal ids numerically.
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (f *FakeX) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	now := f.now()
	n := f.add(Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Body: body, Header: r.Header.Clone(), Time: now})
	sw := &statusWriter{ResponseWriter: w}
	w = sw
	var injected Fault
	var applied *httptest.ResponseRecorder
	defer func() {
		answer(sw, r, injected, applied)
		f.done(n, sw.status, f.now(), injected, applied)
	}()
	if f.Token != "" && r.Header.Get("Authorization") != "Bearer "+f.Token {
		XUnauthorized().write(w)
		return
	}
	if fault, ok := f.take(now); ok {
		injected = fault
		if !fault.Apply {
			fault.inject(w, r)
			return
		}
		applied = httptest.NewRecorder()
		w = applied
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	endpoint, limit := "", 0
	switch {
	case len(parts) == 4 && parts[1] == "users" && parts[3] == "mentions" && r.Method == http.MethodGet:
		endpoint, limit = "mentions", f.MentionsLimit
	case len(parts) == 4 && parts[1] == "tweets" && parts[3] == "hidden" && r.Method == http.MethodPut:
		endpoint, limit = "hide", f.HideLimit
	case len(parts) == 2 && parts[1] == "tweets" && r.Method == http.MethodPost:
		endpoint, limit = "post", f.PostLimit
	case len(parts) == 3 && parts[1] == "tweets" && r.Method == http.MethodGet:
		endpoint, limit = "lookup", f.LookupLimit
	default:
		xProblem(w, 404, "Not Found", "about:blank")
		return
	}
	if !f.allow(w, endpoint, limit) {
		reset, _ := strconv.ParseInt(w.Header().Get("x-rate-limit-reset"), 10, 64)
		XTooManyRequests(time.Unix(reset, 0), f.Old429).write(w)
		return
	}
	switch endpoint {
	case "mentions":
		f.mentions(w, parts[2], r.URL.Query())
	case "hide":
		var req struct {
			Hidden *bool `json:"hidden"`
		}
		t := f.tweets[parts[2]]
		switch {
		case json.Unmarshal(body, &req) != nil || req.Hidden == nil:
			xProblem(w, 400, "Invalid Request", "https://api.twitter.com/2/problems/invalid-request")
		case t == nil || t.Deleted:
			xProblem(w, 404, "Not Found Error", "https://api.twitter.com/2/problems/resource-not-found")
		case t.InReplyTo == "":
			xProblem(w, 403, "Forbidden", "https://api.twitter.com/2/problems/client-forbidden")
		default:
			t.Hidden = *req.Hidden
			writeJSON(w, 200, map[string]any{"data": map[string]any{"hidden": t.Hidden}})
		}
	case "post":
		var req struct {
			Text  string `json:"text"`
			Reply struct {
				To string `json:"in_reply_to_tweet_id"`
			} `json:"reply"`
		}
		if json.Unmarshal(body, &req) != nil || req.Text == "" {
			xProblem(w, 400, "Invalid Request", "https://api.twitter.com/2/problems/invalid-request")
			return
		}
		f.seq++
		id := strconv.FormatInt(f.seq, 10)
		f.tweets[id] = &XTweet{ID: id, AuthorID: f.UserID, Username: "OurSurgery", Text: req.Text, Created: f.now(), InReplyTo: req.Reply.To}
		writeJSON(w, 201, map[string]any{"data": map[string]any{"id": id, "text": req.Text, "edit_history_tweet_ids": []string{id}}})
	case "lookup":
		t := f.tweets[parts[2]]
		if t == nil || t.Deleted {
			writeJSON(w, 200, map[string]any{"errors": []any{map[string]any{"value": parts[2], "detail": "Could not find tweet with id: [" + parts[2] + "].",
				"title": "Not Found Error", "resource_type": "tweet", "parameter": "id", "resource_id": parts[2], "type": "https://api.twitter.com/2/problems/resource-not-found"}}})
			return
		}
		writeJSON(w, 200, map[string]any{"data": t.v2(), "includes": map[string]any{"users": []any{t.user()}}})
	}
}

func (t *XTweet) v2() map[string]any {
	m := map[string]any{"id": t.ID, "text": t.Text, "author_id": t.AuthorID, "created_at": t.Created.UTC().Format("2006-01-02T15:04:05.000Z"),
		"conversation_id": t.ID, "edit_history_tweet_ids": []string{t.ID}, "lang": "en"}
	if t.InReplyTo != "" {
		m["referenced_tweets"] = []any{map[string]any{"type": "replied_to", "id": t.InReplyTo}}
		m["conversation_id"] = t.InReplyTo
	}
	return m
}

func (t *XTweet) user() map[string]any {
	return map[string]any{"id": t.AuthorID, "name": t.Name, "username": t.Username}
}

func (f *FakeX) mentions(w http.ResponseWriter, user string, q url.Values) {
	if user != f.UserID {
		xProblem(w, 403, "Forbidden", "https://api.twitter.com/2/problems/client-forbidden")
		return
	}
	since := q.Get("since_id")
	maxResults := 10
	if v, err := strconv.Atoi(q.Get("max_results")); err == nil {
		if v < 5 || v > 100 {
			xProblem(w, 400, "Invalid Request", "https://api.twitter.com/2/problems/invalid-request")
			return
		}
		maxResults = v
	}
	var list []*XTweet
	for _, t := range f.tweets {
		if t.Mentions && !t.Deleted && (since == "" || idLess(since, t.ID)) {
			list = append(list, t)
		}
	}
	slices.SortFunc(list, func(a, b *XTweet) int {
		if idLess(b.ID, a.ID) {
			return -1
		}
		return 1
	})
	start := 0
	if tok := q.Get("pagination_token"); tok != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(tok, "p"))
		if err != nil || n < 0 || n > len(list) {
			xProblem(w, 400, "Invalid Request", "https://api.twitter.com/2/problems/invalid-request")
			return
		}
		start = n
	}
	page := list[start:min(start+maxResults, len(list))]
	if len(page) == 0 {
		writeJSON(w, 200, map[string]any{"meta": map[string]any{"result_count": 0}})
		return
	}
	var data, users []any
	for _, t := range page {
		data = append(data, t.v2())
		users = append(users, t.user())
	}
	meta := map[string]any{"result_count": len(page), "newest_id": page[0].ID, "oldest_id": page[len(page)-1].ID}
	if start+maxResults < len(list) {
		meta["next_token"] = fmt.Sprintf("p%d", start+maxResults)
	}
	writeJSON(w, 200, map[string]any{"data": data, "includes": map[string]any{"users": users}, "meta": meta})
}

// SendCRC makes X's CRC check against url and reports whether the answer
// carried the right response_token for consumerSecret.
func (f *FakeX) SendCRC(ctx context.Context, endpoint, consumerSecret, crcToken string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"?crc_token="+url.QueryEscape(crcToken), nil)
	if err != nil {
		return fmt.Errorf("building crc check: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("sending crc check: %w", err)
	}
	defer resp.Body.Close()
	var r struct {
		ResponseToken string `json:"response_token"`
	}
	if resp.StatusCode != 200 || json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&r) != nil {
		return fmt.Errorf("crc check: status %d", resp.StatusCode)
	}
	sum := base64Sign(consumerSecret, []byte(crcToken))
	if r.ResponseToken != sum {
		return fmt.Errorf("crc check: wrong response_token %q", r.ResponseToken)
	}
	return nil
}

// SendWebhook delivers an Account Activity body signed in
// x-twitter-webhooks-signature and returns each delivery's status.
func (f *FakeX) SendWebhook(ctx context.Context, url string, body []byte, opt SendOptions) ([]int, error) {
	return send(ctx, http.DefaultClient, url, body, "X-Twitter-Webhooks-Signature", base64Sign, opt)
}

// TweetCreateEvents builds an Account Activity body for forUser with the
// tweets as v1.1 objects (numeric and string ids both present, as X sends).
// blocked is put as user_has_blocked verbatim (true, false, or "false").
func TweetCreateEvents(forUser string, blocked any, tweets ...XTweet) []byte {
	var evs []any
	for _, t := range tweets {
		id, _ := strconv.ParseInt(t.ID, 10, 64)
		uid, _ := strconv.ParseInt(t.AuthorID, 10, 64)
		ev := map[string]any{"created_at": t.Created.UTC().Format(time.RubyDate), "id": id, "id_str": t.ID, "text": t.Text, "truncated": false,
			"in_reply_to_status_id": nil, "in_reply_to_status_id_str": nil,
			"user":         map[string]any{"id": uid, "id_str": t.AuthorID, "name": t.Name, "screen_name": t.Username},
			"timestamp_ms": strconv.FormatInt(t.Created.UnixMilli(), 10), "lang": "en"}
		if r := []rune(t.Text); len(r) > 140 {
			ev["truncated"] = true
			ev["text"] = string(r[:137]) + "…"
			ev["extended_tweet"] = map[string]any{"full_text": t.Text}
		}
		if t.InReplyTo != "" {
			rid, _ := strconv.ParseInt(t.InReplyTo, 10, 64)
			ev["in_reply_to_status_id"], ev["in_reply_to_status_id_str"] = rid, t.InReplyTo
		}
		evs = append(evs, ev)
	}
	b, _ := json.Marshal(map[string]any{"for_user_id": forUser, "user_has_blocked": blocked, "tweet_create_events": evs})
	return b
}
