package privacy

import (
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Kinds of named person.
const (
	nameThird uint8 = iota + 1 // someone else: a possible patient
	nameSelf                   // the poster ("I'm Sarah Greenwood")
	nameOther                  // a professional elsewhere, or a name in a sales pitch
)

// nameSpan is a person's name found in a post: words i..j.
type nameSpan struct {
	i, j int
	kind uint8
	full bool // first name and surname, or title and name: enough to identify
}

// Owners of a detail.
const (
	ownerNone  = iota // no one said whose it is, or the practice's
	ownerSelf         // the poster's own
	ownerThird        // someone else's
)

// compileContacts keeps the practice's own published contact details, which
// are innocent to quote.
func (f *Family) compileContacts(p moderation.Practice) {
	for _, ph := range p.Phones {
		f.phones = append(f.phones, string(nationalDigits(nil, ph)))
	}
	for _, e := range p.Emails {
		e = strings.ToLower(strings.TrimSpace(e))
		f.emails = append(f.emails, e)
		if at := strings.LastIndexByte(e, '@'); at >= 0 {
			f.domains = append(f.domains, e[at+1:])
		}
	}
	for _, dm := range p.Domains {
		dm = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(dm)), "www.")
		f.domains = append(f.domains, dm, "www."+dm)
	}
	for _, h := range p.Handles {
		for _, w := range splitName(strings.TrimPrefix(h, "@")) {
			f.practTok[w] = true
		}
	}
}

// detectPatient finds other people's identifying details and appends a
// finding for each.
func (f *Family) detectPatient(d *textnorm.Doc, s *scratch, out []moderation.Finding) []moderation.Finding {
	s.commerce = s.all&cCommerce != 0
	f.findNames(d, s)
	out = f.unlistedStaff(d, s, out)
	f.findNumbers(d, s)
	for k := range s.pii {
		it := &s.pii[k]
		if it.practice {
			continue
		}
		owner, label, named := f.owner(d, s, it.i, it.j, it.kind)
		if owner != ownerThird {
			continue
		}
		switch it.kind {
		case pNHS:
			if !it.cue && !nhsCue(d, it.i) && label == "" || refCue(d, it.i) {
				continue
			}
		case pDOB:
			// A date is a date of birth when a word says so, or when it sits
			// right after the person's name ("Sarah Greenwood, 16/08/1979").
			// An old date with a named owner is a birth date too: appointments
			// are not decades away.
			if !it.cue && !(it.i > 0 && s.mark[it.i-1] < 0 && it.year <= 2025) && !(named && it.year <= 2010) {
				continue
			}
		case pPhone, pEmail:
			if s.commerce {
				continue // "contact her on WhatsApp" in a sales pitch
			}
		}
		c := moderation.PatientInfo
		sc := 0.85
		if it.kind == pNHS || it.kind == pDOB {
			sc = 0.95
		}
		out = append(out, moderation.Finding{Category: c, Clause: c.Clause(), Start: it.start, End: it.end, Score: sc,
			Reason: "gives " + piiDesc[it.kind] + " of someone else (" + ownerLabel(d, label) + ")"})
	}
	if !s.commerce {
		for k := range s.names {
			nm := s.names[k]
			if nm.kind != nameThird || !nm.full {
				continue
			}
			if h := f.healthNear(d, s, nm.i, nm.j); h >= 0 {
				st, en := d.WordSpan(nm.i, nm.j)
				c := moderation.PatientInfo
				out = append(out, moderation.Finding{Category: c, Clause: c.Clause(), Start: st, End: en, Score: 0.75,
					Reason: "names " + trimPossessive(d.Orig[st:en]) + " together with a health detail (\"" + d.OrigText(h) + "\")"})
			}
		}
	}
	for _, h := range s.staff {
		if h.staff < 0 {
			continue
		}
		if k := f.staffHealth(d, s, h.j); k >= 0 {
			st, en := d.WordSpan(h.i, h.j)
			c := moderation.PatientInfo
			out = append(out, moderation.Finding{Category: c, Clause: c.Clause(), Start: st, End: en, Score: 0.7,
				Reason: "gives a health detail (\"" + d.OrigText(k) + "\") about " + trimPossessive(d.Orig[st:en]) + ", " + f.staff[h.staff].roleDesc})
		}
	}
	return out
}

// ownerLabel says who a detail belongs to, for a reason.
func ownerLabel(d *textnorm.Doc, label string) string {
	if label == "" {
		return "another person"
	}
	return label
}

