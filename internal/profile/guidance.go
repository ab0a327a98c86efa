package profile

// Guidance holds the wording choices of a practice's patient-facing guidance:
// every way the seed documents differ is one setting here, so that rendering a
// profile reproduces its practice's document. Settings left empty take the
// defaults of withDefaults; boolean settings default to false.
type Guidance struct {
	// Document is what the document calls itself: "guidance" or "policy"
	// ("the code of conduct outlined in this policy").
	Document string `yaml:"document,omitempty"`
	// SelfReference is how the document refers to the practice: "name" uses
	// the practice's name ("Roxbourne Medical Centre has a duty ...",
	// "Patients at Roxbourne Medical Centre are expected ...", "a review about
	// Roxbourne Medical Centre"); "this_practice" does not ("This practice has
	// a duty ...", "Patients are expected ...", "a review about the practice").
	SelfReference string `yaml:"self_reference,omitempty"`
	// Owner is how the document names the body that owns the pages and the
	// complaints policy: "organisation" ("any of the organisations pages",
	// "in accordance with the organisation's policy") or "practice" ("any of
	// the practice's social media pages", "in accordance with practice
	// policy"). The organisation wording is Roxbourne's, kept verbatim with its
	// missing apostrophe in clause 4, because the rendered document must be the
	// one the practice approved and published.
	Owner string `yaml:"owner,omitempty"`
	// XName is what the document calls X: "X" or "Twitter".
	XName string `yaml:"x_name,omitempty"`
	// PhotoScope is where photographs are not permitted: "any_area" (any area
	// where other patients are present) or "waiting_room" (the waiting room or
	// areas where other patients are present).
	PhotoScope string `yaml:"photo_scope,omitempty"`
	// LegalAdvice says whether legal advice "will" or "may" be sought about defamation.
	LegalAdvice string `yaml:"legal_advice,omitempty"`
	// UnofficialReviewsIgnored adds "Reviews left on unofficial sites will not
	// be responded to." to the reviews clause. Which reviews clause is written
	// follows links.reviews: an nhs.uk address gives "an official review ...
	// on the NHS website", any other "The following link ...".
	UnofficialReviewsIgnored bool `yaml:"unofficial_reviews_ignored,omitempty"`
	// Complaints is what happens to a complaint posted on social media:
	// "delete" (on the practice's own pages, it will be deleted) or
	// "request_delete" (on any social media platform, it will not be
	// acknowledged and the poster is asked to delete it).
	Complaints string `yaml:"complaints,omitempty"`
	// ComplaintsName is what the practice calls its complaints process
	// ("complaints policy", "Complaints Procedure"). Free text: it is the
	// practice's own name for its own document.
	ComplaintsName string `yaml:"complaints_name,omitempty"`
	// ComplaintsLink adds a sentence giving links.complaints after the
	// complaints process is named. Neither seed document has it.
	ComplaintsLink bool `yaml:"complaints_link,omitempty"`
	// ExtraClauses are the practice's own clauses, numbered after the eight of
	// the code of conduct. Free text: they are by definition wording
	// Pagekeeper does not know; import keeps clauses it cannot map here.
	ExtraClauses []string `yaml:"extra_clauses,omitempty"`
	// Style is the document's punctuation and phrasing where the seeds differ
	// in form but not in meaning.
	Style Style `yaml:"style,omitempty"`
}

// Style holds the differences of form between guidance documents: rendering
// with the practice's style reproduces its published text exactly, and none
// of these settings changes what the guidance asks of patients.
type Style struct {
	// AlwaysPhrase is how the code of conduct is introduced: "always"
	// ("are expected to always adhere to the following code of conduct:") or
	// "at_all_times" ("... adhere to the following code of conduct at all times:").
	AlwaysPhrase string `yaml:"always_phrase,omitempty"`
	// StaffPhotos is how clause 5 forbids photographs of staff: "impersonal"
	// ("nor is it permitted to take photographs of staff") or "passive"
	// ("nor are photographs of staff permitted to be taken").
	StaffPhotos string `yaml:"staff_photos,omitempty"`
	// CurlyApostrophes writes apostrophes as ’, as word processors do, rather than '.
	CurlyApostrophes bool `yaml:"curly_apostrophes,omitempty"`
	// LowercaseTitles writes job titles in lower case ("the practice
	// manager") rather than capitalised ("the Practice Manager").
	LowercaseTitles bool `yaml:"lowercase_titles,omitempty"`
	// CommaBeforeUnless puts a comma in clause 2: "about other patients, unless ...".
	CommaBeforeUnless bool `yaml:"comma_before_unless,omitempty"`
	// CommaAfterSought puts a comma in clause 8: "Legal advice may be sought, and ...".
	CommaAfterSought bool `yaml:"comma_after_sought,omitempty"`
}

// The allowed values of the enumerated guidance settings, by YAML key under
// "guidance". Each list's first value is the default.
var guidanceEnums = map[string][]string{
	"document":            {"guidance", "policy"},
	"self_reference":      {"this_practice", "name"},
	"owner":               {"practice", "organisation"},
	"x_name":              {"X", "Twitter"},
	"photo_scope":         {"any_area", "waiting_room"},
	"legal_advice":        {"may", "will"},
	"complaints":          {"request_delete", "delete"},
	"style.always_phrase": {"always", "at_all_times"},
	"style.staff_photos":  {"impersonal", "passive"},
}

// defaultComplaintsName is what an unnamed complaints process is called.
const defaultComplaintsName = "complaints procedure"

// withDefaults fills unset settings with the defaults: the first allowed value
// of each enumerated setting, and "complaints procedure".
func (g Guidance) withDefaults() Guidance {
	for _, f := range []struct {
		key string
		val *string
	}{
		{"document", &g.Document},
		{"self_reference", &g.SelfReference},
		{"owner", &g.Owner},
		{"x_name", &g.XName},
		{"photo_scope", &g.PhotoScope},
		{"legal_advice", &g.LegalAdvice},
		{"complaints", &g.Complaints},
		{"style.always_phrase", &g.Style.AlwaysPhrase},
		{"style.staff_photos", &g.Style.StaffPhotos},
	} {
		if *f.val == "" {
			*f.val = guidanceEnums[f.key][0]
		}
	}
	if g.ComplaintsName == "" {
		g.ComplaintsName = defaultComplaintsName
	}
	return g
}

// enumValues returns the guidance's enumerated settings by YAML key (the keys
// of guidanceEnums), for validation.
func (g Guidance) enumValues() map[string]string {
	return map[string]string{
		"document":            g.Document,
		"self_reference":      g.SelfReference,
		"owner":               g.Owner,
		"x_name":              g.XName,
		"photo_scope":         g.PhotoScope,
		"legal_advice":        g.LegalAdvice,
		"complaints":          g.Complaints,
		"style.always_phrase": g.Style.AlwaysPhrase,
		"style.staff_photos":  g.Style.StaffPhotos,
	}
}
