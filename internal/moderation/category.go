// Package moderation is Pagekeeper's domain vocabulary: the categories a post can
// fall into, the clauses of a practice's guidance they serve, posts, findings,
// actions and decisions. It imports only the standard library.
package moderation

import (
	"fmt"
	"slices"
)

// Category is one of the eleven closed-vocabulary labels a post can carry
// (shared LABELS.md). A post may carry several categories, or none.
type Category string

// The categories, in the order the guidance introduces them.
const (
	PatientInfo     Category = "patient_info"
	StaffIdentified Category = "staff_identified"
	Obscene         Category = "obscene"
	Harassment      Category = "harassment"
	Defamatory      Category = "defamatory"
	Fraud           Category = "fraud"
	Misinformation  Category = "misinformation"
	Complaint       Category = "complaint"
	Review          Category = "review"
	Safeguarding    Category = "safeguarding"
	ClinicalRequest Category = "clinical_request"
)

// Categories lists every category in a fixed order.
var categories = [...]Category{
	PatientInfo, StaffIdentified, Obscene, Harassment, Defamatory, Fraud,
	Misinformation, Complaint, Review, Safeguarding, ClinicalRequest,
}

// AllCategories returns every category, in the guidance's order. The slice is a copy.
func AllCategories() []Category { return slices.Clone(categories[:]) }

// NumCategories is the size of the vocabulary.
const NumCategories = len(categories)

// Index returns the category's position in AllCategories, or -1 if it is unknown.
func (c Category) Index() int {
	for i, k := range categories {
		if k == c {
			return i
		}
	}
	return -1
}

// Valid reports whether c is one of the eleven categories.
func (c Category) Valid() bool { return c.Index() >= 0 }

// ParseCategory returns the category named s, or an error naming the valid ones.
func ParseCategory(s string) (Category, error) {
	c := Category(s)
	if !c.Valid() {
		return "", fmt.Errorf("unknown category %q (want one of %v)", s, categories)
	}
	return c, nil
}

// Clause identifies the part of a practice's guidance a category serves. Numbered
// clauses follow the seed documents' code of conduct; the others name the
// guidance's sections.
type Clause string

// The clauses of the seed guidance that categories serve.
const (
	ClauseConfidentiality Clause = "2"            // other patients' identifiable information
	ClauseConduct         Clause = "4"            // inaccurate, fraudulent, harassing, ... material
	ClausePhotos          Clause = "5"            // photographs of patients or staff
	ClauseStaff           Clause = "6"            // comments that identify staff
	ClauseReviews         Clause = "7"            // reviews belong on the official channel
	ClauseDefamation      Clause = "8"            // defamatory comments about the team
	ClauseComplaints      Clause = "complaints"   // complaints go to the complaints procedure
	ClauseSafeguarding    Clause = "safeguarding" // the practice's duty to safeguard
	ClauseChannels        Clause = "channels"     // care is asked for through the practice's channels
)

// Clause returns the guidance clause the category serves.
func (c Category) Clause() Clause {
	switch c {
	case PatientInfo:
		return ClauseConfidentiality
	case StaffIdentified:
		return ClauseStaff
	case Obscene, Harassment, Fraud, Misinformation:
		return ClauseConduct
	case Defamatory:
		return ClauseDefamation
	case Complaint:
		return ClauseComplaints
	case Review:
		return ClauseReviews
	case Safeguarding:
		return ClauseSafeguarding
	case ClinicalRequest:
		return ClauseChannels
	}
	return ""
}

// Describe returns a short plain-English name for the category, for staff.
func (c Category) Describe() string {
	switch c {
	case PatientInfo:
		return "another person's identifiable information"
	case StaffIdentified:
		return "identifies a member of staff"
	case Obscene:
		return "obscene or vulgar language"
	case Harassment:
		return "abuse, harassment or threats"
	case Defamatory:
		return "possibly defamatory allegation"
	case Fraud:
		return "scam, spam or fraud"
	case Misinformation:
		return "inaccurate health or practice information"
	case Complaint:
		return "a complaint"
	case Review:
		return "a review"
	case Safeguarding:
		return "someone may be at risk"
	case ClinicalRequest:
		return "asks for care through social media"
	}
	return string(c)
}

// Set is a set of categories as a bit mask, indexed by Category.Index.
type Set uint16

// Add returns s with c added. Unknown categories are ignored.
func (s Set) Add(c Category) Set {
	if i := c.Index(); i >= 0 {
		return s | 1<<i
	}
	return s
}

// Has reports whether c is in s.
func (s Set) Has(c Category) bool {
	i := c.Index()
	return i >= 0 && s&(1<<i) != 0
}

// Categories returns the members of s sorted by name, as the judgement contract requires.
func (s Set) Categories() []Category {
	out := make([]Category, 0, 4)
	for i, c := range categories {
		if s&(1<<i) != 0 {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}
