package privacy

import (
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Kinds of staff name token.
const (
	kFirst  uint8 = iota + 1 // a first name or a one-word alias ("Rhys", "Shiv")
	kLast                    // a surname ("Hill")
	kTitled                  // a word that names them only after a title ("O" in "Dr O")
)

// tokRef says that a word is one kind of name of one staff member.
type tokRef struct {
	staff int16
	kind  uint8
	title int8 // for kTitled: the title that must precede it
}

// staffInfo is one compiled directory entry.
type staffInfo struct {
	name     string
	title    int    // title kind of their directory title
	first    []byte // normalised first name
	last     []byte // normalised surname
	roleDesc string // "a GP Partner at the practice"
}

// fuzzyTok is a staff name token long enough and unusual enough to be matched
// with a misspelling.
type fuzzyTok struct {
	tok   []byte
	staff int16
	kind  uint8
}

// roleKey is one role a post can name, with the staff who hold it.
type roleKey struct {
	name   string
	staff  []int
	unique int // the one staff member who holds it, or -1
}

// rolePhrase is the words of one way of naming a role.
type rolePhrase struct {
	words []string
	key   int
}

// roleVocab lists the roles of a general practice, the ways posts name them
// (phrases, singular), and the needles that find their holders in the
// directory's role and title text.
var roleVocab = []struct {
	name    string
	phrases []string
	needles []string
}{
	{"GP", []string{"gp", "doctor", "doc", "dr", "gp partner", "partner gp", "locum gp", "locum", "locum doctor"}, []string{"gp", "doctor", "dr", "physician"}},
	{"salaried GP", []string{"salaried gp", "salaried doctor"}, []string{"salaried"}},
	{"senior partner", []string{"senior partner", "senior gp"}, []string{"senior partner"}},
	{"registrar", []string{"registrar", "gp registrar", "trainee gp", "gp trainee", "trainee doctor", "junior doctor", "trainee", "gp in training"}, []string{"registrar", "trainee", "gp in training"}},
	{"nurse", []string{"nurse"}, []string{"nurse"}},
	{"practice nurse", []string{"practice nurse"}, []string{"practice nurse"}},
	{"nurse practitioner", []string{"nurse practitioner", "advanced nurse practitioner", "anp", "advanced practitioner"}, []string{"nurse practitioner", "anp"}},
	{"practice manager", []string{"practice manager", "manager", "business manager", "operations manager"}, []string{"manager"}},
	{"reception lead", []string{"reception lead", "reception team lead", "reception manager", "head receptionist", "senior receptionist", "reception supervisor", "team leader", "team lead"}, []string{"reception team lead", "reception lead", "reception manager", "head receptionist", "reception supervisor", "senior receptionist"}},
	{"receptionist", []string{"receptionist", "receptionist lady", "reception lady", "reception girl", "reception man", "care navigator",
		"lady on reception", "man on reception", "girl on reception", "woman on reception", "bloke on reception", "guy on reception",
		"lady on the desk", "man on the desk", "girl on the desk", "lady on the phones", "lady on the front desk", "patient advisor", "secretary", "medical secretary"}, []string{"reception", "care navigator", "patient advis", "secretary"}},
	{"pharmacist", []string{"pharmacist", "clinical pharmacist", "practice pharmacist", "pharmacy technician"}, []string{"pharmacist", "pharmacy technician"}},
	{"healthcare assistant", []string{"hca", "healthcare assistant", "health care assistant", "care assistant", "nursing assistant"}, []string{"healthcare assistant", "health care assistant", "hca", "nursing assistant"}},
	{"phlebotomist", []string{"phlebotomist", "phlebo", "blood lady", "bloods lady", "blood man", "blood nurse", "blood taker"}, []string{"phlebotom"}},
	{"social prescriber", []string{"social prescriber", "link worker", "social prescribing link worker", "social prescribing worker", "wellbeing coordinator", "wellbeing worker"}, []string{"social prescrib", "link worker", "wellbeing"}},
	{"paramedic", []string{"paramedic", "practice paramedic"}, []string{"paramedic"}},
	{"physiotherapist", []string{"physio", "physiotherapist", "first contact physio"}, []string{"physio"}},
	{"care coordinator", []string{"care coordinator", "care co ordinator"}, []string{"care co"}},
	{"dispenser", []string{"dispenser"}, []string{"dispens"}},
	{"mental health practitioner", []string{"mental health practitioner", "mental health nurse", "counsellor"}, []string{"mental health", "counsel"}},
}

// splitName returns the lower-case words of a name, dropping punctuation.
func splitName(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '(' || r == ')' || r == '-' }) {
		d := textnorm.New(w)
		for i := range d.Words {
			out = append(out, d.WordString(i))
		}
	}
	return out
}

