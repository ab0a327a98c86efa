// Package policy turns a post's findings into a decision under a practice's
// profile: which actions to take, in which order, and which are held for a
// person. It is pure: no I/O, no clock.
//
// The rules every profile shares, whatever it says per category:
//   - Someone possibly at risk (safeguarding) is never hidden or deleted, even
//     when another category asks for it; it escalates at once, and the only
//     reply sent is the urgent-help text.
//   - Hide comes before delete: delete never happens without the post first
//     being taken out of view and its evidence kept (the act layer keeps it).
//   - When a finding's score is below the rule's review_below, nothing is done
//     automatically for that category: the post is held for a person.
//   - A post gets at most one public reply and one private reply (Facebook
//     allows one private reply per comment); a post taken out of view gets its
//     reply privately, since the public no longer sees what it would answer.
//   - Categories in shadow mode are judged and recorded; their actions carry
//     Shadow and are never carried out.
package policy

import (
	"slices"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// replyPriority orders categories when only one reply can be sent: the most
// important message wins.
var replyPriority = []moderation.Category{
	moderation.Safeguarding, moderation.PatientInfo, moderation.ClinicalRequest,
	moderation.Complaint, moderation.Defamatory, moderation.Harassment, moderation.StaffIdentified,
	moderation.Obscene, moderation.Fraud, moderation.Misinformation, moderation.Review,
}

// actionOrder is the order actions are carried out in.
var actionOrder = []moderation.ActionKind{
	moderation.ActionEscalate, moderation.ActionHold, moderation.ActionHide,
	moderation.ActionPrivateReply, moderation.ActionReply, moderation.ActionReport, moderation.ActionDelete,
}

// Decide returns the decision for a post's findings under profile p.
func Decide(p *profile.Profile, findings []moderation.Finding) moderation.Decision {
	labels := moderation.Labels(findings)
	d := moderation.Decision{Labels: labels.Categories(), Findings: findings}
	if len(findings) == 0 {
		d.Actions = []moderation.Action{}
		return d
	}
	best := bestScores(findings)
	atRisk := labels.Has(moderation.Safeguarding)

	var acts []moderation.Action
	for _, cat := range replyPriority {
		if !labels.Has(cat) {
			continue
		}
		rule := p.Rule(cat)
		shadow := p.InShadow(cat)
		if cat != moderation.Safeguarding && rule.ReviewBelow > 0 && best[cat] < rule.ReviewBelow {
			acts = append(acts, moderation.Action{Kind: moderation.ActionHold, Category: cat, Shadow: shadow})
			continue
		}
		for _, k := range rule.Actions {
			a := moderation.Action{Kind: k, Category: cat, Shadow: shadow}
			switch k {
			case moderation.ActionNone:
				continue
			case moderation.ActionEscalate:
				a.Role = rule.EscalateTo
				a.Urgent = cat == moderation.Safeguarding
			case moderation.ActionReply, moderation.ActionPrivateReply:
				a.Text = p.Expand(rule.Reply)
			}
			if atRisk && cat != moderation.Safeguarding {
				if k.Removes() || k == moderation.ActionReply || k == moderation.ActionPrivateReply {
					continue // never remove or send a routine reply to a post where someone may be at risk
				}
			}
			acts = append(acts, a)
		}
	}
	d.Actions = merge(acts)
	return d
}

// bestScores returns the highest score per category.
func bestScores(fs []moderation.Finding) map[moderation.Category]float64 {
	m := make(map[moderation.Category]float64, len(fs))
	for _, f := range fs {
		if f.Score > m[f.Category] {
			m[f.Category] = f.Score
		}
	}
	return m
}

// merge removes duplicate actions, keeps one reply of each kind (the first,
// which comes from the highest-priority category), turns a public reply into
// a private one when the post is taken out of view, adds hide before delete,
// and orders actions for carrying out.
func merge(acts []moderation.Action) []moderation.Action {
	has := func(k moderation.ActionKind, live bool) bool {
		return slices.ContainsFunc(acts, func(a moderation.Action) bool { return a.Kind == k && (!live || !a.Shadow) })
	}
	removed := has(moderation.ActionHide, true) || has(moderation.ActionDelete, true)
	if removed {
		var private bool
		out := acts[:0:0]
		for _, a := range acts {
			if a.Kind == moderation.ActionPrivateReply {
				private = true
			}
			out = append(out, a)
		}
		for i, a := range out {
			if a.Kind == moderation.ActionReply && !a.Shadow {
				if private {
					out[i].Kind = moderation.ActionNone // the private reply already speaks to the poster
				} else {
					out[i].Kind = moderation.ActionPrivateReply
					private = true
				}
			}
		}
		acts = out
	}
	if i := slices.IndexFunc(acts, func(a moderation.Action) bool { return a.Kind == moderation.ActionDelete }); i >= 0 && !has(moderation.ActionHide, false) {
		acts = append(acts, moderation.Action{Kind: moderation.ActionHide, Category: acts[i].Category, Shadow: acts[i].Shadow})
	}
	var out []moderation.Action
	seen := map[string]bool{}
	for _, k := range actionOrder {
		for _, a := range acts {
			if a.Kind != k {
				continue
			}
			key := string(a.Kind)
			if k == moderation.ActionEscalate {
				key += "/" + a.Role
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, a)
		}
	}
	if out == nil {
		out = []moderation.Action{}
	}
	return out
}
