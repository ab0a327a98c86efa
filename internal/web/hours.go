package web

import (
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// reviewTarget is how long, in surgery hours, a post may wait for a person
// before the queue shows it as overdue.
const reviewTarget = 4 * time.Hour

// surgeryTime returns how much of [from, to) fell within the surgery hours
// h, read in loc: the time a post has waited while someone could have
// looked at it. A profile without hours counts every hour. Days whose hours
// do not parse count as closed; bank holidays are not known.
func surgeryTime(h profile.Hours, from, to time.Time, loc *time.Location) time.Duration {
	if !to.After(from) {
		return 0
	}
	if len(h) == 0 {
		return to.Sub(from)
	}
	var total time.Duration
	lf := from.In(loc)
	day := time.Date(lf.Year(), lf.Month(), lf.Day(), 0, 0, 0, 0, loc)
	for i := 0; i < 400 && day.Before(to); i++ {
		next := day.AddDate(0, 0, 1)
		if span, ok := h[strings.ToLower(day.Weekday().String())]; ok {
			if a, b, err := profile.ParseSpan(span); err == nil {
				open := day.Add(time.Duration(a) * time.Minute)
				shut := day.Add(time.Duration(b) * time.Minute)
				if lo, hi := later(open, from), earlier(shut, to); hi.After(lo) {
					total += hi.Sub(lo)
				}
			}
		}
		day = next
	}
	return total
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
