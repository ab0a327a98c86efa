package profile

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// ImportReport is what Import could not map from a document, for a person to check.
type ImportReport struct {
	// Unmapped are the sentences that match no known wording and are not in
	// the profile, in document order.
	Unmapped []string
	// Extra are paragraphs of the code of conduct that match no known
	// clause, kept as guidance.extra_clauses.
	Extra []string
	// Guessed are required settings the document does not give, filled with a guess.
	Guessed []Guess
}

// Guess is one required setting Import had to guess.
type Guess struct {
	Path  string // the YAML key, e.g. "links.complaints"
	Value string
	Why   string
}

// Clean reports whether everything in the document was mapped and nothing guessed.
func (r *ImportReport) Clean() bool {
	return len(r.Unmapped) == 0 && len(r.Extra) == 0 && len(r.Guessed) == 0
}

// Lines returns the report as lines for a person, one problem a line.
func (r *ImportReport) Lines() []string {
	var out []string
	for _, s := range r.Unmapped {
		out = append(out, fmt.Sprintf("not mapped, left out: %q", s))
	}
	for i, s := range r.Extra {
		out = append(out, fmt.Sprintf("unknown clause, kept as guidance.extra_clauses.%d: %q", i, s))
	}
	for _, g := range r.Guessed {
		out = append(out, fmt.Sprintf("guessed %s = %q: %s", g.Path, g.Value, g.Why))
	}
	return out
}

// Import reads a guidance document (plain text, Markdown or .docx, told apart
// by name's extension and by content) into a profile: the practice's name,
// channels, links, ODS code and every guidance setting its wording shows.
// What it cannot map is in the report, never silently dropped; required
// settings the document lacks are guessed and reported, so the profile always
// validates.
func Import(name string, data []byte) (*Profile, *ImportReport, error) {
	var paras []docPara
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case isDocx(data):
		var err error
		if paras, err = docxParas(data); err != nil {
			return nil, nil, fmt.Errorf("importing guidance: %w", err)
		}
		for i, p := range paras {
			if loc := listMarker.FindStringIndex(p.Text); loc != nil { // numbers typed, not Word's numbering
				paras[i] = docPara{Text: p.Text[loc[1]:], Item: true}
			}
		}
	case ext == ".docx":
		return nil, nil, fmt.Errorf("importing guidance: %s is not a .docx (zip) file", name)
	default:
		paras = textParas(string(data), ext == ".md" || ext == ".markdown")
	}
	im := &importer{p: &Profile{}, r: &ImportReport{}}
	for _, para := range paras {
		im.para(para)
	}
	im.finish(name)
	return im.p, im.r, nil
}

// section is where in the document the importer is.
type section int

const (
	sectionIntro      section = iota // before the code of conduct
	sectionConduct                   // the numbered clauses
	sectionComplaints                // after the complaints heading
)

// importer holds the state of one import.
type importer struct {
	p          *Profile
	r          *ImportReport
	section    section
	names      []string // the practice's name wherever the document gives it
	linkReview bool     // "The following link ..." was read: an address follows
	curly      bool     // a mapped sentence had a typographic apostrophe
}

// rule maps one sentence of known wording to settings.
type rule struct {
	re    *regexp.Regexp
	apply func(im *importer, m []string)
}

// Patterns of the parts of sentences that vary.
const (
	reURL     = `<?(https?://[^\s<>()]+?)>?`
	reManager = `(practice manager|Practice Manager)`
)

func exact(s string) *regexp.Regexp { return regexp.MustCompile("^" + regexp.QuoteMeta(s) + "$") }
func re(s string) *regexp.Regexp    { return regexp.MustCompile("^" + s + "$") }
func nothing(*importer, []string)   {}

