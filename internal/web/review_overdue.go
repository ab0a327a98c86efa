package web

import (
	"time"

	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// ReviewTarget is how long, in surgery hours, a post may wait for a person
// before the review queue marks it overdue.
const ReviewTarget = reviewTarget

// ReviewWaiting is how long a post received at from has waited for review
// by to, counted as the review queue counts it: the practice's surgery
// hours h, in London time (every hour when h is empty).
func ReviewWaiting(h profile.Hours, from, to time.Time) time.Duration {
	return surgeryTime(h, from, to, london)
}