// roleDesc turns a directory role into a phrase for reasons: the part before
// any parenthesis, with an article.
func roleDesc(role string) string {
	r := role
	if i := strings.IndexAny(r, "(;"); i >= 0 {
		r = r[:i]
	}
	r = strings.TrimSpace(r)
	if r == "" {
		return "a member of staff at the practice"
	}
	art := "a "
	if strings.ContainsAny(strings.ToLower(r[:1]), "aeiou") {
		art = "an "
	}
	return art + r + " at the practice"
}

// compileStaff indexes every name and alias of the directory.
func (f *Family) compileStaff(staff []moderation.StaffMember) {
	addRef := func(w string, r tokRef) {
		e, ok := f.lex[w]
		if !ok {
			e = entry{staff: -1, role: -1}
		}
		if e.staff < 0 {
			e.staff = int32(len(f.refs))
			f.refs = append(f.refs, nil)
		}
		for _, x := range f.refs[e.staff] {
			if x == r {
				return
			}
		}
		f.refs[e.staff] = append(f.refs[e.staff], r)
		f.lex[w] = e
	}
	for i, m := range staff {
		if i > 1<<14 {
			break
		}
		si := staffInfo{name: m.Name, roleDesc: roleDesc(m.Role)}
		si.title = titleKind(strings.ToLower(strings.Trim(m.Title, ". ")))
		words := splitName(m.Name)
		if len(words) > 0 && titleKind(words[0]) != 0 && len(words) > 1 {
			if si.title == 0 {
				si.title = titleKind(words[0])
			}
			words = words[1:]
		}
		if len(words) == 0 {
			f.staff = append(f.staff, si) // keeps indices aligned with the directory
			continue
		}
		si.first = []byte(words[0])
		si.last = []byte(words[len(words)-1])
		idx := int16(len(f.staff))
		addRef(words[0], tokRef{staff: idx, kind: kFirst})
		if len(words) > 1 {
			addRef(words[len(words)-1], tokRef{staff: idx, kind: kLast})
			f.addFuzzy([]byte(words[len(words)-1]), idx, kLast)
		}
		f.addFuzzy([]byte(words[0]), idx, kFirst)
		for _, a := range m.Aliases {
			aw := splitName(a)
			if len(aw) == 0 {
				continue
			}
			if t := titleKind(aw[0]); t != 0 && len(aw) > 1 {
				for _, w := range aw[1:] {
					addRef(w, tokRef{staff: idx, kind: kTitled, title: int8(t)})
				}
				continue
			}
			addRef(aw[0], tokRef{staff: idx, kind: kFirst})
			f.addFuzzy([]byte(aw[0]), idx, kFirst)
			if len(aw) > 1 {
				addRef(aw[len(aw)-1], tokRef{staff: idx, kind: kLast})
				f.addFuzzy([]byte(aw[len(aw)-1]), idx, kLast)
			}
		}
		f.staff = append(f.staff, si)
	}
}

// addFuzzy registers a staff token for misspelling matches unless it is short
// or an ordinary word, where a near miss is more likely another word.
func (f *Family) addFuzzy(tok []byte, staff int16, kind uint8) {
	if len(tok) < 5 || f.lex[string(tok)].cls&cOrdinary != 0 {
		return
	}
	f.fuzzy = append(f.fuzzy, fuzzyTok{tok: tok, staff: staff, kind: kind})
}

// compileRoles finds the holders of every role in the vocabulary and indexes
// the phrases that name them by their first word.
func (f *Family) compileRoles() {
	for _, rv := range roleVocab {
		k := roleKey{name: rv.name, unique: -1}
		only := -1
		for si, m := range f.practice.Staff {
			if si >= len(f.staff) {
				break
			}
			text := " " + strings.ToLower(m.Role+" "+m.Title) + " "
			hit := false
			for _, nd := range rv.needles {
				if strings.Contains(text, nd) {
					hit = true
					break
				}
			}
			if !hit {
				continue
			}
			k.staff = append(k.staff, si)
			if onlyHolder(" "+strings.ToLower(m.Role)+" ", rv.needles) {
				if only == -1 {
					only = si
				} else {
					only = -2
				}
			}
		}
		switch {
		case len(k.staff) == 1:
			k.unique = k.staff[0]
		case only >= 0:
			k.unique = only
		}
		ki := len(f.roleKeys)
		f.roleKeys = append(f.roleKeys, k)
		for _, ph := range rv.phrases {
			ws := strings.Fields(ph)
			e, ok := f.lex[ws[0]]
			if !ok {
				e = entry{staff: -1, role: -1}
			}
			if e.role < 0 {
				e.role = int32(len(f.rolesAt))
				f.rolesAt = append(f.rolesAt, nil)
			}
			f.rolesAt[e.role] = append(f.rolesAt[e.role], rolePhrase{words: ws, key: ki})
			e.cls |= cRoleWord
			f.lex[ws[0]] = e
		}
	}
}

