package platformtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// GraphObject is a Facebook or Instagram comment (or, for Instagram caption
// mentions, a media item) held by FakeGraph.
type GraphObject struct {
	ID        string
	Instagram bool      // served in Instagram's shape (text, timestamp, username, hidden)
	Media     bool      // an Instagram media item (Text is its caption)
	Text      string    // message or text; empty for photo-only comments
	FromID    string    // empty when the platform withholds the author
	FromName  string    // name on Facebook, username on Instagram
	Created   time.Time // created_time / timestamp
	PostID    string    // the post (Facebook) or media (Instagram) it is on
	ParentID  string    // the comment it replies to, if any
	Photo     string    // an attached photo's URL
	Permalink string
	Hidden    bool
	Deleted   bool
}

// PrivateMessage is a private reply FakeGraph accepted.
type PrivateMessage struct {
	From      string // the page or account the message was sent from
	CommentID string // the comment, or visitor post, replied to
	Text      string
}

// FakeGraph serves the Facebook and Instagram Graph endpoints the adapters
// use, under any /vNN.0 prefix:
//
//	GET    /{id}?fields=...          read a comment (404-style 100/33 once deleted)
//	GET    /{ig-user}?fields=mentioned_comment.comment_id(X){...} or mentioned_media.media_id(X){...}
//	POST   /{id} is_hidden=…         hide or unhide (Facebook; query, form or JSON)
//	POST   /{id}?hide=…              hide or unhide (Instagram; query only)
//	DELETE /{id}                     delete; deleting again is 100/33
//	POST   /{id}/comments message=…  reply (Facebook)
//	POST   /{id}/replies?message=…   reply (Instagram)
//	POST   /{page}/messages          private reply, once per comment
//
// When Token is set, requests must carry Authorization: Bearer Token, or get 190/467.
type FakeGraph struct {
	URL   string
	Token string
	calls
	faults
	srv  *httptest.Server
	now  func() time.Time
	mu   sync.Mutex
	objs map[string]*GraphObject
	msgs []PrivateMessage
	seq  int
	// expired holds the Authorization headers ExpireToken has expired.
	expired map[string]bool
}

// NewFakeGraph starts a FakeGraph; Close stops it.
func NewFakeGraph(now func() time.Time) *FakeGraph {
	g := &FakeGraph{now: clock(now), objs: map[string]*GraphObject{}, seq: 1000}
	g.srv = httptest.NewServer(http.HandlerFunc(g.serve))
	g.URL = g.srv.URL
	return g
}

// Close stops the server.
func (g *FakeGraph) Close() { g.srv.Close() }

// Client returns an HTTP client for the fake.
func (g *FakeGraph) Client() *http.Client { return g.srv.Client() }

// Put adds or replaces an object.
func (g *FakeGraph) Put(o GraphObject) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.objs[o.ID] = &o
}

// Object returns the object with id as it stands now.
func (g *FakeGraph) Object(id string) (GraphObject, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	o, ok := g.objs[id]
	if !ok {
		return GraphObject{}, false
	}
	return *o, true
}

// ExpireToken makes every later call carrying token fail with code 190/463
// (GraphExpiredToken), recorded as fault kind "expired_token": one page's
// token has expired while others still work.
func (g *FakeGraph) ExpireToken(token string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.expired == nil {
		g.expired = map[string]bool{}
	}
	g.expired["Bearer "+token] = true
}

func (g *FakeGraph) expiredToken(auth string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.expired[auth]
}

// Messages returns the private replies sent so far.
func (g *FakeGraph) Messages() []PrivateMessage {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]PrivateMessage(nil), g.msgs...)
}

// Real-shaped Graph failures (platforms.md §2.3, §2.8, §2.9).

func graphError(status, code, sub int, typ, msg string) Fault {
	return Fault{Status: status, Body: fmt.Sprintf(`{"error":{"message":%q,"type":%q,"code":%d,"error_subcode":%d,"fbtrace_id":"AbCdEfGh123"}}`, msg, typ, code, sub)}
}