// refCue reports whether a word just before i says a number is a reference
// of some other kind ("order number", "tracking", "ref").
func refCue(d *textnorm.Doc, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch string(d.Text(d.Words[k])) {
		case "ref", "reference", "order", "tracking", "account", "booking", "invoice", "case", "claim", "policy",
			"serial", "parcel", "confirmation", "customer", "membership", "card", "sort", "acc":
			return true
		}
	}
	return false
}

// nhsCue reports whether "NHS" is written just before word i.
func nhsCue(d *textnorm.Doc, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if d.Is(k, "nhs") {
			return true
		}
	}
	return false
}

// surnameShaped reports whether word k could be a surname: a capitalised
// word that is not a function word, place word, title, month or role.
func (f *Family) surnameShaped(d *textnorm.Doc, s *scratch, k int) bool {
	if !isAlphaWord(d, k) || !capital(d, k) || s.mark[k] != 0 || d.Words[k].Len() < 2 {
		return false
	}
	if s.cls[k]&(cNotName|cStreet|cPlaceNoun|cTitle|cMonth|cWeekday|cRelative|cRoleWord|cSelf|cThirdPron|cNameFollow|cVerbComp|cSubjPron) != 0 {
		return false
	}
	return !f.practTok[string(key(d, k))]
}

// findNames finds people named in the post who are not staff: titles with
// names ("Mrs Iris Beaumont"), first names with surnames ("Jess Oduya"), and
// named relatives ("my son Jayden", "Our Ryan").
func (f *Family) findNames(d *textnorm.Doc, s *scratch) {
	n := len(d.Words)
	next := 0 // the first word after the last name found
	for _, k := range s.nameAt {
		i := int(k)
		if i < next || s.mark[i] != 0 || !isAlphaWord(d, i) {
			continue
		}
		c := s.cls[i]
		var nm nameSpan
		switch {
		case c&cTitle != 0 && s.ent[i].title != titleNurse && i+1 < n && f.surnameShaped(d, s, i+1) && !(d.Is(i, "ms") && d.Words[i].Flags&textnorm.AllCaps != 0):
			j := i + 1
			if j+1 < n && plainGap(d, j) && f.surnameShaped(d, s, j+1) && d.Words[j].Flags&textnorm.Apostrophe == 0 {
				j++
			}
			nm = nameSpan{i: i, j: j, kind: nameThird, full: true}
			if s.ent[i].title == titleDr {
				nm.kind = nameOther // a doctor elsewhere, not a patient
			}
		case c&cFirstName != 0 && (capital(d, i) || s.caseless && c&cOrdinary == 0 && i > 0 && s.cls[i-1]&(cRelative|cMy) != 0):
			j := i
			if i+1 < n && plainGap(d, i) && f.surnameShaped(d, s, i+1) {
				j = i + 1
				if j+1 < n && plainGap(d, j) && f.surnameShaped(d, s, j+1) && s.cls[j+1]&cFirstName == 0 {
					j++
				}
			}
			related := i > 0 && s.cls[i-1]&(cRelative|cMy|cPersonNoun) != 0
			if j == i && !related && c&cOrdinary != 0 {
				continue
			}
			if j == i && !related && !capital(d, i) {
				continue
			}
			if j == i && sentStart(d, s, i) && !related {
				continue
			}
			nm = nameSpan{i: i, j: j, kind: nameThird, full: j > i}
		case c == 0 && s.ent[i].staff < 0 && f.unknownPair(d, s, i):
			// Two capitalised words the lexicon does not know, standing alone
			// mid-sentence: most likely a name the first-name list lacks.
			nm = nameSpan{i: i, j: i + 1, kind: nameThird, full: true}
		case capital(d, i) && !sentStart(d, s, i) && i > 0 && s.cls[i-1]&cRelative != 0 && c&(cNotName|cPlaceNoun|cStreet|cRoleWord|cTitle) == 0:
			// "my friend Tasha", a name the lexicon does not know
			j := i
			if i+1 < n && plainGap(d, i) && f.surnameShaped(d, s, i+1) {
				j = i + 1
			}
			nm = nameSpan{i: i, j: j, kind: nameThird, full: j > i}
		default:
			continue
		}
		if f.selfIntro(d, s, nm.i) {
			nm.kind = nameSelf
		} else if nm.i > 0 && s.cls[nm.i-1]&cOtherRole != 0 || f.namedThing(d, s, nm) {
			nm.kind = nameOther
		}
		if len(s.names) >= 1<<14 {
			return
		}
		s.names = append(s.names, nm)
		for k := nm.i; k <= nm.j; k++ {
			s.mark[k] = int16(-len(s.names))
		}
		next = nm.j + 1
	}
}

