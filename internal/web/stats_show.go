package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// statsWeeks is how many weeks the statistics cover.
const statsWeeks = 8

// statsLimit caps the posts read per practice for the statistics.
const statsLimit = 5000

// statsData is the statistics page's data.
type statsData struct {
	Since, Until time.Time
	Posts        int
	ByClause     barChart
	ClauseTable  statTable
	ByChannel    barChart
	ChannelTable statTable
	TimeToAct    barChart
	ActTable     statTable
	Median       string
	Deciders     barChart
	DeciderTable statTable
	Feedback     statTable
}

// statTable is a chart's numbers as a table.
type statTable struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// timeBuckets group how long removals took.
var timeBuckets = []struct {
	name  string
	under time.Duration
}{
	{"under 10 seconds", 10 * time.Second},
	{"10 s to 1 minute", time.Minute},
	{"1 to 10 minutes", 10 * time.Minute},
	{"10 minutes to 1 hour", time.Hour},
	{"1 to 24 hours", 24 * time.Hour},
	{"over a day", 1<<63 - 1},
}

// statsShow draws the statistics of the user's practices over the last
// weeks: posts per clause per week, per channel, how long removals took,
// and automated against human decisions. Each chart has a table.
func (s *Server) statsShow(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	now := s.cfg.Now()
	lt := now.In(london)
	monday := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, london).AddDate(0, 0, -(int(lt.Weekday())+6)%7)
	since := monday.AddDate(0, 0, -7*(statsWeeks-1))
	d := statsData{Since: since, Until: now}

	clauses := []moderation.Clause{}
	perWeek := map[moderation.Clause][]int{}
	perChannel := map[moderation.Channel]int{}
	buckets := make([]int, len(timeBuckets))
	var durations []time.Duration
	deciders := map[string]int{}
	feedback := map[moderation.Category]int{}
	for _, pid := range u.Practices {
		posts, err := s.staff.Store.ListPosts(ctx, pid, store.PostFilter{Limit: statsLimit})
		if err != nil {
			return err
		}
		for _, p := range posts {
			if p.ReceivedAt.Before(since) {
				continue
			}
			d.Posts++
			perChannel[p.Channel]++
			week := int(p.ReceivedAt.Sub(since) / (7 * 24 * time.Hour))
			if week >= statsWeeks {
				week = statsWeeks - 1
			}
			if err := s.postStats(ctx, p, func(c moderation.Clause) {
				if _, ok := perWeek[c]; !ok {
					perWeek[c] = make([]int, statsWeeks)
					clauses = append(clauses, c)
				}
				perWeek[c][week]++
			}, func(took time.Duration) {
				durations = append(durations, took)
				for i, b := range timeBuckets {
					if took < b.under {
						buckets[i]++
						break
					}
				}
			}, deciders); err != nil {
				return err
			}
		}
		fs, err := s.staff.Store.FeedbackSince(ctx, pid, since)
		if err != nil {
			return err
		}
		for _, f := range fs {
			feedback[f.Category]++
		}
	}

	slices.SortFunc(clauses, func(a, b moderation.Clause) int { return cmp.Compare(clauseOrder(a), clauseOrder(b)) })
	weeks := make([]string, statsWeeks)
	for i := range weeks {
		weeks[i] = since.AddDate(0, 0, 7*i).Format("2 Jan")
	}
	var ss []series
	d.ClauseTable = statTable{Caption: "Posts breaking each part of your guidance, per week (week starting)", Head: append([]string{"Part of the guidance"}, weeks...)}
	for _, c := range clauses {
		name := clauseLabel(c)
		ss = append(ss, series{Name: name, Values: perWeek[c]})
		row := []string{name}
		for _, v := range perWeek[c] {
			row = append(row, fmt.Sprint(v))
		}
		d.ClauseTable.Rows = append(d.ClauseTable.Rows, row)
	}
	d.ByClause = stackedBars("chart-clauses", "Posts breaking your guidance, per week",
		"Stacked bars, one per week, split by the part of the guidance broken. The table below gives the numbers.", weeks, ss)

	var chLabels []string
	var chValues []int
	d.ChannelTable = statTable{Caption: "Posts per channel", Head: []string{"Channel", "Posts"}}
	for _, ch := range moderation.Channels() {
		chLabels = append(chLabels, channelName(ch))
		chValues = append(chValues, perChannel[ch])
		d.ChannelTable.Rows = append(d.ChannelTable.Rows, []string{channelName(ch), fmt.Sprint(perChannel[ch])})
	}
	d.ByChannel = hbars("chart-channels", "Posts per channel", "One bar per channel. The table below gives the numbers.", chLabels, chValues)

	var bLabels []string
	d.ActTable = statTable{Caption: "How long after a post arrived it was hidden or deleted", Head: []string{"Time taken", "Posts"}}
	for i, b := range timeBuckets {
		bLabels = append(bLabels, b.name)
		d.ActTable.Rows = append(d.ActTable.Rows, []string{b.name, fmt.Sprint(buckets[i])})
	}
	d.TimeToAct = hbars("chart-time", "Time from a post arriving to it being hidden or deleted", "One bar per length of time. The table below gives the numbers.", bLabels, buckets)
	if len(durations) > 0 {
		slices.Sort(durations)
		d.Median = humanDuration(durations[len(durations)/2])
	}

	dLabels := []string{"Pagekeeper, automatically", "A person", "Confirmed by a person", "Found wrong by a person"}
	dValues := []int{deciders["auto"], deciders["person"], deciders["confirmed"], deciders["not_a_breach"]}
	d.DeciderTable = statTable{Caption: "Who decided", Head: []string{"Decided by", "Decisions"}}
	for i := range dLabels {
		d.DeciderTable.Rows = append(d.DeciderTable.Rows, []string{dLabels[i], fmt.Sprint(dValues[i])})
	}
	d.Deciders = hbars("chart-deciders", "Automated and human decisions",
		"Decisions Pagekeeper took by itself, decisions people took, and automatic decisions people reviewed. The table below gives the numbers.", dLabels, dValues)

	d.Feedback = statTable{Caption: "Posts your team marked “not a breach”, by category", Head: []string{"Category", "Times"}}
	for _, c := range moderation.AllCategories() {
		if n := feedback[c]; n > 0 {
			d.Feedback.Rows = append(d.Feedback.Rows, []string{humanCategory(c), fmt.Sprint(n)})
		}
	}
	s.render(w, r, http.StatusOK, "stats", page{Title: "Statistics", Data: d})
	return nil
}

