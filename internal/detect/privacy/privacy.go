// Package privacy detects posts that breach a practice's confidentiality and
// staff clauses: patient_info (another person's identifiable details: NHS
// number, date of birth, address, postcode, phone, email, hospital number, or
// a name together with a health detail) and staff_identified (a member of
// staff named, or singled out by role or description).
//
// The decisive question for patient_info is whose information it is, so the
// detector resolves an owner for every number or address it finds from the
// words around it (my/me, my dad, her, a name) and reports only other people's.
// For staff_identified the decisive question is whether a word that is a staff
// name is used as a name, which context decides (titles, capitals, idioms,
// places, verbs of service).
package privacy

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

var _ detect.Lexical = (*Family)(nil)

// entry is what the lexicon knows of one normalised word.
type entry struct {
	cls   uint64 // word classes (c... constants)
	title int8   // title kind when cls has cTitle
	staff int32  // index into Family.refs of the staff names this word is, or -1
	role  int32  // index into Family.rolesAt of the role phrases starting with this word, or -1
}

// Family is the privacy detector family for one practice. It is safe for
// concurrent use; New compiles everything it needs once.
type Family struct {
	practice moderation.Practice
	lex      map[string]entry // every word the family knows
	// words is the vocabulary a post's words are looked up in (the
	// family's own, or an Engine's shared one) and ent maps its ids to
	// entries (noEntry for words the family does not know).
	words    *detect.Vocab
	ent      detect.Lex[entry]
	staff    []staffInfo
	refs     [][]tokRef     // staff name tokens: refs[entry.staff]
	rolesAt  [][]rolePhrase // role phrases by first word: rolesAt[entry.role]
	idioms   [][]string
	fuzzy    []fuzzyTok
	roleKeys []roleKey
	phones   []string // the practice's own phone numbers, as national digits
	emails   []string // the practice's own email addresses, lower case
	domains  []string // the practice's own web and mail domains, lower case
	practTok map[string]bool
	areas    *areaTable
	pool     *sync.Pool
}

// scratch holds the per-post working buffers, reused through Family.pool so
// that a post without findings allocates nothing.
type scratch struct {
	cls   []uint64
	ent   []entry
	mark  []int16 // >0: word is part of staff mention; <0: part of third-party name -(index+1)
	names []nameSpan
	pii   []piiItem
	staff []staffHit
	// caseless is set when the post has no capitals at all.
	caseless bool
	under    bool // the post has an underscore: a word may be inside an identifier
	// What classify saw in the whole post, so that passes skip words (or
	// posts) that cannot set them off.
	all    uint64  // the classes of every word
	flags  uint16  // the flags of every word
	cand   []int32 // the words a staff mention may start at, in order (see classify)
	nameAt []int32 // the words a person's name may start at, in order (see classify)
	// commerce is set when the post sells something.
	commerce bool
}

// New compiles the practice's staff directory and contact details and the
// shipped lexicons into a Family.
func New(p moderation.Practice) *Family {
	f := &Family{practice: p, lex: make(map[string]entry, 2048), practTok: map[string]bool{}, pool: &sync.Pool{}}
	add := func(cls uint64, words ...string) {
		for _, w := range words {
			e, ok := f.lex[w]
			if !ok {
				e = entry{staff: -1, role: -1}
			}
			e.cls |= cls
			f.lex[w] = e
		}
	}
	add(cRelative, relatives...)
	for _, r := range relatives {
		if _, ok := f.lex[r+"s"]; !ok {
			add(cRelPlural, r+"s") // "mates", "friends": a group, no one in particular
		}
	}
	add(cPersonNoun, personNouns...)
	add(cSelf, selfWords...)
	add(cMy, "my", "our", "me", "mine")
	add(cThirdPron, thirdPronouns...)
	add(cSubjPron, subjPronouns...)
	for _, w := range titleList {
		add(cTitle, w)
		e := f.lex[w]
		e.title = int8(titleKind(w))
		f.lex[w] = e
	}
	add(cFirstName, strings.Fields(firstNames)...)
	add(cOrdinary, ordinaryWords...)
	add(cStreet, streetWords...)
	add(cPlaceNoun, placeNouns...)
	add(cHealth, healthWords...)
	add(cHealthWork, healthWork...)
	add(cBody, bodyWords...)
	add(cCondition, conditionWords...)
	add(cCommerce, commerceWords...)
	add(cNotName, notNames...)
	add(cNotName, weekdays...)
	add(cNotName, months...)
	add(cPlacePrep, placePreps...)
	add(cNameFollow, nameFollowers...)
	add(cVerbComp, verbComps...)
	add(cDet, determiners...)
	add(cDescr, descriptors...)
	add(cFeature, features...)
	add(cWeekday, weekdays...)
	add(cMonth, months...)
	add(cDOBCue, dobCues...)
	add(cStaffCtx, staffCtx...)
	add(cOtherRole, otherRoles...)
	add(cPracticeRef, practiceRefs...)
	add(cCopula, copulas...)
	add(cContrFollow, contractionFollowers...)
	add(cNameCue, nameCues...)
	add(cScan, "whoever", "at", "hospital", "hosp", "mrn", "unit")
	add(cWhoever, "whoever")
	add(cSelfIntro, selfIntros...)
	for _, id := range idioms {
		for _, w := range id {
			add(cIdiomPart, strings.TrimPrefix(w, "*"))
		}
	}
	f.idioms = idioms
	for _, n := range append([]string{p.Name}, p.Aliases...) {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			w = strings.Trim(w, ".,'")
			if w != "" && w != "surgery" && w != "practice" && w != "medical" && w != "centre" && w != "health" {
				f.practTok[w] = true
				add(cNotName|cPracticeRef, w)
			}
		}
	}
	f.areas = newAreaTable()
	f.compileStaff(p.Staff)
	f.compileRoles()
	f.compileContacts(p)
	f.bind(detect.NewVocab(f.wordList()))
	f.pool.New = func() any { return &scratch{} }
	return f
}