// onlyHolder reports whether a directory role text says its holder is the
// only one in the role: "(the practice's only registrar)", "(Practice
// Manager, the only one)".
func onlyHolder(text string, needles []string) bool {
	for rest := text; ; {
		k := strings.Index(rest, " only ")
		if k < 0 {
			return false
		}
		rest = rest[k+len(" only "):]
		clause := rest
		if e := strings.IndexAny(clause, "),;"); e >= 0 {
			clause = clause[:e]
		}
		if strings.HasPrefix(clause, "one") {
			return true
		}
		for _, nd := range needles {
			if strings.Contains(clause, nd) {
				return true
			}
		}
	}
}

// staffHit is one mention of staff found in a post: words i..j.
type staffHit struct {
	i, j  int
	staff int // directory index, or -1 for a description of an unnamed person
	role  int // role key for role mentions, or -1
	score float64
	fuzzy bool
	descr bool
}

// detectStaff finds staff mentions, appends their findings and records them
// in s.staff (and s.mark) for the patient detector.
func (f *Family) detectStaff(d *textnorm.Doc, s *scratch, out []moderation.Finding) []moderation.Finding {
	next := 0 // the first word not inside a mention found
	for _, c := range s.cand {
		i := int(c)
		if i < next || s.mark[i] != 0 || d.Words[i].Flags&textnorm.Alpha == 0 || s.under && inIdentifier(d, i) {
			continue
		}
		var h staffHit
		ok := false
		if s.cls[i]&cTitle != 0 {
			h, ok = f.matchTitled(d, s, i)
		}
		if !ok && s.cls[i]&cWhoever != 0 && d.Is(i, "whoever") {
			h, ok = f.matchWhoever(d, s, i)
		}
		if !ok && bareCandidate(d, s, i) {
			h, ok = f.matchBare(d, s, i)
		}
		if !ok && s.ent[i].role >= 0 {
			h, ok = f.matchRole(d, s, i)
		}
		if !ok {
			continue
		}
		for k := h.i; k <= h.j; k++ {
			s.mark[k] = 1
		}
		s.staff = append(s.staff, h)
		out = append(out, f.staffFinding(d, h))
		next = h.j + 1
	}
	return out
}

func (f *Family) staffFinding(d *textnorm.Doc, h staffHit) moderation.Finding {
	st, en := d.WordSpan(h.i, h.j)
	text := trimPossessive(d.Orig[st:en])
	var reason string
	switch {
	case h.staff >= 0 && h.role >= 0:
		reason = "refers to \"" + text + "\": the practice has one " + f.roleKeys[h.role].name + ", " + f.staff[h.staff].name
	case h.staff >= 0:
		reason = "names " + text + ", " + f.staff[h.staff].roleDesc
		if h.fuzzy {
			reason += " (spelt differently from the directory's " + f.staff[h.staff].name + ")"
		}
	default:
		reason = "singles out one " + f.roleKeys[h.role].name + " by description (\"" + text + "\")"
	}
	c := moderation.StaffIdentified
	return moderation.Finding{Category: c, Clause: c.Clause(), Start: st, End: en, Score: h.score, Reason: reason}
}

// trimPossessive drops a trailing possessive from a name quoted in a reason
// ("Dr Hill's" reads as "Dr Hill").
func trimPossessive(t string) string {
	for _, suf := range []string{"'s", "\u2019s", "'S", "'"} {
		if strings.HasSuffix(t, suf) && len(t) > len(suf) {
			return t[:len(t)-len(suf)]
		}
	}
	return t
}

// isAlphaWord reports whether word i is a plain word of letters.
func isAlphaWord(d *textnorm.Doc, i int) bool {
	if i < 0 || i >= len(d.Words) {
		return false
	}
	fl := d.Words[i].Flags
	return fl&textnorm.Alpha != 0 && fl&(textnorm.Digit|textnorm.Handle|textnorm.Hashtag|textnorm.Symbol) == 0
}