// unlistedStaff reports people the directory does not list but the post
// places in the practice ("Jenny Lomax on reception", "receptionist Jenny",
// "Dr Smith the locum"): they are staff, not patients.
func (f *Family) unlistedStaff(d *textnorm.Doc, s *scratch, out []moderation.Finding) []moderation.Finding {
	for k := range s.names {
		nm := &s.names[k]
		if nm.kind == nameSelf {
			continue
		}
		if nm.kind == nameOther && !(s.cls[nm.i]&cTitle != 0 && s.ent[nm.i].title == titleDr) {
			continue
		}
		before := nm.i > 0 && !sentStart(d, s, nm.i) && s.cls[nm.i-1]&cTitle == 0 && f.roleEndsAt(d, s, nm.i-1) && !f.practiceRoleless(d, s, nm.i-1)
		if !before && !f.roleAfter(d, s, nm.j+1) && !f.onDuty(d, s, nm.j) {
			continue
		}
		nm.kind = nameOther
		st, en := d.WordSpan(nm.i, nm.j)
		c := moderation.StaffIdentified
		out = append(out, moderation.Finding{Category: c, Clause: c.Clause(), Start: st, End: en, Score: 0.6,
			Reason: "names " + trimPossessive(d.Orig[st:en]) + ", who the post places on the practice's staff"})
	}
	return out
}

// onDuty reports whether the words after a name at j put them on the
// practice's front desk: "on reception", "on the phones", "from reception".
// "In reception" or "at reception" could be a patient waiting there.
func (f *Family) onDuty(d *textnorm.Doc, s *scratch, j int) bool {
	n := len(d.Words)
	if j+1 >= n || !(d.Is(j+1, "on") || d.Is(j+1, "from") || d.Is(j+1, "behind")) {
		return false
	}
	for k := j + 2; k < n && k <= j+4; k++ {
		if s.cls[k]&cStaffCtx != 0 {
			return true
		}
	}
	return false
}

// practiceRoleless reports whether the role ending at k is one the practice
// has no holder of, so the person is someone else's ("the midwife Jo").
func (f *Family) practiceRoleless(d *textnorm.Doc, s *scratch, k int) bool {
	for q := k; q >= 0 && q >= k-3; q-- {
		if s.ent[q].role < 0 {
			continue
		}
		if ph, ok := f.rolePhraseAt(d, s, q); ok && q+len(ph.words)-1 == k {
			return len(f.roleKeys[ph.key].staff) == 0
		}
	}
	return true
}

// namedThing reports whether a name is the possessive start of a named thing:
// "Mrs Brown's Boys", "Joy Brown's Bakery".
func (f *Family) namedThing(d *textnorm.Doc, s *scratch, nm nameSpan) bool {
	k := nm.j + 1
	return d.Words[nm.j].Flags&textnorm.Apostrophe != 0 && k < len(d.Words) && plainGap(d, nm.j) &&
		isAlphaWord(d, k) && capital(d, k) && s.cls[k]&(cNotName|cNameFollow) == 0
}

// unknownPair reports whether words i and i+1 are a pair of capitalised words
// unknown to every lexicon, not at a sentence's start and not part of a
// longer run of capitals (a place, a hospital, a programme).
func (f *Family) unknownPair(d *textnorm.Doc, s *scratch, i int) bool {
	n := len(d.Words)
	if i+1 >= n || !isAlphaWord(d, i) || !capital(d, i) || sentStart(d, s, i) || !plainGap(d, i) || s.caseless {
		return false
	}
	if s.cls[i+1] != 0 || s.ent[i+1].staff >= 0 || !f.surnameShaped(d, s, i+1) || d.Words[i+1].Flags&textnorm.Apostrophe != 0 && d.Words[i].Flags&textnorm.Apostrophe != 0 {
		return false
	}
	if i == 0 || s.cls[i-1]&cNameCue == 0 {
		return false // "Voltarol Gel for arthritis" is a product; "saw Bronwen Pugh" a person
	}
	if i+2 < n && isAlphaWord(d, i+2) && capital(d, i+2) && plainGap(d, i+1) {
		return false
	}
	return !f.practTok[string(key(d, i))]
}