// GraphRateLimit is a throttle with code (4, 17, 32, 80001, 80002, 613) whose
// X-Business-Use-Case-Usage says access returns in minutes.
func GraphRateLimit(code, minutes int) Fault {
	f := graphError(400, code, 0, "OAuthException", fmt.Sprintf("(#%d) Page request limit reached", code))
	f.Header = http.Header{"X-Business-Use-Case-Usage": {fmt.Sprintf(`{"104729381122334":[{"type":"pages","call_count":100,"total_cputime":12,"total_time":14,"estimated_time_to_regain_access":%d}]}`, minutes)}}
	return f
}

// GraphRateLimitUntil is a throttle with code (4, 17, 32, 613, 80001, ...)
// announcing that access returns after wait, from now: in
// X-Business-Use-Case-Usage's estimated_time_to_regain_access (minutes;
// fractional for a wait under a minute, which only a fake needs) and, for
// the app- and user-level codes 4 and 17, also X-App-Usage at 100%. Its
// Reset is now+wait.
func GraphRateLimitUntil(code int, now time.Time, wait time.Duration) Fault {
	f := graphError(400, code, 0, "OAuthException", fmt.Sprintf("(#%d) Page request limit reached", code))
	f.Header = http.Header{"X-Business-Use-Case-Usage": {fmt.Sprintf(`{"104729381122334":[{"type":"pages","call_count":100,"total_cputime":12,"total_time":14,"estimated_time_to_regain_access":%s}]}`,
		strconv.FormatFloat(wait.Minutes(), 'f', -1, 64))}}
	if code == 4 || code == 17 {
		f.Header.Set("X-App-Usage", `{"call_count":100,"total_time":41,"total_cputime":37}`)
	}
	f.Reset = now.Add(wait)
	return f
}

// GraphTimeout is a call the fake leaves unanswered for hang (then a 504).
func GraphTimeout(hang time.Duration) Fault {
	return Fault{Status: 504, Hang: hang, Body: `{"error":{"message":"Gateway timeout","type":"OAuthException","code":2,"fbtrace_id":"AbCdEfGh123"}}`}
}

// GraphFaultMix is a flaky Graph API for FailRandom, in equal shares:
// "rate_limit" (codes 4, 17, 32 and 613 in turn, each announcing access
// back after reset), "server_error" (GraphServerError) and "timeout"
// (GraphTimeout(hang): set hang past the client's timeout).
func GraphFaultMix(reset, hang time.Duration) []RandomFault {
	codes := []int{4, 17, 32, 613}
	turn := 0
	return []RandomFault{
		{Kind: "rate_limit", Make: func(now time.Time) Fault {
			turn++
			return GraphRateLimitUntil(codes[turn%len(codes)], now, reset)
		}},
		{Kind: "server_error", Make: func(time.Time) Fault { return GraphServerError() }},
		{Kind: "timeout", Make: func(time.Time) Fault { return GraphTimeout(hang) }},
	}
}

// GraphServerError is a 500 with code 2 (a temporary service failure).
func GraphServerError() Fault {
	return graphError(500, 2, 0, "OAuthException", "An unexpected error has occurred. Please retry your request later.")
}

// GraphExpiredToken is code 190, subcode 463.
func GraphExpiredToken() Fault {
	return graphError(400, 190, 463, "OAuthException", "Error validating access token: Session has expired.")
}

// GraphGone is the 100/33 answer for an object that no longer exists.
func GraphGone() Fault {
	return graphError(400, 100, 33, "GraphMethodException", "Unsupported request. Object does not exist, cannot be loaded due to missing permissions, or does not support this operation.")
}

// GraphPermission is code 200 (a permission is missing).
func GraphPermission() Fault {
	return graphError(403, 200, 0, "OAuthException", "(#200) Requires pages_manage_engagement permission to manage the object")
}

// GraphPolicyBlock is code 368 (temporarily blocked for a policy breach).
func GraphPolicyBlock() Fault {
	return graphError(400, 368, 1390008, "OAuthException", "It looks like you were misusing this feature by going too fast.")
}

var versionPrefix = regexp.MustCompile(`^/v\d+\.\d+(/.*)$`)

