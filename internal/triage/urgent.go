package triage

import (
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must load on hosts without a zoneinfo database

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// urgentClinicalScore is the least score at which a clinical request that
// describes an emergency counts as urgent.
const urgentClinicalScore = 0.5

// urgent reports whether a post looks urgent, and for which category. The
// rule: any safeguarding finding (someone may be at risk, whatever the
// score: a false alarm costs one kind message), or a clinical-request
// finding of score at least 0.5 whose reason says it describes an
// emergency. The intent detector marks emergencies only in its reason
// ("asks for help with an emergency ..."), so the reason is read here; a
// structured flag on findings would be better and would replace this.
func urgent(fs []moderation.Finding) (moderation.Category, bool) {
	clinical := false
	for _, f := range fs {
		switch {
		case f.Category == moderation.Safeguarding:
			return moderation.Safeguarding, true
		case f.Category == moderation.ClinicalRequest && f.Score >= urgentClinicalScore && strings.Contains(f.Reason, "emergency"):
			clinical = true
		}
	}
	if clinical {
		return moderation.ClinicalRequest, true
	}
	return "", false
}

// OutOfHours reports whether t falls outside the surgery hours h, read in
// loc: on a day h leaves out (closed), before opening or from closing time.
// A profile without hours, or with a day's hours unreadable, counts as out
// of hours: sending the urgent-help text when the surgery is open costs
// little, and not sending it when no one is there could cost a great deal.
// Bank holidays are not known and count as ordinary days.
func OutOfHours(h profile.Hours, t time.Time, loc *time.Location) bool {
	if len(h) == 0 {
		return true
	}
	lt := t.In(loc)
	span, ok := h[strings.ToLower(lt.Weekday().String())]
	if !ok {
		return true
	}
	from, to, err := profile.ParseSpan(span)
	if err != nil {
		return true
	}
	m := lt.Hour()*60 + lt.Minute()
	return m < from || m >= to
}

// urgentReply makes sure an urgent-looking post gets the profile's
// urgent-help text: it takes over the decision's public reply if there is
// one (the poster sees it where they posted), else its private reply, else
// it is added as a private reply. When the urgent category is in shadow
// the text is recorded as a shadow private reply and nothing else changes.
func urgentReply(p *profile.Profile, acts []moderation.Action, cat moderation.Category, shadow bool) []moderation.Action {
	text := p.Expand("{urgent}")
	for _, a := range acts {
		if (a.Kind == moderation.ActionReply || a.Kind == moderation.ActionPrivateReply) && a.Text == text {
			return acts
		}
	}
	if !shadow {
		for _, k := range []moderation.ActionKind{moderation.ActionReply, moderation.ActionPrivateReply} {
			for i, a := range acts {
				if a.Kind == k && !a.Shadow {
					acts[i].Text, acts[i].Category = text, cat
					return acts
				}
			}
		}
	}
	return append(acts, moderation.Action{Kind: moderation.ActionPrivateReply, Text: text, Category: cat, Shadow: shadow})
}
