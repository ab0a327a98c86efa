package profile

import (
	"fmt"
	"strings"
	"time"
)

// placeholders are the names a reply template may use in braces.
var placeholders = []string{"practice", "reviews", "complaints", "complaints_name", "website", "contact", "urgent", "document"}

// checkTemplate reports the first unknown or unclosed placeholder in s.
func checkTemplate(s string) error {
	for rest := s; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return nil
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return fmt.Errorf("unclosed placeholder %q", rest[i:])
		}
		name := rest[i+1 : i+j]
		known := false
		for _, p := range placeholders {
			known = known || p == name
		}
		if !known {
			return fmt.Errorf("unknown placeholder {%s} (want one of {%s})", name, strings.Join(placeholders, "}, {"))
		}
		rest = rest[i+j+1:]
	}
}

// Expand fills a reply template's placeholders with the profile's values.
func (p *Profile) Expand(tmpl string) string {
	g := p.Guidance.withDefaults()
	contact := p.Links.Contact
	if contact == "" {
		contact = p.Links.Website
	}
	if contact == "" && len(p.Contact.Phones) > 0 {
		contact = "the surgery on " + p.Contact.Phones[0]
	}
	if contact == "" {
		contact = "the practice's usual phone line or online form"
	}
	urgent := p.UrgentReply
	if urgent == "" {
		urgent = DefaultUrgentReply
	}
	r := strings.NewReplacer(
		"{practice}", p.Name,
		"{reviews}", p.Links.Reviews,
		"{complaints}", p.Links.Complaints,
		"{complaints_name}", g.ComplaintsName,
		"{website}", p.Links.Website,
		"{contact}", contact,
		"{urgent}", urgent,
		"{document}", g.Document,
	)
	return r.Replace(tmpl)
}

// ParseSpan parses surgery hours such as "08:00-18:30" into minutes after midnight.
func ParseSpan(s string) (from, to int, err error) {
	a, b, ok := strings.Cut(strings.ReplaceAll(s, " ", ""), "-")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not a span of hours (want HH:MM-HH:MM)", s)
	}
	fa, errA := time.Parse("15:04", a)
	fb, errB := time.Parse("15:04", b)
	if errA != nil || errB != nil {
		return 0, 0, fmt.Errorf("%q is not a span of hours (want HH:MM-HH:MM)", s)
	}
	from, to = fa.Hour()*60+fa.Minute(), fb.Hour()*60+fb.Minute()
	if to <= from {
		return 0, 0, fmt.Errorf("%q ends before it starts", s)
	}
	return from, to, nil
}