// selfIntro reports whether the name at i is the poster introducing
// themselves: "I'm Sarah Greenwood", "my name is ...", "this is ...".
func (f *Family) selfIntro(d *textnorm.Doc, s *scratch, i int) bool {
	switch {
	case i >= 1 && (d.Is(i-1, "i'm") || d.Is(i-1, "im")):
		return true
	case i >= 2 && d.Is(i-1, "am") && d.Is(i-2, "i"):
		return true
	case i >= 2 && d.Is(i-1, "is") && (d.Is(i-2, "name") || d.Is(i-2, "this")) && (i < 3 || d.Is(i-3, "my") || d.Is(i-3, "hi") || d.Is(i-3, "hello") || d.Words[i-2].Flags&textnorm.SentStart != 0):
		return true
	case i >= 1 && d.Is(i-1, "name's"):
		return true
	}
	return false
}

// owner decides whose a detail at words i..j is, from the nearest word before
// it (or, failing that, just after it) that points at a person: the poster
// (my, me, I), someone else (a relative, a pronoun, a name), or the practice.
// label describes someone else for a reason; it is "" when only a pronoun
// points at them.
func (f *Family) owner(d *textnorm.Doc, s *scratch, i, j int, kind uint8) (int, string, bool) {
	for k := i - 1; k >= 0 && k >= i-14; k-- {
		if o, label, ok := f.ownerAt(d, s, k, true, kind); ok {
			return o, label, s.mark[k] < 0
		}
	}
	for k := j + 1; k < len(d.Words) && k <= j+6; k++ {
		if o, label, ok := f.ownerAt(d, s, k, false, kind); ok {
			return o, label, s.mark[k] < 0
		}
	}
	return ownerNone, "", false
}

// ownerAt reads word k as a pointer to a detail's owner.
func (f *Family) ownerAt(d *textnorm.Doc, s *scratch, k int, before bool, kind uint8) (int, string, bool) {
	if m := s.mark[k]; m > 0 {
		// A member of staff: their own details are someone else's too, but a
		// number next to their name is the practice's line.
		for _, h := range s.staff {
			if k >= h.i && k <= h.j && h.staff >= 0 && kind != pPhone && h.role < 0 {
				st, en := d.WordSpan(h.i, h.j)
				return ownerThird, trimPossessive(d.Orig[st:en]) + ", a member of staff", true
			}
		}
		return ownerNone, "", true
	} else if m < 0 {
		nm := s.names[-m-1]
		switch nm.kind {
		case nameThird:
			st, en := d.WordSpan(nm.i, nm.j)
			return ownerThird, trimPossessive(d.Orig[st:en]), true
		case nameSelf:
			return ownerSelf, "", true
		}
		return ownerNone, "", true
	}
	c := s.cls[k]
	if c&(cRelative|cPersonNoun) != 0 && c&cSelf == 0 && !f.particular(d, s, k) {
		return 0, "", false // "tell your mates", "take a friend", "choose your girl"
	}
	switch {
	case c&(cRelative|cPersonNoun) != 0 && c&cSelf == 0:
		lbl := string(key(d, k))
		if k > 0 && (d.Is(k-1, "my") || d.Is(k-1, "our") || k > 1 && (d.Is(k-2, "my") || d.Is(k-2, "our"))) {
			lbl = "the poster's " + lbl
		} else {
			lbl = "the " + lbl
		}
		return ownerThird, lbl, true
	case c&cThirdPron != 0:
		return ownerThird, "", true
	case c&cSelf != 0:
		if !before && (d.Is(k, "my") || d.Is(k, "our")) {
			for q := k + 1; q < len(d.Words) && q <= k+2; q++ {
				if s.cls[q]&cRelative != 0 {
					return ownerThird, "the poster's " + string(key(d, q)), true
				}
			}
		}
		return ownerSelf, "", true
	case c&cPracticeRef != 0:
		return ownerNone, "", true
	}
	return 0, "", false
}

// particular reports whether the relative or person at word k is one
// particular person: "my dad", "the lady at number 7", "Grandad", not "a
// friend", "your mates" or "any woman".
func (f *Family) particular(d *textnorm.Doc, s *scratch, k int) bool {
	q := k - 1
	if q >= 0 && s.cls[q]&(cDescr|cOrdinary) != 0 && s.cls[q]&(cMy|cDet) == 0 {
		q-- // "my best friend", "the old lady"
	}
	if q >= 0 && s.cls[q]&cNotName != 0 && !d.Is(q, "my") && !d.Is(q, "our") && !d.Is(q, "his") && !d.Is(q, "her") && !d.Is(q, "the") && !d.Is(q, "that") && !d.Is(q, "this") {
		if d.Is(q, "a") || d.Is(q, "an") || d.Is(q, "any") || d.Is(q, "your") || d.Is(q, "some") || d.Is(q, "every") || d.Is(q, "each") {
			return false
		}
	}
	if q >= 0 && (d.Is(q, "ur") || d.Is(q, "u") || d.Is(q, "yr")) {
		return false
	}
	if s.cls[k]&cPersonNoun != 0 && s.cls[k]&cRelative == 0 {
		return q >= 0 && (d.Is(q, "the") || d.Is(q, "that") || d.Is(q, "this") || d.Is(q, "my") || d.Is(q, "our") || d.Is(q, "her") || d.Is(q, "his"))
	}
	return true
}

