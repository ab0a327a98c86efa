package profile

import (
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// Format is an output format of the rendered guidance.
type Format string

// The formats Render writes.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatHTML     Format = "html"
)

// Formats lists the formats Render writes.
func Formats() []Format { return []Format{FormatText, FormatMarkdown, FormatHTML} }

// ParseFormat returns the format named s ("md" is markdown).
func ParseFormat(s string) (Format, error) {
	if s == "md" {
		return FormatMarkdown, nil
	}
	if f := Format(s); slices.Contains(Formats(), f) {
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (want one of %v)", s, Formats())
}

// The fixed headings of the guidance, the same in every seed document.
const (
	guidanceTitle     = "Patient Social Media Guidance"
	complaintsHeading = "Patient complaints on social media"
)

// Span is a run of a paragraph: plain text, or a link when URL is set.
type Span struct {
	Text string
	URL  string
}

// Para is a paragraph (or a list item) as spans.
type Para []Span

// Doc is the patient-facing guidance of one practice, independent of format:
// a title, the introduction ending with the sentence that leads into the code
// of conduct, the numbered clauses, then the complaints section.
type Doc struct {
	Practice          string
	Title             string
	Intro             []Para
	Clauses           []Para
	ComplaintsHeading string
	Complaints        []Para
}

// Render writes the practice's guidance in format f.
func Render(w io.Writer, p *Profile, f Format) error {
	d := p.Doc()
	var err error
	switch f {
	case FormatText:
		_, err = io.WriteString(w, d.Text())
	case FormatMarkdown:
		_, err = io.WriteString(w, d.Markdown())
	case FormatHTML:
		err = d.HTML(w)
	default:
		return fmt.Errorf("rendering guidance: unknown format %q (want one of %v)", f, Formats())
	}
	if err != nil {
		return fmt.Errorf("rendering guidance: %w", err)
	}
	return nil
}

// Doc builds the practice's guidance from its profile. It does not validate
// the profile: unknown setting values are worded as their defaults.
func (p *Profile) Doc() Doc {
	g := p.Guidance.withDefaults()
	s := g.Style
	t := func(text string) Span {
		if s.CurlyApostrophes {
			text = strings.ReplaceAll(text, "'", "’")
		}
		return Span{Text: text}
	}
	pick := func(cond bool, yes, no string) string {
		if cond {
			return yes
		}
		return no
	}
	named := g.SelfReference == "name"
	org := g.Owner == "organisation"
	manager := pick(s.LowercaseTitles, "practice manager", "Practice Manager")

	d := Doc{Practice: p.Name, Title: guidanceTitle, ComplaintsHeading: complaintsHeading}
	d.Intro = []Para{
		{t(fmt.Sprintf("At %s, we have %s a range of useful information for our patient population.", p.Name, channelsPhrase(p.Channels, g.XName)))},
		{t(fmt.Sprintf("%s has a duty to maintain patient confidentiality and to safeguard vulnerable patients. "+
			"You can help us to achieve this by adhering to the code of conduct outlined in this %s.",
			pick(named, p.Name, "This practice"), g.Document))},
		{t(fmt.Sprintf("Patients%s are expected to %s:", pick(named, " at "+p.Name, ""),
			pick(s.AlwaysPhrase == "at_all_times", "adhere to the following code of conduct at all times",
				"always adhere to the following code of conduct")))},
	}

	about := pick(named, p.Name, "the practice")
	var review Para
	if isNHS(p.Links.Reviews) {
		review = Para{
			t(fmt.Sprintf("Patients can leave an official review about %s on the NHS website (", about)),
			{URL: p.Links.Reviews},
			t(fmt.Sprintf(") as this will enable the %s to respond appropriately.", manager)),
		}
	} else {
		review = Para{
			t(fmt.Sprintf("Patients are able to leave a review about %s. The following link can enable the %s to respond appropriately. ", about, manager)),
			{URL: p.Links.Reviews},
		}
	}
	if g.UnofficialReviewsIgnored {
		review = append(review, t(" Reviews left on unofficial sites will not be responded to."))
	}

	d.Clauses = []Para{
		{t("The organisation requires all users of portable devices to use them in a courteous and considerate manner, respecting their fellow patients. " +
			"Portable devices are not to be used during consultations, except when agreed with your clinician.")},
		{t(fmt.Sprintf("Patients are not permitted to disclose any patient-identifiable information about other patients%s unless they have the express consent of that patient.",
			pick(s.CommaBeforeUnless, ",", "")))},
		{t("Whilst not encouraged, patients may record their consultation but this should be agreed with your clinician. " +
			"This recording will solely be for your own purpose.")},
		{t(fmt.Sprintf("Patients must not post any material that is inaccurate, fraudulent, harassing, embarrassing, obscene, defamatory or unlawful. "+
			"Any such posts on any of the %s will be deleted and the post reported.",
			pick(org, "organisations pages", "practice's social media pages")))},
		{t(fmt.Sprintf("Patients are not permitted to take photographs %s where other patients are present, %s.",
			pick(g.PhotoScope == "waiting_room", "in the waiting room or areas", "in any area"),
			pick(s.StaffPhotos == "passive", "nor are photographs of staff permitted to be taken", "nor is it permitted to take photographs of staff")))},
		{t("Patients must not post comments on social media that identify any staff.")},
		review,
		{t(fmt.Sprintf("Defamatory comments about our team are not to be shared on any social media platform. "+
			"Legal advice %s be sought%s and the appropriate action taken against any patient who posts defamatory comments.",
			pick(g.LegalAdvice == "will", "will", "may"), pick(s.CommaAfterSought, ",", "")))},
	}
	for _, c := range g.ExtraClauses {
		if c = strings.TrimSpace(c); c != "" {
			d.Clauses = append(d.Clauses, Para{t(c)})
		}
	}

	procedure := Para{t(fmt.Sprintf("We have a separate %s which patients are to use should they wish to make a complaint. ", g.ComplaintsName))}
	if g.ComplaintsLink && p.Links.Complaints != "" {
		procedure = append(procedure, t("You can find it at "), Span{URL: p.Links.Complaints}, t(". "))
	}
	procedure = append(procedure, t(fmt.Sprintf("We will only respond to complaints made to the organisation in accordance with %s.",
		pick(org, "the organisation's policy", "practice policy"))))
	onPage := "If a complaint is made on a social media platform, it will not be acknowledged, and you will be requested to delete it."
	if g.Complaints == "delete" {
		onPage = fmt.Sprintf("If a complaint is made on any of the %s pages, it will be deleted.", pick(org, "organisations'", "practice's"))
	}
	d.Complaints = []Para{procedure, {t(onPage)}}
	return d
}

// channelsPhrase names the practice's channels as the first sentence does:
// "a Facebook page which provides", "a website, Facebook, Twitter and
// Instagram pages which provide", "a website which provides". The website
// comes first, as it is not one of the "pages"; the rest keep the profile's order.
func channelsPhrase(chs []moderation.Channel, xName string) string {
	var names []string
	if slices.Contains(chs, moderation.Website) {
		names = append(names, channelName(moderation.Website, xName))
	}
	for _, ch := range chs {
		if ch != moderation.Website {
			names = append(names, channelName(ch, xName))
		}
	}
	if len(names) == 0 {
		return "pages which provide"
	}
	article := "a"
	if strings.ContainsRune("AEIOUX", rune(names[0][0])) {
		article = "an" // "an Instagram page", "an X page" (said "ex")
	}
	list := names[0]
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	}
	switch {
	case len(chs) == 1 && chs[0] == moderation.Website:
		return article + " " + list + " which provides"
	case len(chs) == 1:
		return article + " " + list + " page which provides"
	}
	return article + " " + list + " pages which provide"
}

