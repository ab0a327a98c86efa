package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/report"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// postData is the item page's data.
type postData struct {
	Post      store.Post
	Practice  string
	Channel   string
	Segments  []report.Segment
	Findings  []findingRow
	Decisions []decisionRow
	Actions   []actionRow
	Audit     []auditRow
	Review    reviewView
	History   []historyRow // the poster's other posts on this practice's pages
	Bans      []banRow
	Shadow    bool

	CanModerate, CanEscalate, CanReport bool
	CanHide, CanRestore, CanDelete      bool
	Templates, Roles, Users, Labels     []option
	Form                                postForm // what was typed, when the page comes back with errors
}

// postForm keeps what a user typed in the item page's forms.
type postForm struct {
	Reason, BanReason, Note string
}

type findingRow struct {
	N          int
	Category   moderation.Category
	Describe   string
	Clause     string // "clause 4", "complaints section"
	ClauseText string // the practice's own wording
	Reason     string
	Score      string
	Evidence   string
}

type decisionRow struct {
	By     string
	At     time.Time
	Labels []moderation.Category
	Shadow bool
}

type actionRow struct {
	Kind     string
	Category moderation.Category
	Role     string
	Text     string
	State    store.ActionState
	By       string
	At       time.Time
	DoneAt   time.Time
	Problem  string
	Attempts int
}

type auditRow struct {
	Seq     int64
	Time    time.Time
	Kind    store.AuditKind
	Actor   string
	Summary string
}

type reviewView struct {
	AssignedTo, ReviewedBy string
	AssignedID             int64
	ReviewedAt             time.Time
	Outcome                string
}

type historyRow struct {
	ID       int64
	Received time.Time
	Excerpt  string
	Status   store.PostStatus
	Labels   []moderation.Category
	This     bool
}

type banRow struct {
	By, Reason string
	At         time.Time
}

// postShow shows one post: what was posted with the evidence marked, the
// clause of the practice's guidance each finding breaks, what was done and
// by whom, the poster's history, and the actions staff can take.
func (s *Server) postShow(w http.ResponseWriter, r *http.Request, u *principal) error {
	p, err := s.postFromPath(r, u)
	if err != nil {
		return err
	}
	d, err := s.postData(r.Context(), u, p)
	if err != nil {
		return err
	}
	s.showPost(w, r, http.StatusOK, d, nil)
	return nil
}

// showPost renders the item page, with the errors of a form that did not go through.
func (s *Server) showPost(w http.ResponseWriter, r *http.Request, code int, d *postData, errs []fieldError) {
	pg := page{Title: "Post on " + d.Channel, Data: d, Errors: errs, Back: &link{Href: "/queue", Text: "Back to the review queue"}}
	pg.Notice = doneNotices[r.URL.Query().Get("done")]
	s.render(w, r, code, "post", pg)
}

// doneNotices confirm what a form on the item page just did.
var doneNotices = map[string]string{
	"confirmed":    "You confirmed what Pagekeeper did. The post is marked as reviewed.",
	"hidden":       "The post will be hidden in a few seconds.",
	"restored":     "The post is being put back in view. Your reason is in the audit log.",
	"deleted":      "The post will be deleted in a few seconds. A copy is kept as evidence first.",
	"replied":      "Your reply will be posted in a few seconds.",
	"escalated":    "The person in that role is being told now.",
	"assigned":     "The post's assignment has changed.",
	"not_a_breach": "Thank you. Your feedback is recorded and helps make Pagekeeper more accurate.",
	"banned":       "The page ban is recorded. Pagekeeper does not ban anyone itself: ban the poster on the platform too.",
}

// postFromPath reads the {id} of the path and finds the post among u's practices.
func (s *Server) postFromPath(r *http.Request, u *principal) (store.Post, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return store.Post{}, fmt.Errorf("post %q: %w", r.PathValue("id"), errNotFound)
	}
	return s.findPost(r.Context(), u, id)
}