func (g *FakeGraph) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	m := versionPrefix.FindStringSubmatch(r.URL.Path)
	path := r.URL.Path
	if m != nil {
		path = m[1]
	}
	call := Call{Method: r.Method, Path: path, Query: r.URL.Query(), Body: body, Header: r.Header.Clone(), Time: g.now()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		call.Form, _ = url.ParseQuery(string(body))
	}
	n := g.add(call)
	sw := &statusWriter{ResponseWriter: w}
	w = sw
	var injected Fault
	var applied *httptest.ResponseRecorder
	defer func() {
		answer(sw, r, injected, applied)
		g.done(n, sw.status, g.now(), injected, applied)
	}()
	if m == nil {
		graphError(400, 2500, 0, "OAuthException", "Unknown path components").write(w)
		return
	}
	if g.Token != "" && r.Header.Get("Authorization") != "Bearer "+g.Token {
		graphError(400, 190, 467, "OAuthException", "Invalid OAuth access token - Cannot parse access token").write(w)
		return
	}
	if g.expiredToken(r.Header.Get("Authorization")) {
		injected = GraphExpiredToken()
		injected.Kind = "expired_token"
		injected.write(w)
		return
	}
	if f, ok := g.take(call.Time); ok {
		injected = f
		if !f.Apply {
			f.inject(w, r)
			return
		}
		applied = httptest.NewRecorder()
		w = applied
	}
	param := func(name string) (string, bool) {
		if v, ok := call.Query[name]; ok {
			return v[0], true
		}
		if v, ok := call.Form[name]; ok {
			return v[0], true
		}
		var j map[string]any
		if json.Unmarshal(body, &j) == nil {
			if v, ok := j[name]; ok {
				return fmt.Sprint(v), true
			}
		}
		return "", false
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	g.mu.Lock()
	defer g.mu.Unlock()
	obj := g.objs[parts[0]]
	live := obj != nil && !obj.Deleted
	switch {
	case len(parts) == 1 && r.Method == http.MethodGet:
		fields := call.Query.Get("fields")
		if strings.HasPrefix(fields, "mentioned_") {
			g.mention(w, parts[0], fields)
			return
		}
		if !live {
			GraphGone().write(w)
			return
		}
		writeJSON(w, 200, g.render(obj))
	case len(parts) == 1 && r.Method == http.MethodPost:
		if !live {
			GraphGone().write(w)
			return
		}
		var v string
		var ok bool
		if obj.Instagram {
			v, ok = call.Query.Get("hide"), call.Query.Has("hide")
		} else {
			v, ok = param("is_hidden")
		}
		if !ok || (v != "true" && v != "false") {
			graphError(400, 100, 0, "OAuthException", "(#100) Missing or invalid hide parameter").write(w)
			return
		}
		obj.Hidden = v == "true"
		writeJSON(w, 200, map[string]any{"success": true})
	case len(parts) == 1 && r.Method == http.MethodDelete:
		if !live {
			GraphGone().write(w)
			return
		}
		obj.Deleted = true
		writeJSON(w, 200, map[string]any{"success": true})
	case len(parts) == 2 && r.Method == http.MethodPost && (parts[1] == "comments" || parts[1] == "replies"):
		msg, ok := param("message")
		if parts[1] == "replies" {
			msg, ok = call.Query.Get("message"), call.Query.Has("message")
		}
		if !live {
			GraphGone().write(w)
			return
		}
		if !ok || msg == "" {
			graphError(400, 100, 0, "OAuthException", "(#100) Missing message").write(w)
			return
		}
		g.seq++
		post := obj.PostID
		if post == "" {
			post = obj.ID
		}
		id := strconv.Itoa(17800000000000000 + g.seq)
		if !obj.Instagram {
			base, _, _ := strings.Cut(obj.ID, "_")
			id = base + "_" + id
		}
		g.objs[id] = &GraphObject{ID: id, Instagram: obj.Instagram, Text: msg, FromID: "page", FromName: "Our Surgery", Created: g.now(), PostID: post, ParentID: obj.ID}
		writeJSON(w, 200, map[string]any{"id": id})
	case len(parts) == 2 && r.Method == http.MethodPost && parts[1] == "messages":
		var req struct {
			Recipient struct {
				CommentID string `json:"comment_id"`
				PostID    string `json:"post_id"`
			} `json:"recipient"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
		}
		if json.Unmarshal(body, &req) == nil && req.Recipient.CommentID == "" {
			req.Recipient.CommentID = req.Recipient.PostID
		}
		if req.Recipient.CommentID == "" || req.Message.Text == "" {
			graphError(400, 100, 0, "OAuthException", "(#100) Invalid parameter").write(w)
			return
		}
		target := g.objs[req.Recipient.CommentID]
		if target == nil {
			graphError(400, 100, 0, "OAuthException", "(#100) No matching user found").write(w)
			return
		}
		if target.Deleted {
			GraphGone().write(w)
			return
		}
		for _, m := range g.msgs {
			if m.CommentID == req.Recipient.CommentID {
				graphError(400, 10900, 0, "OAuthException", "Activity already replied to").write(w)
				return
			}
		}
		g.msgs = append(g.msgs, PrivateMessage{From: parts[0], CommentID: req.Recipient.CommentID, Text: req.Message.Text})
		writeJSON(w, 200, map[string]any{"recipient_id": "PSID" + target.FromID, "message_id": fmt.Sprintf("m_%d", len(g.msgs))})
	default:
		graphError(400, 100, 0, "GraphMethodException", "Unsupported request").write(w)
	}
}

var mentionField = regexp.MustCompile(`^mentioned_(comment|media)\.(?:comment|media)_id\(([0-9_]+)\)`)

func (g *FakeGraph) mention(w http.ResponseWriter, account, fields string) {
	m := mentionField.FindStringSubmatch(fields)
	if m == nil {
		graphError(400, 100, 0, "OAuthException", "(#100) Invalid fields").write(w)
		return
	}
	obj := g.objs[m[2]]
	if obj == nil || obj.Deleted {
		GraphGone().write(w)
		return
	}
	out := map[string]any{"id": account}
	if m[1] == "comment" {
		c := map[string]any{"id": obj.ID, "text": obj.Text, "timestamp": graphTime(obj.Created), "username": obj.FromName}
		if obj.PostID != "" {
			c["media"] = map[string]any{"id": obj.PostID}
		}
		out["mentioned_comment"] = c
	} else {
		out["mentioned_media"] = map[string]any{"id": obj.ID, "caption": obj.Text, "timestamp": graphTime(obj.Created), "username": obj.FromName, "permalink": obj.Permalink, "media_type": "IMAGE"}
	}
	writeJSON(w, 200, out)
}

func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-0700") }

func (g *FakeGraph) render(o *GraphObject) map[string]any {
	out := map[string]any{"id": o.ID}
	if o.Instagram {
		out["text"] = o.Text
		out["timestamp"] = graphTime(o.Created)
		out["hidden"] = o.Hidden
		if o.FromName != "" {
			out["username"] = o.FromName
		}
		if o.FromID != "" {
			out["from"] = map[string]any{"id": o.FromID, "username": o.FromName}
		}
		if o.PostID != "" {
			out["media"] = map[string]any{"id": o.PostID}
		}
		if o.ParentID != "" {
			out["parent_id"] = o.ParentID
		}
		return out
	}
	if o.Text != "" {
		out["message"] = o.Text
	}
	out["created_time"] = graphTime(o.Created)
	out["is_hidden"] = o.Hidden
	if o.FromID != "" {
		from := map[string]any{"id": o.FromID}
		if o.FromName != "" {
			from["name"] = o.FromName
		}
		out["from"] = from
	}
	if o.ParentID != "" && o.ParentID != o.PostID {
		out["parent"] = map[string]any{"id": o.ParentID}
	}
	if o.Permalink != "" {
		out["permalink_url"] = o.Permalink
	}
	if o.Photo != "" {
		out["attachment"] = map[string]any{"type": "photo", "url": o.Photo, "media": map[string]any{"image": map[string]any{"src": o.Photo, "height": 720, "width": 720}}}
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// SendWebhook delivers body to url as Meta does: non-ASCII escaped as
// \u00e9-style escapes, then X-Hub-Signature-256 over exactly the bytes
// sent. It returns each delivery's status.
func (g *FakeGraph) SendWebhook(ctx context.Context, url string, body []byte, opt SendOptions) ([]int, error) {
	return send(ctx, http.DefaultClient, url, EscapeNonASCII(body), "X-Hub-Signature-256", hexSign, opt)
}

// FeedChange is one change of a Facebook feed webhook (platforms.md §1.6).
// Empty fields are left out of the JSON; FromID empty leaves out "from".
type FeedChange struct {
	Item, Verb                    string // "comment", "status", ...; "add", "edited", "remove", ...
	PostID, CommentID, ParentID   string
	FromID, FromName              string
	Message, Photo, Video         string
	Photos                        []string
	CreatedTime                   int64
	ReactionType, PermalinkOfPost string
}

// FeedEntry is one page's changes.
type FeedEntry struct {
	PageID  string
	Time    int64 // when "Meta" sent it
	Changes []FeedChange
}

// FeedWebhook builds an object=page body with the given entries.
func FeedWebhook(entries ...FeedEntry) []byte {
	type obj = map[string]any
	var es []obj
	for _, e := range entries {
		var cs []obj
		for _, c := range e.Changes {
			v := obj{"item": c.Item, "verb": c.Verb, "created_time": c.CreatedTime}
			set := func(k, s string) {
				if s != "" {
					v[k] = s
				}
			}
			set("post_id", c.PostID)
			set("comment_id", c.CommentID)
			set("parent_id", c.ParentID)
			set("message", c.Message)
			set("photo", c.Photo)
			set("video", c.Video)
			set("reaction_type", c.ReactionType)
			if len(c.Photos) > 0 {
				v["photos"] = c.Photos
			}
			if c.FromID != "" {
				from := obj{"id": c.FromID}
				if c.FromName != "" {
					from["name"] = c.FromName
				}
				v["from"] = from
			}
			if c.Item == "comment" && c.PostID != "" {
				v["post"] = obj{"status_type": "mobile_status_update", "is_published": true, "permalink_url": c.PermalinkOfPost, "promotion_status": "inactive", "id": c.PostID}
			}
			cs = append(cs, obj{"field": "feed", "value": v})
		}
		es = append(es, obj{"id": e.PageID, "time": e.Time, "changes": cs})
	}
	b, _ := json.Marshal(obj{"object": "page", "entry": es})
	return b
}

// InstagramComment is a "comments" change; InstagramMention a "mentions" one.
type (
	InstagramComment struct {
		ID, Text, FromID, Username, MediaID, ParentID string
	}
	InstagramMention struct {
		MediaID, CommentID string
	}
	// InstagramEntry is one account's changes.
	InstagramEntry struct {
		AccountID string
		Time      int64
		Comments  []InstagramComment
		Mentions  []InstagramMention
	}
)

// InstagramWebhook builds an object=instagram body with the given entries.
func InstagramWebhook(entries ...InstagramEntry) []byte {
	type obj = map[string]any
	var es []obj
	for _, e := range entries {
		var cs []obj
		for _, c := range e.Comments {
			v := obj{"id": c.ID, "text": c.Text, "from": obj{"id": c.FromID, "username": c.Username}, "media": obj{"id": c.MediaID, "media_product_type": "FEED"}}
			if c.ParentID != "" {
				v["parent_id"] = c.ParentID
			}
			cs = append(cs, obj{"field": "comments", "value": v})
		}
		for _, m := range e.Mentions {
			v := obj{"media_id": m.MediaID}
			if m.CommentID != "" {
				v["comment_id"] = m.CommentID
			}
			cs = append(cs, obj{"field": "mentions", "value": v})
		}
		es = append(es, obj{"id": e.AccountID, "time": e.Time, "changes": cs})
	}
	b, _ := json.Marshal(obj{"object": "instagram", "entry": es})
	return b
}