// hasRef reports whether word i is staff member st's name of the given kind.
func (f *Family) hasRef(s *scratch, i int, st int16, kind uint8) bool {
	if i < 0 || i >= len(s.ent) || s.ent[i].staff < 0 {
		return false
	}
	for _, r := range f.refs[s.ent[i].staff] {
		if r.staff == st && r.kind == kind {
			return true
		}
	}
	return false
}

// fuzzyIs reports whether word i is a misspelling of staff member st's token
// of the given kind (exact matches count).
func (f *Family) fuzzyIs(d *textnorm.Doc, s *scratch, i int, st int16, kind uint8, slack int) bool {
	if f.hasRef(s, i, st, kind) {
		return true
	}
	if !isAlphaWord(d, i) || s.cls[i]&(cNotName|cFirstName) != 0 && s.ent[i].staff < 0 && s.cls[i]&cOrdinary == 0 {
		return false
	}
	var tok []byte
	if kind == kFirst {
		tok = f.staff[st].first
	} else {
		tok = f.staff[st].last
	}
	w := key(d, i)
	lim := fuzzyLimit(len(tok)) + slack
	if lim <= 0 || len(tok) < 4 {
		return false
	}
	return editDistance(w, tok, lim) <= lim
}

// fuzzyFind returns the staff token word i misspells, if it is unusual enough.
func (f *Family) fuzzyFind(d *textnorm.Doc, s *scratch, i int, title int) (int16, uint8, bool) {
	if !isAlphaWord(d, i) || s.cls[i] != 0 || s.ent[i].staff >= 0 {
		return 0, 0, false
	}
	w := key(d, i)
	if len(w) < 5 {
		return 0, 0, false
	}
	for _, ft := range f.fuzzy {
		if title != titleNone && title != titleSocial && f.staff[ft.staff].title != title {
			continue
		}
		if title == titleNone && ft.tok[0] != w[0] {
			continue // without a title, a misspelt name keeps its first letter
		}
		lim := fuzzyLimit(min(len(ft.tok), len(w)))
		if lim > 0 && editDistance(w, ft.tok, lim) <= lim {
			return ft.staff, ft.kind, true
		}
	}
	return 0, 0, false
}

// elsewhere reports whether the words after j place the person at another
// institution ("Mrs Brown at St Mary's", "Dr Hill from the hospital").
func (f *Family) elsewhere(d *textnorm.Doc, s *scratch, j int) bool {
	n := len(d.Words)
	k := j + 1
	if k >= n || !(d.Is(k, "at") || d.Is(k, "from") || d.Is(k, "in")) {
		return false
	}
	if k+1 >= n || s.cls[k+1]&cPracticeRef != 0 && s.cls[k+1]&cPlaceNoun == 0 {
		return false
	}
	if d.Is(k+1, "the") && k+2 < n {
		c := s.cls[k+2]
		return c&cPlaceNoun != 0 && c&cPracticeRef == 0 || d.Is(k+2, "hospital") || d.Is(k+2, "school")
	}
	if d.Words[k+1].Flags&textnorm.Digit != 0 || !capital(d, k+1) {
		return false
	}
	return !f.practTok[string(key(d, k+1))] && s.cls[k+1]&(cStaffCtx|cWeekday|cMonth) == 0
}

// otherPersonAfter reports whether word k is a capitalised surname that is
// not staff member st's: "Dr Priya Sharma" is not Dr Priya Raman.
func (f *Family) otherPersonAfter(d *textnorm.Doc, s *scratch, k int, st int16) bool {
	if k >= len(d.Words) || !isAlphaWord(d, k) || !capital(d, k) || sentStart(d, s, k) || !plainGap(d, k-1) {
		return false
	}
	c := s.cls[k]
	if c&(cNotName|cStreet|cPlaceNoun|cNameFollow|cTitle|cRoleWord|cStaffCtx|cCopula) != 0 {
		return false
	}
	if s.ent[k].staff >= 0 {
		for _, r := range f.refs[s.ent[k].staff] {
			if r.staff == st {
				return false
			}
		}
	}
	return !f.practTok[string(key(d, k))]
}

