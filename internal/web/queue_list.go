package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// queueLimit is how many posts per practice the queue lists.
const queueLimit = 200

// queueData is the review queue's data.
type queueData struct {
	State, Category, Channel, Practice, Assigned string
	States                                       []option
	Categories, Channels, PracticeOpts           []option
	Items                                        []queueRow
	MultiPractice                                bool
	CategoryFixed                                bool // an IG lead sees patient information only
	Target                                       time.Duration
}

type option struct {
	Value, Text string
}

// queueRow is one post in the queue.
type queueRow struct {
	ID         int64
	Practice   string
	Channel    moderation.Channel
	Received   time.Time
	Excerpt    string
	Labels     []moderation.Category
	Status     store.PostStatus
	Waiting    time.Duration // surgery hours since it arrived, until reviewed
	Overdue    bool
	AssignedTo string
	Outcome    string
}

var queueStates = []option{
	{string(store.QueueNeedsReview), "Needs review"},
	{string(store.QueueActed), "Hidden or deleted"},
	{string(store.QueueRestored), "Restored"},
	{string(store.QueueAll), "All posts"},
}

// queueList shows the review queue of the user's practices, filtered by
// state, category, channel, practice and assignment.
func (s *Server) queueList(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	q := r.URL.Query()
	d := queueData{State: q.Get("state"), Category: q.Get("category"), Channel: q.Get("channel"),
		Practice: q.Get("practice"), Assigned: q.Get("assigned"), States: queueStates, Target: reviewTarget}
	if !store.QueueState(d.State).Valid() {
		d.State = string(store.QueueNeedsReview)
	}
	if !moderation.Category(d.Category).Valid() {
		d.Category = ""
	}
	if u.Role == roleIGLead {
		d.Category, d.CategoryFixed = string(moderation.PatientInfo), true
	}
	if !slices.Contains(moderation.Channels(), moderation.Channel(d.Channel)) {
		d.Channel = ""
	}
	if d.Assigned != "me" {
		d.Assigned = ""
	}
	for _, c := range moderation.AllCategories() {
		d.Categories = append(d.Categories, option{string(c), humanCategory(c)})
	}
	for _, c := range moderation.Channels() {
		d.Channels = append(d.Channels, option{string(c), channelName(c)})
	}
	practices, err := s.practices(ctx, u)
	if err != nil {
		return err
	}
	d.MultiPractice = len(practices) > 1
	if d.Practice != "" && !u.mayPractice(d.Practice) {
		d.Practice = ""
	}
	f := store.QueueFilter{State: store.QueueState(d.State), Category: moderation.Category(d.Category),
		Channel: moderation.Channel(d.Channel), Limit: queueLimit}
	if d.Assigned == "me" {
		f.AssignedTo = u.User.ID
	}
	names := map[int64]string{u.User.ID: "you"}
	now := s.cfg.Now()
	for _, p := range practices {
		d.PracticeOpts = append(d.PracticeOpts, option{p.ID, p.Name})
		if d.Practice != "" && p.ID != d.Practice {
			continue
		}
		items, err := s.staff.Store.ReviewQueue(ctx, p.ID, f)
		if err != nil {
			return err
		}
		for _, it := range items {
			row := queueRow{ID: it.Post.ID, Practice: p.Name, Channel: it.Post.Channel, Received: it.Post.ReceivedAt,
				Excerpt: excerpt(it.Post.Text, 140), Labels: it.Labels, Status: it.Post.Status, Outcome: it.Review.Outcome}
			end := now
			if !it.Review.ReviewedAt.IsZero() {
				end = it.Review.ReviewedAt
			}
			if p.Profile != nil {
				row.Waiting = surgeryTime(p.Profile.Hours, it.Post.ReceivedAt, end, london)
			} else {
				row.Waiting = end.Sub(it.Post.ReceivedAt)
			}
			row.Overdue = it.Review.ReviewedAt.IsZero() && row.Waiting > reviewTarget
			if id := it.Review.AssignedTo; id != 0 {
				if _, ok := names[id]; !ok {
					if au, err := s.staff.Store.User(ctx, id); err == nil {
						names[id] = au.Email
					} else {
						names[id] = "user " + strconv.FormatInt(id, 10)
					}
				}
				row.AssignedTo = names[id]
			}
			d.Items = append(d.Items, row)
		}
	}
	if f.State == store.QueueNeedsReview {
		slices.SortStableFunc(d.Items, func(a, b queueRow) int { return cmp.Or(a.Received.Compare(b.Received), cmp.Compare(a.ID, b.ID)) })
	} else {
		slices.SortStableFunc(d.Items, func(a, b queueRow) int { return cmp.Or(b.Received.Compare(a.Received), cmp.Compare(b.ID, a.ID)) })
	}
	s.render(w, r, http.StatusOK, "queue", page{Title: "Review queue", Data: d})
	return nil
}

// excerpt is the first n characters of text, on a character boundary.
func excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)
	return string(r[:n-1]) + "…"
}

// channelName is a channel as staff say it.
func channelName(c moderation.Channel) string {
	switch c {
	case moderation.Facebook:
		return "Facebook"
	case moderation.Instagram:
		return "Instagram"
	case moderation.X:
		return "X"
	case moderation.Website:
		return "Website"
	}
	return string(c)
}