// postStats reports a post's clauses (of its latest judgement), how long
// its first removal took, and who decided about it.
func (s *Server) postStats(ctx context.Context, p store.Post, clause func(moderation.Clause), took func(time.Duration), deciders map[string]int) error {
	ds, err := s.staff.Store.DecisionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return err
	}
	for _, dec := range ds {
		if dec.DecidedBy == store.DecidedByAuto {
			deciders["auto"]++
		} else {
			deciders["person"]++
		}
	}
	if last, ok := latestJudgement(ds); ok {
		seen := map[moderation.Clause]bool{}
		for _, f := range last.Findings {
			c := f.Clause
			if c == "" {
				c = f.Category.Clause()
			}
			if !seen[c] {
				seen[c] = true
				clause(c)
			}
		}
	}
	as, err := s.staff.Store.ActionsForPost(ctx, p.PracticeID, p.ID)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.Kind.Removes() && a.State == store.ActionDone && !a.DoneAt.IsZero() {
			took(a.DoneAt.Sub(p.ReceivedAt))
			break
		}
	}
	if rv, err := s.staff.Store.Review(ctx, p.PracticeID, p.ID); err == nil {
		switch rv.Outcome {
		case store.OutcomeConfirmed:
			deciders["confirmed"]++
		case store.OutcomeNotABreach:
			deciders["not_a_breach"]++
		}
	} else if !isNotFound(err) {
		return err
	}
	return nil
}

// clauseOrder sorts clauses as the guidance does: numbered first.
func clauseOrder(c moderation.Clause) int {
	var n int
	if _, err := fmt.Sscanf(string(c), "%d", &n); err == nil {
		return n
	}
	return 100 + len(c)
}

// humanDuration says a duration roughly: "4 seconds", "3 minutes", "2 hours".
func humanDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d seconds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	default:
		return fmt.Sprintf("%.1f hours", d.Hours())
	}
}