// matchTitled matches a title followed by a staff name: "Dr Hill", "Nurse
// Joy", "Dr O", "Mr Wood", "Dr Rhys Hill", "dr okafur".
func (f *Family) matchTitled(d *textnorm.Doc, s *scratch, i int) (staffHit, bool) {
	n := len(d.Words)
	t := int(s.ent[i].title)
	j := i + 1
	if j >= n || !isAlphaWord(d, j) && !(d.Words[j].Len() == 1 && d.Words[j].Flags&textnorm.Alpha != 0) {
		return staffHit{}, false
	}
	if d.Words[i].Flags&textnorm.AllCaps != 0 && d.Is(i, "ms") {
		return staffHit{}, false // "MS" is multiple sclerosis
	}
	// A title after a relative or an outside role is someone else's.
	if i > 0 && s.cls[i-1]&(cRelative|cOtherRole) != 0 && plainGap(d, i-1) {
		return staffHit{}, false
	}
	best, kind, fuzzy := int16(-1), uint8(0), false
	if e := s.ent[j]; e.staff >= 0 {
		for _, r := range f.refs[e.staff] {
			st := f.staff[r.staff]
			switch {
			case r.kind == kTitled && int(r.title) == t,
				r.kind == kTitled && t == titleDr && int(r.title) == titleDr,
				r.kind == kLast && (t == titleSocial || t == st.title || st.title == titleNone),
				r.kind == kFirst && t != titleSocial && t == st.title:
				if best < 0 || r.kind == kFirst && f.hasRef(s, j+1, r.staff, kLast) {
					best, kind = r.staff, r.kind
				}
			}
		}
	}
	if best < 0 && (capital(d, j) || s.caseless) {
		if st, k, ok := f.fuzzyFind(d, s, j, t); ok {
			best, kind, fuzzy = st, k, true
		}
	}
	if best < 0 {
		return staffHit{}, false
	}
	if !fuzzy && s.cls[j]&cOrdinary != 0 && !capital(d, j) && !capital(d, i) && !s.caseless && d.Words[i].Len() > 3 {
		return staffHit{}, false // "any doctor will do", "the nurse will call"
	}
	end := j
	if (kind == kFirst || kind == kTitled) && j+1 < n && plainGap(d, j) && f.fuzzyIs(d, s, j+1, best, kLast, 0) {
		end = j + 1
	} else if f.otherPersonAfter(d, s, j+1, best) {
		return staffHit{}, false // "Dr Priya Sharma", "Mrs Brown's Boys"
	}
	if f.elsewhere(d, s, end) {
		return staffHit{}, false
	}
	sc := 0.95
	if fuzzy {
		sc = 0.75
	}
	return staffHit{i: i, j: end, staff: int(best), role: -1, score: sc, fuzzy: fuzzy}, true
}

// bareCandidate reports whether matchBare may match at word i: a plain
// word that is a staff name or is followed by one, or is long and
// capitalised enough to be a misspelt one (each way to a match needs one of
// these). It rejects most words before a call.
func bareCandidate(d *textnorm.Doc, s *scratch, i int) bool {
	if !isAlphaWord(d, i) {
		return false
	}
	return s.ent[i].staff >= 0 || i+1 < len(d.Words) && s.ent[i+1].staff >= 0 || d.Words[i].Len() >= 6 && capital(d, i)
}

// matchBare matches a staff name without a title: a full name ("Mark Wood"),
// a first name or alias ("Shiv", "Bob on reception"), or an unusual surname
// ("Okafor"), judging ordinary words (Hope, Will, Hill) by context. Word i
// is a bareCandidate.
func (f *Family) matchBare(d *textnorm.Doc, s *scratch, i int) (staffHit, bool) {
	n := len(d.Words)
	e := s.ent[i]
	// Full names, allowing a misspelling in either half.
	if i+1 < n && plainGap(d, i) && (capital(d, i) || capital(d, i+1) || s.caseless) {
		if e.staff >= 0 {
			for _, r := range f.refs[e.staff] {
				if r.kind == kFirst && f.fuzzyIs(d, s, i+1, r.staff, kLast, 1) {
					if f.placeAfter(d, s, i+1) || f.otherPersonAfter(d, s, i+2, r.staff) {
						return staffHit{}, false // "Grace Moss Lane", "Joy Brown's Bakery"
					}
					return staffHit{i: i, j: i + 1, staff: int(r.staff), role: -1, score: 0.95, fuzzy: !f.hasRef(s, i+1, r.staff, kLast)}, true
				}
			}
		}
		if s.ent[i+1].staff >= 0 && capital(d, i) {
			for _, r := range f.refs[s.ent[i+1].staff] {
				if r.kind == kLast && !f.hasRef(s, i, r.staff, kFirst) && f.fuzzyIs(d, s, i, r.staff, kFirst, 0) && s.cls[i]&cFirstName == 0 {
					return staffHit{i: i, j: i + 1, staff: int(r.staff), role: -1, score: 0.85, fuzzy: true}, true
				}
			}
		}
	}
	st, kind, fuzzy := int16(-1), uint8(0), false
	if e.staff >= 0 {
		for _, r := range f.refs[e.staff] {
			if r.kind == kFirst || r.kind == kLast {
				st, kind = r.staff, r.kind
				if r.kind == kFirst {
					break
				}
			}
		}
	} else if capital(d, i) && !sentStart(d, s, i) && d.Words[i].Len() >= 6 {
		st, kind, fuzzy = f.fuzzyFind(d, s, i, titleNone)
		if !fuzzy {
			st = -1
		}
	}
	if st < 0 {
		return staffHit{}, false
	}
	if !f.nameInContext(d, s, i, kind, st) {
		return staffHit{}, false
	}
	sc := 0.85
	if s.cls[i]&cOrdinary != 0 {
		sc = 0.7
	}
	if fuzzy {
		sc = 0.65
	}
	return staffHit{i: i, j: i, staff: int(st), role: -1, score: sc, fuzzy: fuzzy}, true
}