// channelName is how the guidance names a channel to patients.
func channelName(ch moderation.Channel, xName string) string {
	switch ch {
	case moderation.Website:
		return "website"
	case moderation.Facebook:
		return "Facebook"
	case moderation.Instagram:
		return "Instagram"
	case moderation.X:
		if xName == "" {
			return "X"
		}
		return xName
	}
	return string(ch)
}

// isNHS reports whether link is on the NHS website, where official reviews of
// GP surgeries are left.
func isNHS(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return h == "nhs.uk" || strings.HasSuffix(h, ".nhs.uk")
}

// Text returns the guidance as plain text: one paragraph a line, blank lines
// between, clauses numbered "1." onwards. A link that ends its paragraph is
// written bare; a link within a sentence is written <like this> (RFC 3986,
// appendix C) so the punctuation after it is not read as part of it.
func (d Doc) Text() string {
	var b strings.Builder
	para := func(p Para) {
		for i, s := range p {
			switch {
			case s.URL == "":
				b.WriteString(s.Text)
			case i == len(p)-1:
				b.WriteString(s.URL)
			default:
				b.WriteString("<" + s.URL + ">")
			}
		}
	}
	b.WriteString(d.Title + "\n\n")
	for _, p := range d.Intro {
		para(p)
		b.WriteString("\n\n")
	}
	for i, p := range d.Clauses {
		fmt.Fprintf(&b, "%d. ", i+1)
		para(p)
		b.WriteString("\n")
	}
	b.WriteString("\n" + d.ComplaintsHeading + "\n")
	for _, p := range d.Complaints {
		b.WriteString("\n")
		para(p)
		b.WriteString("\n")
	}
	return b.String()
}