// rules are the sentences of the known guidance wording, each with what it tells.
var rules = []rule{
	{re(`Patient Social Media (?:Guidance|Policy)`), nothing},
	{re(`At (.+?), we have (.+?) (?:pages which provide|page which provides|which provides) a range of useful information for our patient population\.`),
		func(im *importer, m []string) { im.names = append(im.names, m[1]); im.channels(m[2]) }},
	{re(`(.+?) has a duty to maintain patient confidentiality and to safeguard vulnerable patients\.`),
		func(im *importer, m []string) { im.selfReference(m[1]) }},
	{re(`You can help us to achieve this by adhering to the code of conduct outlined in this (policy|guidance)\.`),
		func(im *importer, m []string) { im.p.Guidance.Document = m[1] }},
	{re(`Patients(?: at (.+?))? are expected to (always adhere to the following code of conduct|adhere to the following code of conduct at all times):`),
		func(im *importer, m []string) {
			if m[1] != "" {
				im.names = append(im.names, m[1])
			}
			if im.p.Guidance.SelfReference == "" {
				im.p.Guidance.SelfReference = map[bool]string{true: "name", false: "this_practice"}[m[1] != ""]
			}
			im.p.Guidance.Style.AlwaysPhrase = map[bool]string{true: "always", false: "at_all_times"}[strings.HasPrefix(m[2], "always")]
			im.section = sectionConduct
		}},
	{exact("The organisation requires all users of portable devices to use them in a courteous and considerate manner, respecting their fellow patients."), nothing},
	{exact("Portable devices are not to be used during consultations, except when agreed with your clinician."), nothing},
	{re(`Patients are not permitted to disclose any patient-identifiable information about other patients(,?) unless they have the express consent of that patient\.`),
		func(im *importer, m []string) { im.p.Guidance.Style.CommaBeforeUnless = m[1] == "," }},
	{exact("Whilst not encouraged, patients may record their consultation but this should be agreed with your clinician."), nothing},
	{exact("This recording will solely be for your own purpose."), nothing},
	{exact("Patients must not post any material that is inaccurate, fraudulent, harassing, embarrassing, obscene, defamatory or unlawful."), nothing},
	{re(`Any such posts on any of the (organisations pages|practice's social media pages) will be deleted and the post reported\.`),
		func(im *importer, m []string) {
			im.p.Guidance.Owner = map[bool]string{true: "organisation", false: "practice"}[strings.HasPrefix(m[1], "organisation")]
		}},
	{re(`Patients are not permitted to take photographs (in the waiting room or areas|in any area) where other patients are present, ` +
		`(nor are photographs of staff permitted to be taken|nor is it permitted to take photographs of staff)\.`),
		func(im *importer, m []string) {
			im.p.Guidance.PhotoScope = map[bool]string{true: "waiting_room", false: "any_area"}[strings.Contains(m[1], "waiting room")]
			im.p.Guidance.Style.StaffPhotos = map[bool]string{true: "passive", false: "impersonal"}[strings.HasPrefix(m[2], "nor are")]
		}},
	{exact("Patients must not post comments on social media that identify any staff."), nothing},
	{re(`Patients are able to leave a review about (.+?)\.`), func(im *importer, m []string) { im.reviewAbout(m[1]) }},
	{re(`The following link can enable the ` + reManager + ` to respond appropriately\.`),
		func(im *importer, m []string) { im.titles(m[1]); im.linkReview = true }},
	{re(`Patients can leave an official review about (.+?) on the NHS website \(` + reURL + `\) as this will enable the ` + reManager + ` to respond appropriately\.`),
		func(im *importer, m []string) { im.reviewAbout(m[1]); im.p.Links.Reviews = m[2]; im.titles(m[3]) }},
	{exact("Reviews left on unofficial sites will not be responded to."),
		func(im *importer, _ []string) { im.p.Guidance.UnofficialReviewsIgnored = true }},
	{exact("Defamatory comments about our team are not to be shared on any social media platform."), nothing},
	{re(`Legal advice (will|may) be sought(,?) and the appropriate action taken against any patient who posts defamatory comments\.`),
		func(im *importer, m []string) {
			im.p.Guidance.LegalAdvice = m[1]
			im.p.Guidance.Style.CommaAfterSought = m[2] == ","
		}},
	{exact(complaintsHeading), func(im *importer, _ []string) { im.section = sectionComplaints }},
	{re(`We have a separate (.+?) which patients are to use should they wish to make a complaint\.`),
		func(im *importer, m []string) { im.p.Guidance.ComplaintsName = m[1] }},
	{re(`You can find it at ` + reURL + `\.`),
		func(im *importer, m []string) { im.p.Links.Complaints = m[1]; im.p.Guidance.ComplaintsLink = true }},
	{re(`We will only respond to complaints made to the organisation in accordance with (the organisation's policy|practice policy)\.`),
		func(im *importer, m []string) {
			im.p.Guidance.Owner = map[bool]string{true: "organisation", false: "practice"}[strings.HasPrefix(m[1], "the organisation")]
		}},
	{re(`If a complaint is made on any of the (organisations'|organisation's|practice's) pages, it will be deleted\.`),
		func(im *importer, m []string) { im.p.Guidance.Complaints = "delete" }},
	{exact("If a complaint is made on a social media platform, it will not be acknowledged, and you will be requested to delete it."),
		func(im *importer, _ []string) { im.p.Guidance.Complaints = "request_delete" }},
	{re(reURL), func(im *importer, m []string) { im.address(m[1]) }},
}