// placeAfter reports whether word k is followed by a word that makes it part
// of a place or thing ("Hope Street", "Joy Division", "Rich tea").
func (f *Family) placeAfter(d *textnorm.Doc, s *scratch, k int) bool {
	if k+1 >= len(d.Words) || !isAlphaWord(d, k+1) || !plainGap(d, k) && !gapHas(d, k, '-') {
		return false
	}
	return s.cls[k+1]&(cStreet|cPlaceNoun) != 0 && s.cls[k+1]&cCopula == 0
}

// inIdiom reports whether word i is the name-like word of a known idiom.
func (f *Family) inIdiom(d *textnorm.Doc, s *scratch, i int) bool {
	if s.cls[i]&cIdiomPart == 0 {
		return false
	}
	w := string(d.Text(d.Words[i]))
	for _, id := range f.idioms {
		for p, part := range id {
			if part[0] != '*' || part[1:] != w {
				continue
			}
			start := i - p
			if start < 0 || start+len(id) > len(d.Words) {
				continue
			}
			ok := true
			for q, want := range id {
				if q == p {
					continue
				}
				if !d.Is(start+q, strings.TrimPrefix(want, "*")) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// nameInContext decides whether a lone first name, alias or surname at i is
// used as staff member st's name.
func (f *Family) nameInContext(d *textnorm.Doc, s *scratch, i int, kind uint8, st int16) bool {
	n := len(d.Words)
	c := s.cls[i]
	ordinary := c&cOrdinary != 0
	if f.inIdiom(d, s, i) || f.placeAfter(d, s, i) {
		return false
	}
	// Someone else with the same name: "my friend Grace", "Grace Kelly", "Emma Okafor".
	if i > 0 && (s.cls[i-1]&(cRelative|cOtherRole|cThirdPron) != 0 || d.Is(i-1, "my") || d.Is(i-1, "our") || d.Is(i-1, "your")) {
		return false
	}
	if f.otherPersonAfter(d, s, i+1, st) {
		return false
	}
	if i > 0 && isAlphaWord(d, i-1) && capital(d, i-1) && !sentStart(d, s, i-1) && s.cls[i-1]&(cTitle|cNotName|cRoleWord|cStaffCtx|cNameFollow) == 0 && plainGap(d, i-1) {
		return false // inside a longer proper noun: "Castle Hill", "Sunny Bank"
	}
	if kind == kLast {
		if ordinary {
			// "wood", "moss", "hill" need a title, a first name or staff context
			return capital(d, i) && f.staffContext(d, s, i)
		}
		if i > 0 && s.cls[i-1]&cPlacePrep != 0 {
			return false // "in Castleton"
		}
		return capital(d, i) || s.caseless || s.cls[i]&^cFirstName == 0
	}
	if !ordinary {
		// A name that is no English word counts in lower case too ("had my
		// bloods with siobhan"); one the lexicons know otherwise needs a capital.
		return capital(d, i) || s.caseless || s.cls[i]&^cFirstName == 0 || f.roleEndsAt(d, s, i-1)
	}
	// An ordinary word needs a capital and the shape of a name in use.
	if !capital(d, i) {
		return false
	}
	next := uint64(0)
	if i+1 < n {
		next = s.cls[i+1]
	}
	if f.staffContext(d, s, i) {
		return true
	}
	if sentStart(d, s, i) {
		if i+1 >= n {
			return false
		}
		if next&cNameFollow != 0 || gapHas(d, i, ',') && d.Words[i+1].Flags&textnorm.Alpha != 0 && next&cVerbComp == 0 {
			return true
		}
		if d.Words[i].Flags&textnorm.Apostrophe != 0 && next&cContrFollow != 0 {
			return true // "Bob's a legend"
		}
		w := d.Text(d.Words[i+1])
		return len(w) > 4 && w[len(w)-2] == 'e' && w[len(w)-1] == 'd' && next&(cNotName|cVerbComp) == 0
	}
	if i > 0 && s.cls[i-1]&cSubjPron != 0 && !((d.Is(i-1, "you") || d.Is(i-1, "u")) && i > 1 && (d.Is(i-2, "thank") || d.Is(i-2, "thanks"))) {
		return false // "I Hope", "we Will"
	}
	if next&cVerbComp != 0 && i+1 < n && plainGap(d, i) {
		return false // "... Hope you are well", "Mark my words"
	}
	return true
}

// staffContext reports whether the words around a name at i place it in the
// practice: a role beside it ("Sunny the nurse practitioner", "pharmacist
// Rich") or a post ("Bob on reception", "Grace on the front desk").
func (f *Family) staffContext(d *textnorm.Doc, s *scratch, i int) bool {
	n := len(d.Words)
	if f.roleAfter(d, s, i+1) || !sentStart(d, s, i) && i > 0 && s.cls[i-1]&cTitle == 0 && f.roleEndsAt(d, s, i-1) {
		return true
	}
	if i+1 < n && (d.Is(i+1, "on") || d.Is(i+1, "at") || d.Is(i+1, "from") || d.Is(i+1, "in")) {
		for k := i + 2; k < n && k <= i+4; k++ {
			if s.cls[k]&cStaffCtx != 0 {
				return true
			}
		}
	}
	return false
}

// roleAfter reports whether a role phrase follows at k, optionally after
// "the": an appositive that confirms a name ("Shiv the blood lady").
func (f *Family) roleAfter(d *textnorm.Doc, s *scratch, k int) bool {
	if k <= 0 || k >= len(d.Words) || !appositiveGap(d.Norm[d.Words[k-1].End:d.Words[k].Start]) {
		return false
	}
	if d.Is(k, "the") || d.Is(k, "our") || d.Is(k, "ur") {
		k++
	}
	for q := k; q < len(d.Words) && q <= k+1; q++ {
		if s.ent[q].role >= 0 {
			if s.cls[q]&cTitle != 0 && q+1 < len(d.Words) && capital(d, q+1) {
				return false // "& Dr Jatty": another titled name, not a role
			}
			if _, ok := f.rolePhraseAt(d, s, q); ok {
				return true
			}
		}
		if s.cls[q]&cDescr == 0 {
			break
		}
	}
	return false
}

// appositiveGap reports whether the text between a name and the words after
// it can join an appositive: spaces and at most a comma or dash.
func appositiveGap(g []byte) bool {
	for _, c := range g {
		if c != ' ' && c != ',' && c != '-' {
			return false
		}
	}
	return true
}

// roleEndsAt reports whether a role phrase ends at word k ("pharmacist" in
// "that pharmacist Rich").
func (f *Family) roleEndsAt(d *textnorm.Doc, s *scratch, k int) bool {
	for q := k; q >= 0 && q >= k-3; q-- {
		if s.ent[q].role < 0 {
			continue
		}
		if ph, ok := f.rolePhraseAt(d, s, q); ok && q+len(ph.words)-1 == k {
			return true
		}
	}
	return false
}

// rolePhraseAt returns the longest role phrase starting at word i.
func (f *Family) rolePhraseAt(d *textnorm.Doc, s *scratch, i int) (rolePhrase, bool) {
	var best rolePhrase
	found := false
	for _, ph := range f.rolesAt[s.ent[i].role] {
		if i+len(ph.words) > len(d.Words) || found && len(ph.words) <= len(best.words) {
			continue
		}
		ok := true
		for q, w := range ph.words {
			if q == len(ph.words)-1 {
				if string(key(d, i+q)) != w {
					ok = false
				}
			} else if !d.Is(i+q, w) {
				ok = false
			}
			if !ok {
				break
			}
		}
		if ok {
			best, found = ph, true
		}
	}
	return best, found
}

// matchRole matches a singular role with a definite determiner that singles
// one person out: a role only one person holds ("the practice manager", "the
// new registrar"), or a role several hold with a distinguishing description
// ("the receptionist with the purple hair", "whoever the gobby receptionist
// was at 8.05").
func (f *Family) matchRole(d *textnorm.Doc, s *scratch, i int) (staffHit, bool) {
	n := len(d.Words)
	ph, ok := f.rolePhraseAt(d, s, i)
	if !ok {
		return staffHit{}, false
	}
	j := i + len(ph.words) - 1
	// Walk back over up to two describing words to a determiner.
	k := i - 1
	described, unknown := false, 0
	for k >= 0 && k >= i-3 && isAlphaWord(d, k) && s.cls[k]&cDet == 0 {
		if s.cls[k]&cDescr != 0 {
			described = true
		} else if s.cls[k] == 0 && s.ent[k].staff < 0 && unknown == 0 {
			unknown++
		} else {
			break
		}
		k--
	}
	generic := k >= 0 && (d.Is(k, "your") || d.Is(k, "ur"))
	if k < 0 || s.cls[k]&cDet == 0 && !generic || !isAlphaWord(d, k) {
		return staffHit{}, false
	}
	if k > 0 && d.Is(k-1, "at") && d.Is(k, "the") {
		return staffHit{}, false // "at the pharmacist": a place, not a person
	}
	start := k
	if d.Is(k, "whoever") || k > 0 && (d.Is(k-1, "whoever") || d.Is(k-1, "whoevers") || d.Is(k-1, "whoever's")) {
		described = true
		if k > 0 && !d.Is(k, "whoever") {
			start = k - 1
		}
	}
	if f.elsewhere(d, s, j) {
		return staffHit{}, false
	}
	key := f.roleKeys[ph.key]
	if len(key.staff) == 0 {
		return staffHit{}, false // the practice has no such role: someone elsewhere
	}
	end := j
	// Descriptions after the role: "with the purple hair", "at 8.05", "on Tuesday mornings".
	for q := j + 1; q < n && q <= j+8; q++ {
		if d.Words[q].Flags&textnorm.SentStart != 0 && d.Words[q-1].Flags&textnorm.Digit == 0 {
			break
		}
		switch {
		case d.Is(q, "with") && q+1 < n:
			for r := q + 1; r < n && r <= q+3; r++ {
				if s.cls[r]&cFeature != 0 {
					described, end = true, r
				}
			}
		case d.Is(q, "at") && q+1 < n && d.Words[q+1].Flags&textnorm.Digit != 0:
			described, end = true, q+1
		case s.cls[q]&cWeekday != 0:
			described, end = true, q
		}
	}
	if key.unique >= 0 && !generic {
		return staffHit{i: start, j: j, staff: key.unique, role: ph.key, score: 0.8}, true
	}
	if !described || len(key.staff) == 0 {
		return staffHit{}, false
	}
	return staffHit{i: start, j: end, staff: -1, role: ph.key, score: 0.7, descr: true}, true
}

// matchWhoever matches "whoever" followed, in the same sentence, by a time to
// the minute and a word of the front desk: "whoever answered the phone at
// 8.05". A time that exact singles out one person on duty; "whoever's on the
// phones today" covers several and does not.
func (f *Family) matchWhoever(d *textnorm.Doc, s *scratch, i int) (staffHit, bool) {
	n := len(d.Words)
	desk := false
	for q := i + 1; q < n && q <= i+12; q++ {
		if d.Words[q].Flags&textnorm.SentStart != 0 && d.Words[q-1].Flags&textnorm.Digit == 0 {
			break
		}
		if s.cls[q]&cStaffCtx != 0 || d.Is(q, "answered") || d.Is(q, "picked") || d.Is(q, "rang") || d.Is(q, "called") || d.Is(q, "spoke") {
			desk = true
		}
		if desk && d.Is(q, "at") && q+2 < n && digitWord(d, q+1) && digitWord(d, q+2) && d.Words[q+2].Len() == 2 && d.Words[q+1].Len() <= 2 {
			if g := gapOf(d, q+1); len(g) == 1 && (g[0] == '.' || g[0] == ':') {
				return staffHit{i: i, j: q + 2, staff: -1, role: f.receptionKey(), score: 0.65, descr: true}, true
			}
		}
	}
	return staffHit{}, false
}

// receptionKey returns the index of the receptionist role, for reasons.
func (f *Family) receptionKey() int {
	for k, rk := range f.roleKeys {
		if rk.name == "receptionist" {
			return k
		}
	}
	return 0
}