// markdownEscaper escapes the characters that would otherwise start Markdown
// emphasis, code, links or HTML inside text.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`)

// Markdown returns the guidance as CommonMark: a level-1 title, the
// complaints section under a level-2 heading, the clauses as an ordered
// list, links as autolinks.
func (d Doc) Markdown() string {
	var b strings.Builder
	para := func(p Para) {
		for _, s := range p {
			if s.URL != "" {
				b.WriteString("<" + s.URL + ">")
				continue
			}
			b.WriteString(markdownEscaper.Replace(s.Text))
		}
	}
	b.WriteString("# " + markdownEscaper.Replace(d.Title) + "\n\n")
	for _, p := range d.Intro {
		para(p)
		b.WriteString("\n\n")
	}
	for i, p := range d.Clauses {
		fmt.Fprintf(&b, "%d. ", i+1)
		para(p)
		b.WriteString("\n")
	}
	b.WriteString("\n## " + markdownEscaper.Replace(d.ComplaintsHeading) + "\n")
	for _, p := range d.Complaints {
		b.WriteString("\n")
		para(p)
		b.WriteString("\n")
	}
	return b.String()
}

// String returns the paragraph as plain text, links bare.
func (p Para) String() string {
	var b strings.Builder
	for _, s := range p {
		b.WriteString(s.Text + s.URL)
	}
	return b.String()
}

// ClauseText returns the wording of the practice's guidance that clause c
// stands for, as plain text, for quoting to staff next to a finding: a
// numbered clause of the code of conduct, the complaints section, the duty to
// safeguard, or the sentence naming the practice's channels. It returns ""
// for a clause the guidance does not have.
func ClauseText(p *Profile, c moderation.Clause) string {
	d := p.Doc()
	switch c {
	case moderation.ClauseComplaints:
		var parts []string
		for _, para := range d.Complaints {
			parts = append(parts, para.String())
		}
		return strings.Join(parts, " ")
	case moderation.ClauseSafeguarding:
		return d.Intro[1].String()
	case moderation.ClauseChannels:
		return d.Intro[0].String()
	}
	var n int
	if _, err := fmt.Sscanf(string(c), "%d", &n); err != nil || n < 1 || n > len(d.Clauses) || fmt.Sprint(n) != string(c) {
		return ""
	}
	return d.Clauses[n-1].String()
}