// para maps one paragraph: each sentence by the rules; a paragraph of the
// code of conduct of which nothing maps is kept as an extra clause.
func (im *importer) para(para docPara) {
	sentences := splitSentences(para.Text)
	var unmapped []string
	for _, s := range sentences {
		if !im.sentence(s) {
			unmapped = append(unmapped, s)
		}
	}
	if len(unmapped) == 0 {
		return
	}
	if im.section == sectionConduct && len(unmapped) == len(sentences) {
		im.p.Guidance.ExtraClauses = append(im.p.Guidance.ExtraClauses, para.Text)
		im.r.Extra = append(im.r.Extra, para.Text)
		return
	}
	im.r.Unmapped = append(im.r.Unmapped, unmapped...)
}

// sentence applies the first rule s matches and reports whether one did.
func (im *importer) sentence(s string) bool {
	plain := strings.ReplaceAll(s, "’", "'")
	for _, r := range rules {
		if m := r.re.FindStringSubmatch(plain); m != nil {
			r.apply(im, m)
			im.curly = im.curly || plain != s
			return true
		}
	}
	return false
}

// channels reads the channels' names from the first sentence: "a website,
// Facebook, Twitter and Instagram", "a Facebook".
func (im *importer) channels(list string) {
	list = strings.TrimPrefix(strings.TrimPrefix(list, "a "), "an ")
	for _, name := range regexp.MustCompile(`,\s*|\s+and\s+`).Split(list, -1) {
		var ch moderation.Channel
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "website":
			ch = moderation.Website
		case "facebook":
			ch = moderation.Facebook
		case "instagram":
			ch = moderation.Instagram
		case "twitter":
			ch, im.p.Guidance.XName = moderation.X, "Twitter"
		case "x":
			ch, im.p.Guidance.XName = moderation.X, "X"
		default:
			im.r.Unmapped = append(im.r.Unmapped, fmt.Sprintf("channel %q (Pagekeeper does not read it)", name))
			continue
		}
		im.p.Channels = append(im.p.Channels, ch)
	}
}

// selfReference reads how the duty sentence names the practice.
func (im *importer) selfReference(who string) {
	if strings.EqualFold(who, "this practice") || strings.EqualFold(who, "the practice") {
		im.p.Guidance.SelfReference = "this_practice"
		return
	}
	im.p.Guidance.SelfReference = "name"
	im.names = append(im.names, who)
}

// reviewAbout reads how the reviews clause names the practice.
func (im *importer) reviewAbout(who string) {
	if !strings.EqualFold(who, "the practice") && !strings.EqualFold(who, "this practice") {
		im.names = append(im.names, who)
	}
}