// noEntry is the entry of a word the lexicon does not know.
var noEntry = entry{staff: -1, role: -1}

// wordList returns every word the family knows, sorted.
func (f *Family) wordList() []string { return slices.Sorted(maps.Keys(f.lex)) }

// bind makes the family look words up in v, which holds every word of lex.
func (f *Family) bind(v *detect.Vocab) {
	f.words, f.ent = v, detect.NewLex(v, f.lex, noEntry)
}

// Words calls add with every word the family knows.
func (f *Family) Words(add func(string)) {
	for _, w := range f.wordList() {
		add(w)
	}
}

// WithVocab returns the family looking words up in v, which must hold every
// word of Words (an Engine's shared vocabulary).
func (f *Family) WithVocab(v *detect.Vocab) detect.Family {
	g := *f
	g.bind(v)
	return &g
}

// Name returns the family's name.
func (f *Family) Name() string { return "privacy" }

// Detect appends a finding for every piece of evidence that the post discloses
// another person's identifiable information (patient_info) or identifies a
// member of staff (staff_identified). Spans are byte offsets of in.Doc.Orig.
func (f *Family) Detect(in *detect.Input, out []moderation.Finding) []moderation.Finding {
	d := in.Doc
	if d == nil || len(d.Words) == 0 {
		return out
	}
	s := f.pool.Get().(*scratch)
	s.reset(len(d.Words))
	s.under = bytes.IndexByte(d.Norm, '_') >= 0
	f.classify(in, s)
	s.caseless = caseless(d)
	out = f.detectStaff(d, s, out)
	out = f.detectPatient(d, s, out)
	f.pool.Put(s)
	return out
}

func (s *scratch) reset(n int) {
	if cap(s.cls) < n {
		s.cls = make([]uint64, n, n+n/2)
		s.ent = make([]entry, n, n+n/2)
		s.mark = make([]int16, n, n+n/2)
	}
	s.cls = s.cls[:n]
	s.ent = s.ent[:n]
	s.mark = s.mark[:n]
	clear(s.mark)
	s.names = s.names[:0]
	s.pii = s.pii[:0]
	s.staff = s.staff[:0]
	s.caseless, s.commerce = false, false
	s.all, s.flags, s.cand, s.nameAt = 0, 0, s.cand[:0], s.nameAt[:0]
}

