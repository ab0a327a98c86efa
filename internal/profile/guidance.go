package profile

// Guidance holds the wording choices of a practice's patient-facing guidance:
// every way the seed documents differ is one setting here, so that rendering a
// profile reproduces its practice's document.
type Guidance struct {
	// Document is what the document calls itself: "guidance" or "policy".
	Document string `yaml:"document,omitempty"`
	// XName is what the document calls X: "X" or "Twitter".
	XName string `yaml:"x_name,omitempty"`
	// PhotoScope is where photographs are not permitted: "any_area" (any area
	// where other patients are present) or "waiting_room" (the waiting room or
	// areas where other patients are present).
	PhotoScope string `yaml:"photo_scope,omitempty"`
	// LegalAdvice says whether legal advice "will" or "may" be sought about defamation.
	LegalAdvice string `yaml:"legal_advice,omitempty"`
	// UnofficialReviewsIgnored adds "Reviews left on unofficial sites will not be responded to."
	UnofficialReviewsIgnored bool `yaml:"unofficial_reviews_ignored,omitempty"`
	// Complaints is what happens to a complaint posted on social media:
	// "delete" (it will be deleted) or "request_delete" (it will not be
	// acknowledged and the poster is asked to delete it).
	Complaints string `yaml:"complaints,omitempty"`
	// ComplaintsName is what the practice calls its complaints process
	// ("complaints policy", "Complaints Procedure").
	ComplaintsName string `yaml:"complaints_name,omitempty"`
}

// The allowed values of the enumerated guidance settings.
var guidanceEnums = map[string][]string{
	"document":     {"guidance", "policy"},
	"x_name":       {"X", "Twitter"},
	"photo_scope":  {"any_area", "waiting_room"},
	"legal_advice": {"will", "may"},
	"complaints":   {"delete", "request_delete"},
}

// withDefaults fills unset settings with the defaults.
func (g Guidance) withDefaults() Guidance {
	if g.Document == "" {
		g.Document = "guidance"
	}
	if g.XName == "" {
		g.XName = "X"
	}
	if g.PhotoScope == "" {
		g.PhotoScope = "any_area"
	}
	if g.LegalAdvice == "" {
		g.LegalAdvice = "may"
	}
	if g.Complaints == "" {
		g.Complaints = "request_delete"
	}
	if g.ComplaintsName == "" {
		g.ComplaintsName = "complaints procedure"
	}
	return g
}

// enumValues returns the guidance's enumerated settings by YAML key, for validation.
func (g Guidance) enumValues() map[string]string {
	return map[string]string{
		"document":     g.Document,
		"x_name":       g.XName,
		"photo_scope":  g.PhotoScope,
		"legal_advice": g.LegalAdvice,
		"complaints":   g.Complaints,
	}
}
