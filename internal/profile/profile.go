// Package profile is a practice's social-media policy as data: one YAML file per
// practice naming its channels, links, staff directory, the wording of its
// patient-facing guidance and what happens for each category of breach. It
// loads profiles strictly (every error names file:line), renders the guidance
// for patients and reads an existing guidance document into a profile.
package profile

import (
	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// Profile is one practice's policy.
type Profile struct {
	Name     string               `yaml:"name"`
	ODSCode  string               `yaml:"ods_code,omitempty"`
	Channels []moderation.Channel `yaml:"channels"`
	Links    Links                `yaml:"links"`
	Contact  Contact              `yaml:"contact,omitempty"`
	Location *Location            `yaml:"location,omitempty"`
	Hours    Hours                `yaml:"hours,omitempty"`
	Staff    []Staff              `yaml:"staff,omitempty"`
	Roles    map[string]Role      `yaml:"roles,omitempty"`
	Guidance Guidance             `yaml:"guidance,omitempty"`
	// Shadow lists categories judged and recorded but not acted on; "all" means every category.
	Shadow []string `yaml:"shadow,omitempty"`
	// UrgentReply is the urgent-help text sent to posts where someone may be at risk.
	UrgentReply string `yaml:"urgent_reply,omitempty"`
	// Policy says what happens for each category. Categories left out take the
	// defaults of the seed guidance (see Defaults).
	Policy map[moderation.Category]*Rule `yaml:"policy,omitempty"`
}

// Links are the official places the guidance sends people.
type Links struct {
	Reviews    string `yaml:"reviews"`           // where reviews should go
	Complaints string `yaml:"complaints"`        // the complaints procedure
	Website    string `yaml:"website,omitempty"` // the practice's website
	Contact    string `yaml:"contact,omitempty"` // how to contact the practice for care (online consultation, phone page)
}

// Contact is the practice's own published contact details. Quoting them is innocent.
type Contact struct {
	Phones  []string `yaml:"phones,omitempty"`
	Emails  []string `yaml:"emails,omitempty"`
	Handles []string `yaml:"handles,omitempty"`
	Aliases []string `yaml:"aliases,omitempty"` // other names for the practice ("Millbrook")
}

// Location is where the practice is, for reading photo metadata.
type Location struct {
	Latitude  float64 `yaml:"latitude"`
	Longitude float64 `yaml:"longitude"`
	RadiusM   float64 `yaml:"radius_m,omitempty"`
}

// Hours are surgery hours by lower-case weekday name ("monday": "08:00-18:30").
// A day left out is closed.
type Hours map[string]string

// Staff is one entry of the staff directory.
type Staff struct {
	Name    string   `yaml:"name"`
	Title   string   `yaml:"title,omitempty"`
	Role    string   `yaml:"role"`
	Aliases []string `yaml:"aliases,omitempty"`
}

// Role is someone escalations can go to.
type Role struct {
	Name  string `yaml:"name,omitempty"`
	Email string `yaml:"email,omitempty"`
}

// Rule is what happens when a post falls into one category.
type Rule struct {
	// Actions to take, in order. Delete always keeps evidence first.
	Actions []moderation.ActionKind `yaml:"actions"`
	// EscalateTo names the role an escalate action goes to.
	EscalateTo string `yaml:"escalate_to,omitempty"`
	// Reply is the template text of a reply or private_reply. Placeholders:
	// {practice}, {reviews}, {complaints}, {website}, {contact}, {urgent}.
	Reply string `yaml:"reply,omitempty"`
	// ReviewBelow holds a post for a person instead of acting automatically
	// when the finding's score is below it (0 never holds).
	ReviewBelow float64 `yaml:"review_below,omitempty"`
}

// BuiltinRoles are the escalation roles every practice has, whether or not the
// profile names the person.
var BuiltinRoles = []string{"practice_manager", "safeguarding_lead", "ig_lead", "duty_clinician", "reception"}

// Practice returns what detectors need to know of the practice.
func (p *Profile) Practice() moderation.Practice {
	mp := moderation.Practice{
		Name:    p.Name,
		Aliases: p.Contact.Aliases,
		Phones:  p.Contact.Phones,
		Emails:  p.Contact.Emails,
		Handles: p.Contact.Handles,
	}
	for _, l := range []string{p.Links.Website, p.Links.Reviews, p.Links.Complaints, p.Links.Contact} {
		if h := hostOf(l); h != "" {
			mp.Domains = append(mp.Domains, h)
		}
	}
	for _, s := range p.Staff {
		mp.Staff = append(mp.Staff, moderation.StaffMember{Name: s.Name, Title: s.Title, Role: s.Role, Aliases: s.Aliases})
	}
	return mp
}

// Rule returns the rule for a category: the profile's own, or the default.
func (p *Profile) Rule(c moderation.Category) Rule {
	if r, ok := p.Policy[c]; ok && r != nil {
		return *r
	}
	return Defaults(p.Guidance)[c]
}

// InShadow reports whether category c is judged but not acted on.
func (p *Profile) InShadow(c moderation.Category) bool {
	for _, s := range p.Shadow {
		if s == "all" || s == string(c) {
			return true
		}
	}
	return false
}