// postData gathers everything the item page shows about p.
func (s *Server) postData(ctx context.Context, u *principal, p store.Post) (*postData, error) {
	st := s.staff.Store
	pv, err := s.practice(ctx, p.PracticeID)
	if err != nil {
		return nil, err
	}
	ds, err := st.DecisionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return nil, err
	}
	as, err := st.ActionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return nil, err
	}
	names := &userNames{s: s, ctx: ctx, known: map[string]string{}}
	d := &postData{Post: p, Practice: pv.Name, Channel: channelName(p.Channel),
		CanModerate: u.Role.can(permModerate), CanEscalate: u.Role.can(permEscalate), CanReport: u.Role.can(permReport)}
	d.CanHide = p.Status == store.StatusHeld || p.Status == store.StatusVisible
	d.CanRestore = p.Status == store.StatusHidden || p.Status == store.StatusHeld
	d.CanDelete = p.Status != store.StatusDeleted

	decidedBy := map[int64]string{}
	for _, dec := range ds {
		by := names.of(dec.DecidedBy)
		decidedBy[dec.ID] = by
		d.Decisions = append(d.Decisions, decisionRow{By: by, At: dec.DecidedAt, Labels: dec.Labels, Shadow: dec.Shadow})
		d.Shadow = d.Shadow || dec.Shadow
	}
	if latest, ok := latestJudgement(ds); ok {
		spans := make([]report.Span, 0, len(latest.Findings))
		for i, f := range latest.Findings {
			n := i + 1
			spans = append(spans, report.Span{Start: f.Start, End: f.End, Finding: n})
			c := f.Clause
			if c == "" {
				c = f.Category.Clause()
			}
			row := findingRow{N: n, Category: f.Category, Describe: f.Category.Describe(), Clause: clauseLabel(c),
				Reason: f.Reason, Score: strconv.FormatFloat(f.Score, 'f', 2, 64)}
			if pv.Profile != nil {
				row.ClauseText = profile.ClauseText(pv.Profile, c)
			}
			for _, seg := range report.Segments(p.Text, []report.Span{{Start: f.Start, End: f.End, Finding: n}}) {
				if seg.Marked() {
					row.Evidence = seg.Text
				}
			}
			d.Findings = append(d.Findings, row)
		}
		d.Segments = report.Segments(p.Text, spans)
		for _, c := range latest.Labels {
			d.Labels = append(d.Labels, option{string(c), humanCategory(c)})
		}
	} else {
		d.Segments = report.Segments(p.Text, nil)
	}
	for _, a := range as {
		d.Shadow = d.Shadow || a.State == store.ActionShadow
		row := actionRow{Kind: string(a.Kind), Category: a.Category, Role: a.Role, State: a.State, By: decidedBy[a.DecisionID],
			At: a.CreatedAt, DoneAt: a.DoneAt, Problem: a.LastError, Attempts: a.Attempts}
		if a.Kind == moderation.ActionReply || a.Kind == moderation.ActionPrivateReply || a.Kind == jobs.ActionUnhide || a.Kind == moderation.ActionHold {
			row.Text = a.Text
		}
		d.Actions = append(d.Actions, row)
	}
	if d.Audit, err = s.auditAbout(ctx, p, ds, as, names); err != nil {
		return nil, err
	}
	if rv, err := st.Review(ctx, p.PracticeID, p.ID); err == nil {
		d.Review = reviewView{AssignedID: rv.AssignedTo, ReviewedAt: rv.ReviewedAt, Outcome: rv.Outcome}
		if rv.AssignedTo != 0 {
			d.Review.AssignedTo = names.of(fmt.Sprintf("user:%d", rv.AssignedTo))
		}
		if rv.ReviewedBy != 0 {
			d.Review.ReviewedBy = names.of(fmt.Sprintf("user:%d", rv.ReviewedBy))
		}
	} else if !isNotFound(err) {
		return nil, err
	}
	if pv.Profile != nil {
		d.Templates = replyTemplates(pv.Profile)
		d.Roles = escalationRoles(pv.Profile)
	}
	users, err := st.ListUsers(ctx, p.PracticeID)
	if err != nil {
		return nil, err
	}
	for _, su := range users {
		d.Users = append(d.Users, option{strconv.FormatInt(su.ID, 10), su.Email})
	}
	if err := s.authorHistory(ctx, d, p); err != nil {
		return nil, err
	}
	return d, nil
}

// latestJudgement is the newest decision that judged the text: decisions
// staff take copy the judgement they act on, so this is the newest decision.
func latestJudgement(ds []store.Decision) (store.Decision, bool) {
	if len(ds) == 0 {
		return store.Decision{}, false
	}
	return ds[len(ds)-1], true
}