// titles reads how job titles are written.
func (im *importer) titles(manager string) {
	im.p.Guidance.Style.LowercaseTitles = manager == "practice manager"
}

// address places an address standing alone as a sentence: the reviews link
// after "The following link ...", else the complaints link in the complaints
// section. Anywhere else it is reported.
func (im *importer) address(link string) {
	switch {
	case im.linkReview && im.p.Links.Reviews == "":
		im.p.Links.Reviews = link
	case im.section == sectionComplaints && im.p.Links.Complaints == "":
		im.p.Links.Complaints = link
	default:
		im.r.Unmapped = append(im.r.Unmapped, link)
	}
}

// nhsODS finds the ODS code in the address of a practice's NHS website page
// (".../gp-surgery/quorn-medical-centre/C82034/ratings-and-reviews").
var nhsODS = regexp.MustCompile(`^[A-Z][0-9]{5}$`)

// finish fills what the document leaves out: the ODS code from an NHS
// address, the website from the practice's own addresses, and guesses,
// reported, for required settings.
func (im *importer) finish(name string) {
	p := im.p
	for _, l := range []*string{&p.Links.Reviews, &p.Links.Complaints} {
		if u, err := url.Parse(*l); *l != "" && (err != nil || u.Host == "") {
			im.r.Unmapped = append(im.r.Unmapped, fmt.Sprintf("address %q (not a web address)", *l))
			*l = ""
		}
	}
	if im.curly {
		p.Guidance.Style.CurlyApostrophes = true
	}
	if len(im.names) > 0 {
		p.Name = im.names[0]
	} else {
		p.Name = nameFromFile(name)
		im.guess("name", p.Name, "the document does not name the practice; taken from the file name")
	}
	if len(p.Channels) == 0 {
		p.Channels = []moderation.Channel{moderation.Facebook}
		im.guess("channels", "facebook", "the document does not say which pages the practice has")
	}
	if isNHS(p.Links.Reviews) {
		if u, err := url.Parse(p.Links.Reviews); err == nil {
			for _, seg := range strings.Split(u.Path, "/") {
				if nhsODS.MatchString(seg) {
					p.ODSCode = seg
				}
			}
		}
	}
	for _, l := range []string{p.Links.Reviews, p.Links.Complaints} {
		if u, err := url.Parse(l); err == nil && l != "" && !isNHS(l) && p.Links.Website == "" {
			p.Links.Website = (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/"}).String()
		}
	}
	if p.Links.Reviews == "" {
		p.Links.Reviews = "https://www.nhs.uk/service-search/find-a-gp"
		im.guess("links.reviews", p.Links.Reviews, "the document gives no address for reviews; this is the NHS website's GP search, replace it with the practice's own NHS page")
	}
	if p.Links.Complaints == "" {
		switch {
		case strings.Contains(strings.ToLower(p.Links.Reviews), "complaint"):
			p.Links.Complaints = p.Links.Reviews
			im.guess("links.complaints", p.Links.Complaints, "the document gives no address for complaints; the reviews address is the practice's feedback and complaints page")
		case p.Links.Website != "":
			p.Links.Complaints = strings.TrimSuffix(p.Links.Website, "/") + "/complaints"
			im.guess("links.complaints", p.Links.Complaints, "the document gives no address for complaints; confirm with the practice")
		default:
			p.Links.Complaints = "https://www.nhs.uk/nhs-services/gp-surgeries/how-to-complain-to-a-gp-surgery/"
			im.guess("links.complaints", p.Links.Complaints, "the document gives no address for complaints; this is the NHS website's general advice, replace it with the practice's own page")
		}
	}
}

func (im *importer) guess(path, value, why string) {
	im.r.Guessed = append(im.r.Guessed, Guess{Path: path, Value: value, Why: why})
}

// nameFromFile makes a practice name of a file name: "quorn-medical-centre.txt"
// gives "Quorn Medical Centre".
func nameFromFile(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	words := strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	if len(words) == 0 {
		return "Unnamed practice"
	}
	return strings.Join(words, " ")
}