// classify gives every alphabetic word its entry, from the words' ids
// (in.WordIDs), and notes what the post holds: s.all, s.flags, and in
// s.cand the words a staff mention may start at. Every matcher of
// detectStaff needs one of these at its word: a title, "whoever", a role
// word, a staff name here or next, or (when misspelt names are sought) a
// capitalised word of six letters or more. In s.nameAt it lists the words
// findNames may start a name at: every kind of name starts at a title, a
// first name, or a capitalised word that does not start a sentence.
func (f *Family) classify(in *detect.Input, s *scratch) {
	d := in.Doc
	n := len(d.Words)
	ids, ents, cls := in.WordIDs(f.words)[:n], s.ent[:n], s.cls[:n]
	fuzzy := len(f.fuzzy) > 0
	var flags uint16
	var all uint64
	for i := range d.Words {
		w := &d.Words[i]
		flags |= w.Flags
		e := noEntry
		if w.Flags&textnorm.Alpha != 0 && w.Flags&(textnorm.Digit|textnorm.Handle|textnorm.Hashtag) == 0 && !(s.under && inIdentifier(d, i)) {
			e = f.ent.Of(ids[i])
			// "mum's", "Joy's": the word's own classes, and the name's (a
			// word the lexicon does not know adds nothing). An apostrophe
			// inside a word always gives it the flag.
			if w.Flags&textnorm.Apostrophe != 0 {
				if t := d.Norm[w.Start:w.End]; len(t) > 2 && t[len(t)-2] == '\'' && t[len(t)-1] == 's' {
					x := f.ent.Of(f.words.Get(t[:len(t)-2]))
					e.cls |= x.cls
					if e.staff < 0 {
						e.staff = x.staff
					}
					if e.role < 0 {
						e.role = x.role
					}
					if e.title == 0 {
						e.title = x.title
					}
				}
			}
		}
		ents[i] = e
		cls[i] = e.cls
		all |= e.cls
		if e.staff >= 0 && i > 0 && (len(s.cand) == 0 || s.cand[len(s.cand)-1] != int32(i-1)) {
			s.cand = append(s.cand, int32(i-1)) // a surname after a first name
		}
		if e.cls&(cTitle|cWhoever) != 0 || e.role >= 0 || e.staff >= 0 || fuzzy && w.Flags&textnorm.Capital != 0 && w.Len() >= 6 {
			s.cand = append(s.cand, int32(i))
		}
		// (sentStart is true at i > 0 with the flag unless a title is before)
		if e.cls&(cTitle|cFirstName) != 0 || capital(d, i) && i > 0 && (w.Flags&textnorm.SentStart == 0 || cls[i-1]&cTitle != 0) {
			s.nameAt = append(s.nameAt, int32(i))
		}
	}
	s.flags, s.all = flags, all
}

// key returns word i's normalised text without a possessive 's.
func key(d *textnorm.Doc, i int) []byte {
	t := d.Norm[d.Words[i].Start:d.Words[i].End]
	if n := len(t); n > 2 && t[n-2] == '\'' && t[n-1] == 's' {
		return t[:n-2]
	}
	return t
}

// capital reports whether word i was written with a capital first letter and
// is not shouted in capitals throughout.
func capital(d *textnorm.Doc, i int) bool {
	w := d.Words[i]
	return w.Flags&textnorm.Capital != 0 && (w.Flags&textnorm.AllCaps == 0 || w.Len() <= 1)
}

// sentStart reports whether word i starts a sentence. A word after a title
// with a full stop ("Dr. Hill") does not; a word after the handles a reply
// opens with ("@jo Will you ...") does.
func sentStart(d *textnorm.Doc, s *scratch, i int) bool {
	if i == 0 {
		return true
	}
	if d.Words[i].Flags&textnorm.SentStart == 0 {
		k := i - 1
		for k >= 0 && d.Words[k].Flags&textnorm.Handle != 0 {
			if k == 0 || d.Words[k].Flags&textnorm.SentStart != 0 {
				return true
			}
			k--
		}
		return false
	}
	return s.cls[i-1]&cTitle == 0
}

// inIdentifier reports whether word i is glued to an underscore, as inside a
// user name ("@PP_Rich_Hill"): not a word of the sentence.
func inIdentifier(d *textnorm.Doc, i int) bool {
	w := d.Words[i]
	return w.Start > 0 && d.Norm[w.Start-1] == '_' || int(w.End) < len(d.Norm) && d.Norm[w.End] == '_'
}

// gapHas reports whether the text between words i and i+1 contains c.
func gapHas(d *textnorm.Doc, i int, c byte) bool {
	if i+1 >= len(d.Words) {
		return false
	}
	for _, b := range d.Norm[d.Words[i].End:d.Words[i+1].Start] {
		if b == c {
			return true
		}
	}
	return false
}

// plainGap reports whether words i and i+1 are separated only by spaces.
func plainGap(d *textnorm.Doc, i int) bool {
	if i+1 >= len(d.Words) {
		return false
	}
	for _, b := range d.Norm[d.Words[i].End:d.Words[i+1].Start] {
		if b != ' ' {
			return false
		}
	}
	return true
}

// caseless reports whether the post was written all in lower case or all in
// capitals, so that capitalisation says nothing about names.
func caseless(d *textnorm.Doc) bool {
	for _, w := range d.Words {
		if w.Flags&textnorm.Capital != 0 && w.Flags&textnorm.AllCaps == 0 && w.Len() > 1 {
			return false
		}
	}
	return true
}
