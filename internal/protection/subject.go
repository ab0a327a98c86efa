package protection

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// SubjectExport is everything a practice holds by one poster: the answer
// to a subject-access request, as JSON.
type SubjectExport struct {
	Practice   string          `json:"practice"`
	AuthorID   string          `json:"author_id"`
	ExportedAt time.Time       `json:"exported_at"`
	Posts      []SubjectPost   `json:"posts"`
	PageBans   []store.PageBan `json:"page_bans"`
}

// SubjectPost is one of the poster's posts and everything recorded about it.
type SubjectPost struct {
	ID         int64                 `json:"id"`
	Channel    moderation.Channel    `json:"channel"`
	ExternalID string                `json:"external_id"`
	ParentID   string                `json:"parent_id,omitempty"`
	AuthorName string                `json:"author_name"`
	Text       string                `json:"text"`
	Media      []moderation.Media    `json:"media"`
	Permalink  string                `json:"permalink"`
	CreatedAt  time.Time             `json:"created_at"`
	ReceivedAt time.Time             `json:"received_at"`
	Status     store.PostStatus      `json:"status"`
	Raw        json.RawMessage       `json:"raw,omitempty"`
	Versions   []SubjectVersion      `json:"versions"`
	Decisions  []store.Decision      `json:"decisions"`
	Actions    []store.Action        `json:"actions"`
	Evidence   []SubjectEvidence     `json:"evidence"`
	Photos     []SubjectMedia        `json:"photos"`
	Review     *store.Review         `json:"review,omitempty"`
	Categories []moderation.Category `json:"categories"`
}

// SubjectVersion is an earlier text of an edited post.
type SubjectVersion struct {
	Version  int             `json:"version"`
	Text     string          `json:"text"`
	Raw      json.RawMessage `json:"raw,omitempty"`
	Replaced time.Time       `json:"replaced"`
}

// SubjectEvidence is a copy of the post kept before an irreversible action.
type SubjectEvidence struct {
	ID         int64           `json:"id"`
	CapturedAt time.Time       `json:"captured_at"`
	Text       string          `json:"text"`
	AuthorName string          `json:"author_name"`
	Permalink  string          `json:"permalink"`
	Raw        json.RawMessage `json:"raw,omitempty"`
	Fresh      json.RawMessage `json:"fresh,omitempty"`
	SHA256     string          `json:"sha256"`
	Intact     bool            `json:"intact"`
}

// SubjectMedia is a stripped photo of the post; Data is base64 in JSON.
type SubjectMedia struct {
	ID          int64     `json:"id"`
	Index       int       `json:"index"`
	ContentType string    `json:"content_type"`
	SHA256      string    `json:"sha256"`
	CapturedAt  time.Time `json:"captured_at"`
	Data        []byte    `json:"data"`
}

// rawJSON shows a payload as itself when it is JSON, as a string when it
// is text, and as base64 otherwise; nil for none.
func rawJSON(b []byte) json.RawMessage {
	var out []byte
	var err error
	switch {
	case len(b) == 0:
		return nil
	case json.Valid(b):
		return json.RawMessage(b)
	case utf8.Valid(b):
		out, err = json.Marshal(string(b))
	default:
		out, err = json.Marshal(b)
	}
	if err != nil {
		return nil
	}
	return out
}

// Export gathers everything the practice holds by the poster with authorID
// (on any channel): each post with its versions, decisions and findings,
// actions, evidence, photos and review, and the poster's page bans.
func Export(ctx context.Context, st store.ProtectedStore, practiceID, authorID string, now time.Time) (SubjectExport, error) {
	if practiceID == "" || authorID == "" {
		return SubjectExport{}, errors.New("exporting a subject's data: a practice and an author id are needed")
	}
	if _, err := st.Practice(ctx, practiceID); err != nil {
		return SubjectExport{}, fmt.Errorf("exporting a subject's data: %w", err)
	}
	posts, err := st.SubjectPosts(ctx, practiceID, authorID)
	if err != nil {
		return SubjectExport{}, fmt.Errorf("exporting a subject's data: %w", err)
	}
	out := SubjectExport{Practice: practiceID, AuthorID: authorID, ExportedAt: now.UTC(),
		Posts: []SubjectPost{}, PageBans: []store.PageBan{}}
	channels := map[moderation.Channel]bool{}
	for _, p := range posts {
		sp, err := subjectPost(ctx, st, p)
		if err != nil {
			return SubjectExport{}, fmt.Errorf("exporting post %d: %w", p.ID, err)
		}
		out.Posts = append(out.Posts, sp)
		channels[p.Channel] = true
	}
	for _, ch := range moderation.Channels() {
		if !channels[ch] {
			continue
		}
		bans, err := st.PageBans(ctx, practiceID, ch, authorID)
		if err != nil {
			return SubjectExport{}, fmt.Errorf("exporting page bans: %w", err)
		}
		out.PageBans = append(out.PageBans, bans...)
	}
	return out, nil
}