// healthAt reports whether word k is a health detail: a health word, or a
// body word with a condition ("heart failure", "knee op"). A capitalised
// word mid-sentence is part of a title ("Suicide Squad"), not a detail, and a
// detail the poster claims ("my knee op") is theirs.
func (f *Family) healthAt(d *textnorm.Doc, s *scratch, k int, work bool) bool {
	c := s.cls[k]
	hit := c&cHealth != 0 || work && c&cHealthWork != 0
	if !hit && c&cBody != 0 && k+1 < len(d.Words) && s.cls[k+1]&cCondition != 0 {
		hit = true
	}
	if !hit && c&cBody != 0 && k >= 2 && (d.Is(k-1, "his") || d.Is(k-1, "her")) && d.Is(k-2, "with") {
		hit = true // "off with his back"
	}
	if !hit && d.Is(k, "signed") && d.Is(k+1, "off") {
		hit = true // signed off work
	}
	if !hit {
		return false
	}
	if capital(d, k) && !sentStart(d, s, k) && d.Words[k].Flags&textnorm.AllCaps == 0 {
		return false
	}
	for q := k - 1; q >= 0 && q >= k-2; q-- {
		if d.Is(q, "my") || d.Is(q, "i") || d.Is(q, "i've") || d.Is(q, "i'm") || d.Is(q, "ive") || d.Is(q, "im") {
			return false
		}
	}
	return true
}

// healthNear returns a health detail about the named person at i..j: in the
// same sentence, or in the next when it goes on about them ("She's 94 ...
// heart failure"). It returns -1 when there is none.
func (f *Family) healthNear(d *textnorm.Doc, s *scratch, i, j int) int {
	n := len(d.Words)
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		if d.Words[k+1].Flags&textnorm.SentStart != 0 && k+1 <= i {
			break
		}
		if s.mark[k] == 0 && f.healthAt(d, s, k, true) {
			return k
		}
	}
	sentences := 0
	for k := j + 1; k < n && k <= j+30; k++ {
		if d.Words[k].Flags&textnorm.SentStart != 0 {
			sentences++
			if sentences > 1 || s.cls[k]&cThirdPron == 0 && !(s.mark[k] < 0 && s.mark[k] == s.mark[i]) {
				break
			}
		}
		if s.mark[k] == 0 && f.healthAt(d, s, k, true) {
			return k
		}
	}
	return -1
}

// staffHealth returns a health detail that the words after a staff mention
// (ending at word j) state about them: "Nurse Joy is off with stress". The
// detail must follow a linking verb; "Dr Nowak gave him a drug he was
// allergic to" is about the patient. It returns -1 when there is none.
func (f *Family) staffHealth(d *textnorm.Doc, s *scratch, j int) int {
	n := len(d.Words)
	k := j + 1
	linked := d.Words[j].Flags&textnorm.Apostrophe != 0 && !possessive(d, j)
	for k < n && k <= j+3 && s.cls[k]&cCopula != 0 {
		linked = true
		k++
	}
	if !linked {
		return -1
	}
	for q := k; q < n && q <= k+4; q++ {
		if d.Words[q].Flags&textnorm.SentStart != 0 || s.cls[q]&(cSelf|cRelative|cThirdPron) != 0 && !d.Is(q, "her") && !d.Is(q, "his") {
			break
		}
		if f.healthAt(d, s, q, false) {
			return q
		}
	}
	return -1
}

// possessive reports whether word j ends in a possessive 's ("Joy's jab")
// rather than a contraction ("Joy's off").
func possessive(d *textnorm.Doc, j int) bool {
	if j+1 >= len(d.Words) {
		return true
	}
	switch string(d.Text(d.Words[j+1])) {
	case "off", "been", "got", "not", "still", "in", "on", "having", "pregnant", "poorly", "ill", "sick", "unwell":
		return false
	}
	return true
}