// auditAbout returns the audit entries about the post, its decisions and
// its actions, in order.
func (s *Server) auditAbout(ctx context.Context, p store.Post, ds []store.Decision, as []store.Action, names *userNames) ([]auditRow, error) {
	about := map[string]bool{"post:" + strconv.FormatInt(p.ID, 10): true}
	for _, d := range ds {
		about["decision:"+strconv.FormatInt(d.ID, 10)] = true
	}
	for _, a := range as {
		about["action:"+strconv.FormatInt(a.ID, 10)] = true
	}
	var out []auditRow
	var after int64
	for {
		es, err := s.staff.Store.AuditEntries(ctx, p.PracticeID, after, 1000)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if about[e.Subject] {
				out = append(out, auditRow{Seq: e.Seq, Time: e.Time, Kind: e.Kind, Actor: names.of(e.Actor), Summary: auditSummary(e.Detail)})
			}
			after = e.Seq
		}
		if len(es) < 1000 {
			return out, nil
		}
	}
}

// auditSummary says what an audit entry's detail holds, in words, leaving
// out hashes and ids nobody reads.
func auditSummary(detail []byte) string {
	var m map[string]any
	if json.Unmarshal(detail, &m) != nil {
		return ""
	}
	skip := map[string]bool{"sha256": true, "post": true, "attempt": true, "external_id": true, "findings": true}
	keys := make([]string, 0, len(m))
	for k := range m {
		if !skip[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := m[k]
		var vs string
		switch v := v.(type) {
		case []any:
			items := make([]string, len(v))
			for i, x := range v {
				items[i] = fmt.Sprint(x)
			}
			vs = strings.Join(items, ", ")
			if vs == "" {
				vs = "none"
			}
		case float64:
			vs = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			vs = fmt.Sprint(v)
		}
		parts = append(parts, strings.ReplaceAll(k, "_", " ")+": "+vs)
	}
	return strings.Join(parts, "; ")
}

// userNames turns actors ("auto", "user:3", "worker") into what staff read.
type userNames struct {
	s     *Server
	ctx   context.Context
	known map[string]string
}

func (n *userNames) of(actor string) string {
	if name, ok := n.known[actor]; ok {
		return name
	}
	name := actor
	switch {
	case actor == store.DecidedByAuto:
		name = "Pagekeeper (automatically)"
	case actor == "worker":
		name = "Pagekeeper (carrying out actions)"
	case strings.HasPrefix(actor, "user:"):
		if id, err := strconv.ParseInt(strings.TrimPrefix(actor, "user:"), 10, 64); err == nil {
			if u, err := n.s.staff.Store.User(n.ctx, id); err == nil {
				name = u.Email
			}
		}
	}
	n.known[actor] = name
	return name
}

// replyTemplates are the practice's reply texts, one per category whose
// rule has one, and the urgent-help text.
func replyTemplates(p *profile.Profile) []option {
	var out []option
	for _, c := range moderation.AllCategories() {
		if rule := p.Rule(c); rule.Reply != "" && rule.Reply != "{urgent}" {
			out = append(out, option{string(c), humanCategory(c) + ": " + excerpt(p.Expand(rule.Reply), 90)})
		}
	}
	out = append(out, option{"urgent", "Someone may be at risk: " + excerpt(p.Expand("{urgent}"), 90)})
	return out
}

// replyText expands the template key of replyTemplates, or "".
func replyText(p *profile.Profile, key string) string {
	if key == "urgent" {
		return p.Expand("{urgent}")
	}
	c := moderation.Category(key)
	if !c.Valid() {
		return ""
	}
	if rule := p.Rule(c); rule.Reply != "" {
		return p.Expand(rule.Reply)
	}
	return ""
}

// escalationRoles are the roles a post can be passed to.
func escalationRoles(p *profile.Profile) []option {
	keys := slices.Clone(profile.BuiltinRoles)
	for k := range p.Roles {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	out := make([]option, 0, len(keys))
	for _, k := range keys {
		text := strings.ReplaceAll(k, "_", " ")
		if r, ok := p.Roles[k]; ok && r.Name != "" {
			text += " (" + r.Name + ")"
		}
		out = append(out, option{k, strings.ToUpper(text[:1]) + text[1:]})
	}
	return out
}

// clauseLabel names a clause for staff: "clause 4", "the complaints section".
func clauseLabel(c moderation.Clause) string {
	switch c {
	case moderation.ClauseComplaints:
		return "the complaints section"
	case moderation.ClauseSafeguarding:
		return "the duty to safeguard"
	case moderation.ClauseChannels:
		return "the practice's own channels for care"
	case "":
		return "no clause"
	}
	return "clause " + string(c)
}