func subjectPost(ctx context.Context, st store.Store, p store.Post) (SubjectPost, error) {
	sp := SubjectPost{ID: p.ID, Channel: p.Channel, ExternalID: p.ExternalID, ParentID: p.ParentID,
		AuthorName: p.AuthorName, Text: p.Text, Media: p.Media, Permalink: p.Permalink, CreatedAt: p.CreatedAt,
		ReceivedAt: p.ReceivedAt, Status: p.Status, Raw: rawJSON(p.Raw),
		Versions: []SubjectVersion{}, Evidence: []SubjectEvidence{}, Photos: []SubjectMedia{}, Categories: []moderation.Category{}}
	vs, err := st.PostVersions(ctx, p.PracticeID, p.ID)
	if err != nil {
		return sp, err
	}
	for _, v := range vs {
		sp.Versions = append(sp.Versions, SubjectVersion{Version: v.Version, Text: v.Text, Raw: rawJSON(v.Raw), Replaced: v.Replaced})
	}
	if sp.Decisions, err = st.DecisionsForPost(ctx, p.PracticeID, p.ID); err != nil {
		return sp, err
	}
	for _, d := range sp.Decisions {
		for _, c := range d.Labels {
			if !slices.Contains(sp.Categories, c) {
				sp.Categories = append(sp.Categories, c)
			}
		}
	}
	if sp.Actions, err = st.ActionsForPost(ctx, p.PracticeID, p.ID); err != nil {
		return sp, err
	}
	es, err := st.EvidenceForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return sp, err
	}
	for _, e := range es {
		sp.Evidence = append(sp.Evidence, SubjectEvidence{ID: e.ID, CapturedAt: e.CapturedAt, Text: e.Text,
			AuthorName: e.AuthorName, Permalink: e.Permalink, Raw: rawJSON(e.Raw), Fresh: rawJSON(e.Fresh),
			SHA256: e.SHA256, Intact: e.Intact()})
	}
	ms, err := st.EvidenceMediaForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return sp, err
	}
	for _, m := range ms {
		sp.Photos = append(sp.Photos, SubjectMedia{ID: m.ID, Index: m.Index, ContentType: m.ContentType,
			SHA256: m.SHA256, CapturedAt: m.CapturedAt, Data: m.Data})
	}
	r, err := st.Review(ctx, p.PracticeID, p.ID)
	switch {
	case err == nil:
		sp.Review = &r
	case !errors.Is(err, store.ErrNotFound):
		return sp, err
	}
	return sp, nil
}

// ErrOpen means erasure was refused because some of the poster's posts are
// still being dealt with; an OpenError lists them.
var ErrOpen = errors.New("posts still being dealt with")

// OpenError lists the posts that stopped an erasure and why.
type OpenError struct {
	Posts map[int64]string // post id: why it is open
}

func (e *OpenError) Error() string {
	ids := make([]int64, 0, len(e.Posts))
	for id := range e.Posts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "post %d: %s", id, e.Posts[id])
	}
	return fmt.Sprintf("%v: %s (give a reason to erase anyway)", ErrOpen, b.String())
}

func (e *OpenError) Unwrap() error { return ErrOpen }

// EraseRequest asks Erase to remove one poster's content.
type EraseRequest struct {
	PracticeID string
	AuthorID   string
	Actor      string // who asked, for the audit log: "user:3", "cli"
	// Reason is why to erase even though posts are still open (an
	// escalation not yet reviewed, an action not yet carried out). Recorded
	// in the audit log; it must not contain patient details.
	Reason string
	Now    time.Time
}

// EraseResult says what Erase did.
type EraseResult struct {
	Posts    []int64 // the posts whose content was erased
	Override bool    // erased although some were open
}

// Erase blanks the text, raw payloads, author names, media links and
// earlier versions of every post by the poster in the practice and deletes
// their evidence and photos, keeping each post's skeleton (ids, times,
// categories, decisions, actions) and the audit log, and appends one audit
// entry (kind "erased") listing the posts.
//
// Safeguarding comes first: if any post has an action not yet carried out,
// or was escalated or judged a safeguarding concern and no person has
// reviewed it yet, Erase refuses with an *OpenError unless req.Reason is
// given, because the people handling it need what was written. With a
// reason it erases and the audit entry records the reason and the override.
func Erase(ctx context.Context, st store.ProtectedStore, req EraseRequest) (EraseResult, error) {
	if req.PracticeID == "" || req.AuthorID == "" || req.Actor == "" {
		return EraseResult{}, errors.New("erasing a subject's data: a practice, an author id and an actor are needed")
	}
	if len(req.Reason) > audit.MaxDetailString {
		return EraseResult{}, fmt.Errorf("erasing a subject's data: the reason is %d bytes, at most %d (say why, without patient details)",
			len(req.Reason), audit.MaxDetailString)
	}
	if _, err := st.Practice(ctx, req.PracticeID); err != nil {
		return EraseResult{}, fmt.Errorf("erasing a subject's data: %w", err)
	}
	posts, err := st.SubjectPosts(ctx, req.PracticeID, req.AuthorID)
	if err != nil {
		return EraseResult{}, fmt.Errorf("erasing a subject's data: %w", err)
	}
	if len(posts) == 0 {
		return EraseResult{}, fmt.Errorf("erasing a subject's data: no posts by %q in practice %s: %w", req.AuthorID, req.PracticeID, store.ErrNotFound)
	}
	open := map[int64]string{}
	var ids []int64
	for _, p := range posts {
		ids = append(ids, p.ID)
		why, err := openReason(ctx, st, p)
		if err != nil {
			return EraseResult{}, fmt.Errorf("erasing a subject's data: %w", err)
		}
		if why != "" {
			open[p.ID] = why
		}
	}
	res := EraseResult{Posts: ids, Override: len(open) > 0}
	if len(open) > 0 && strings.TrimSpace(req.Reason) == "" {
		return EraseResult{}, fmt.Errorf("erasing a subject's data: %w", &OpenError{Posts: open})
	}
	if _, err := st.ErasePosts(ctx, req.PracticeID, ids); err != nil {
		return EraseResult{}, fmt.Errorf("erasing a subject's data: %w", err)
	}
	detail := map[string]any{"posts": ids, "override": res.Override}
	if req.Reason != "" {
		detail["reason"] = req.Reason
	}
	if res.Override {
		var openIDs []int64
		for id := range open {
			openIDs = append(openIDs, id)
		}
		slices.Sort(openIDs)
		detail["open_posts"] = openIDs
	}
	if err := appendAudit(ctx, st, audit.Record{Time: req.Now, PracticeID: req.PracticeID, Kind: store.AuditErased,
		Subject: "subject", Actor: req.Actor, Detail: detail}); err != nil {
		return res, fmt.Errorf("the posts were erased but the audit entry failed: %w", err)
	}
	return res, nil
}

// openReason says why a post is still being dealt with, or "".
func openReason(ctx context.Context, st store.Store, p store.Post) (string, error) {
	as, err := st.ActionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return "", err
	}
	escalated := false
	for _, a := range as {
		if !a.State.Final() {
			return fmt.Sprintf("its %s action is %s", a.Kind, a.State), nil
		}
		if a.Kind == moderation.ActionEscalate && a.State != store.ActionShadow {
			escalated = true
		}
	}
	ds, err := st.DecisionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return "", err
	}
	safeguarding := false
	for _, d := range ds {
		if slices.Contains(d.Labels, moderation.Safeguarding) {
			safeguarding = true
		}
	}
	if !escalated && !safeguarding {
		return "", nil
	}
	r, err := st.Review(ctx, p.PracticeID, p.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	if r.ReviewedAt.IsZero() {
		if safeguarding {
			return "a safeguarding concern no one has reviewed yet", nil
		}
		return "an escalation no one has reviewed yet", nil
	}
	return "", nil
}
