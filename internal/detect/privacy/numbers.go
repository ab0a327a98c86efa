package privacy

import (
	"bytes"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Kinds of identifying detail.
const (
	pNHS uint8 = iota + 1
	pDOB
	pPostcode
	pPhone
	pEmail
	pAddress
	pHospital
)

// piiDesc names each kind of detail for reasons.
var piiDesc = [...]string{
	pNHS:      "the NHS number",
	pDOB:      "the date of birth",
	pPostcode: "the postcode",
	pPhone:    "the phone number",
	pEmail:    "the email address",
	pAddress:  "the home address",
	pHospital: "the hospital number",
}

// piiItem is one identifying detail found in a post, before its owner is
// known: words i..j, original byte span start..end.
type piiItem struct {
	kind       uint8
	i, j       int
	start, end int
	cue        bool // a word before it says what it is ("NHS number", "DOB")
	year       int  // for dates
	practice   bool // the practice's own published number or address
}

// nhsValid reports whether ten digits pass the NHS number's modulus-11 check.
// A number that fails it identifies no one.
func nhsValid(dg []byte) bool {
	if len(dg) != 10 {
		return false
	}
	sum := 0
	for k := 0; k < 9; k++ {
		sum += int(dg[k]-'0') * (10 - k)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(dg[9]-'0')
}

// digitWord reports whether word i is all digits.
func digitWord(d *textnorm.Doc, i int) bool {
	if i < 0 || i >= len(d.Words) {
		return false
	}
	f := d.Words[i].Flags
	return f&textnorm.Digit != 0 && f&textnorm.Alpha == 0 && f&textnorm.Symbol == 0
}

// gapOf returns the normalised text between words i and i+1.
func gapOf(d *textnorm.Doc, i int) []byte {
	return d.Norm[d.Words[i].End:d.Words[i+1].Start]
}

// numberSep reports whether a gap joins two digit groups of one number.
func numberSep(g []byte) bool {
	if len(g) == 0 || len(g) > 3 {
		return false
	}
	for _, c := range g {
		if c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' {
			return false
		}
	}
	return true
}

// atoi parses a short run of ASCII digits.
func atoi(b []byte) int {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' || v > 1e8 {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}

// findNumbers scans the post for NHS numbers, phone numbers, dates,
// postcodes, street addresses, email addresses and hospital numbers, and
// appends them to s.pii.
func (f *Family) findNumbers(d *textnorm.Doc, s *scratch) {
	n := len(d.Words)
	if s.flags&textnorm.Digit == 0 && s.all&(cMonth|cScan) == 0 {
		n = 0 // no word a detail can start at (each needs a digit, a month or a scan word)
	}
	for i := 0; i < n; i++ {
		w := d.Words[i]
		if w.Flags&textnorm.Digit != 0 || s.cls[i]&cMonth != 0 {
			if j, ok := f.findDate(d, s, i); ok {
				i = j
				continue
			}
		}
		if w.Flags&textnorm.Digit != 0 {
			if j, ok := f.findPostcode(d, s, i); ok {
				i = j
				continue
			}
		}
		if digitWord(d, i) {
			if j, ok := f.findAddress(d, s, i); ok {
				i = j
				continue
			}
			i = f.findDigitRun(d, s, i)
			continue
		}
		if s.cls[i]&cScan == 0 {
			continue
		}
		if d.Is(i, "at") {
			if j, ok := f.findSpelledEmail(d, s, i); ok {
				i = j
				continue
			}
		}
		if d.Is(i, "hospital") || d.Is(i, "hosp") || d.Is(i, "mrn") || d.Is(i, "unit") {
			f.findHospitalNumber(d, s, i)
		}
	}
	f.findEmails(d, s)
}

// findDigitRun reads digit groups from word i joined by spaces, dashes or
// dots and records the NHS and phone numbers among them. It returns the last
// word it consumed.
func (f *Family) findDigitRun(d *textnorm.Doc, s *scratch, i int) int {
	n := len(d.Words)
	var grp [12]int // word index of each group
	m := 0
	j := i
	grp[m] = i
	m++
	for j+1 < n && m < len(grp) && digitWord(d, j+1) && numberSep(gapOf(d, j)) {
		j++
		grp[m] = j
		m++
	}
	plus := d.Words[i].Start > 0 && d.Norm[d.Words[i].Start-1] == '+'
	var buf [48]byte
	for a := 0; a < m; {
		matched := false
		for b := m - 1; b >= a && !matched; b-- {
			dg := buf[:0]
			over := false
			for k := a; k <= b; k++ {
				t := d.Text(d.Words[grp[k]])
				if len(dg)+len(t) > len(buf) {
					over = true
					break
				}
				dg = append(dg, t...)
			}
			if over {
				continue
			}
			wi, wj := grp[a], grp[b]
			lead := (a == 0 && plus) || (a > 0 && string(d.Text(d.Words[grp[a-1]])) == "44")
			switch {
			case isUKPhone(dg, a == 0 && plus):
				it := piiItem{kind: pPhone, i: wi, j: wj}
				it.start, it.end = d.WordSpan(wi, wj)
				if a == 0 && plus {
					it.start--
				}
				it.practice = f.isPracticePhone(dg)
				s.pii = append(s.pii, it)
				matched = true
			case len(dg) == 10 && !lead && (a == b || b == a+2 && d.Words[wi].Len() == 3 && d.Words[grp[a+1]].Len() == 3) && nhsValid(dg):
				it := piiItem{kind: pNHS, i: wi, j: wj, cue: a != b}
				it.start, it.end = d.WordSpan(wi, wj)
				s.pii = append(s.pii, it)
				matched = true
			}
			if matched {
				a = b + 1
			}
		}
		if !matched {
			a++
		}
	}
	return j
}

// isUKPhone reports whether digits form a UK phone number: 0 and ten digits,
// or 44 (or 0044) and the number without its 0.
func isUKPhone(dg []byte, plus bool) bool {
	switch {
	case len(dg) == 11 && dg[0] == '0':
		return personalPrefix(dg[1])
	case len(dg) == 12 && dg[0] == '4' && dg[1] == '4':
		return personalPrefix(dg[2])
	case len(dg) == 13 && dg[0] == '4' && dg[1] == '4' && dg[2] == '0':
		return personalPrefix(dg[3])
	case len(dg) == 14 && string(dg[:4]) == "0044":
		return personalPrefix(dg[4])
	}
	return false
}

// personalPrefix reports whether a UK number whose first digit after the 0
// is c can be a person's: geographic (01, 02) or mobile (07). Non-geographic,
// freephone and premium-rate numbers (03, 08, 09) are organisations'.
func personalPrefix(c byte) bool { return c == '1' || c == '2' || c == '7' }

// nationalDigits returns a phone number's digits in national form (0...).
func nationalDigits(dst []byte, raw string) []byte {
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c >= '0' && c <= '9' {
			dst = append(dst, c)
		}
	}
	switch {
	case len(dst) >= 4 && string(dst[:4]) == "0044":
		dst = append(dst[:0], append([]byte{'0'}, dst[4:]...)...)
	case len(dst) == 13 && dst[0] == '4' && dst[1] == '4':
		dst = append(dst[:0], dst[2:]...)
	case len(dst) == 12 && dst[0] == '4' && dst[1] == '4':
		dst = append(dst[:0], append([]byte{'0'}, dst[2:]...)...)
	}
	return dst
}

// isPracticePhone reports whether digits are one of the practice's own numbers.
func (f *Family) isPracticePhone(dg []byte) bool {
	if len(f.phones) == 0 {
		return false
	}
	var buf [20]byte
	nd := nationalDigits(buf[:0], string(dg))
	for _, p := range f.phones {
		if p == string(nd) {
			return true
		}
	}
	return false
}

// ordinalDay returns the day of a word like "5", "05" or "5th", or -1.
func ordinalDay(d *textnorm.Doc, i int) int {
	if i < 0 || i >= len(d.Words) {
		return -1
	}
	t := d.Text(d.Words[i])
	k := 0
	for k < len(t) && t[k] >= '0' && t[k] <= '9' {
		k++
	}
	if k == 0 || k > 2 {
		return -1
	}
	suf := string(t[k:])
	if suf != "" && suf != "st" && suf != "nd" && suf != "rd" && suf != "th" {
		return -1
	}
	v := atoi(t[:k])
	if v < 1 || v > 31 {
		return -1
	}
	return v
}

// findDate reads a date at word i: 14/02/1941, 22.09.1970, 30-11-2004,
// 5th June 2019, 5 of June 2019, June 5th 2019. Only dates with a year are
// recorded: without one a date identifies no one.
func (f *Family) findDate(d *textnorm.Doc, s *scratch, i int) (int, bool) {
	n := len(d.Words)
	end, year := -1, 0
	switch {
	case digitWord(d, i) && i+2 < n && digitWord(d, i+1) && digitWord(d, i+2):
		g1, g2 := gapOf(d, i), gapOf(d, i+1)
		if len(g1) != 1 || len(g2) != 1 || g1[0] != g2[0] || (g1[0] != '/' && g1[0] != '.' && g1[0] != '-') {
			return 0, false
		}
		dd, mm := atoi(d.Text(d.Words[i])), atoi(d.Text(d.Words[i+1]))
		yt := d.Text(d.Words[i+2])
		if d.Words[i].Len() > 2 || d.Words[i+1].Len() > 2 || dd < 1 || dd > 31 || mm < 1 || mm > 12 {
			return 0, false
		}
		switch len(yt) {
		case 4:
			year = atoi(yt)
		case 2:
			year = 1900 + atoi(yt)
			if year < 1925 {
				year += 100
			}
		default:
			return 0, false
		}
		end = i + 2
	case ordinalDay(d, i) > 0:
		k := i + 1
		if d.Is(k, "of") {
			k++
		}
		if k >= n || s.cls[k]&cMonth == 0 || k+1 >= n || !digitWord(d, k+1) || d.Words[k+1].Len() != 4 {
			return 0, false
		}
		year, end = atoi(d.Text(d.Words[k+1])), k+1
	case s.cls[i]&cMonth != 0:
		k := i + 1
		if ordinalDay(d, k) < 0 || k+1 >= n || !digitWord(d, k+1) || d.Words[k+1].Len() != 4 {
			return 0, false
		}
		year, end = atoi(d.Text(d.Words[k+1])), k+1
	default:
		return 0, false
	}
	if year < 1900 || year > 2099 {
		return 0, false
	}
	it := piiItem{kind: pDOB, i: i, j: end, year: year}
	it.start, it.end = d.WordSpan(i, end)
	it.cue = dobCue(d, s, i)
	s.pii = append(s.pii, it)
	return end, true
}

// dobCue reports whether words just before i say a date of birth follows:
// "DOB", "D.O.B.", "born", "date of birth".
func dobCue(d *textnorm.Doc, s *scratch, i int) bool {
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		if s.cls[k]&cDOBCue != 0 {
			return true
		}
		if d.Is(k, "b") && d.Is(k-1, "o") && d.Is(k-2, "d") {
			return true
		}
		if d.Words[k].Flags&textnorm.Digit != 0 {
			return false
		}
	}
	return false
}

// postcodeAreaList lists the UK's postcode areas, the letters a postcode starts with.
const postcodeAreaList = "ab al b ba bb bd bh bl bn br bs bt ca cb cf ch cm co cr ct cv cw da dd de dg dh dl dn dt dy e ec eh en ex fk fy g gl gu gy ha hd hg hp hr hs hu hx ig im ip iv je ka kt kw ky l la ld le ll ln ls lu m me mk ml n ne ng nn np nr nw ol ox pa pe ph pl po pr rg rh rm s sa se sg sk sl sm sn so sp sr ss st sw sy ta td tf tn tq tr ts tw ub w wa wc wd wf wn wr ws wv yo ze"

// areaTable is a lookup table of postcode areas indexed by areaIndex.
type areaTable [27 * 27]bool

// areaIndex maps one or two lower-case letters to a slot of areaTable.
func areaIndex(t []byte) int {
	i := int(t[0]-'a') * 27
	if len(t) > 1 {
		return i + int(t[1]-'a')
	}
	return i + 26
}

func newAreaTable() *areaTable {
	var a areaTable
	for _, w := range strings.Fields(postcodeAreaList) {
		a[areaIndex([]byte(w))] = true
	}
	return &a
}

// outward reports whether t is the outward half of a UK postcode (S36, DN15, SW1A).
func (a *areaTable) outward(t []byte) bool {
	k := 0
	for k < len(t) && k < 2 && t[k] >= 'a' && t[k] <= 'z' {
		k++
	}
	if k == 0 || !a[areaIndex(t[:k])] {
		return false
	}
	rest := t[k:]
	if len(rest) < 1 || len(rest) > 2 || rest[0] < '0' || rest[0] > '9' {
		return false
	}
	if len(rest) == 2 {
		c := rest[1]
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z'
	}
	return true
}

// inward reports whether t is the inward half of a UK postcode (9AB).
func inward(t []byte) bool {
	if len(t) != 3 || t[0] < '0' || t[0] > '9' {
		return false
	}
	for _, c := range t[1:] {
		if c < 'a' || c > 'z' || c == 'c' || c == 'i' || c == 'k' || c == 'm' || c == 'o' || c == 'v' {
			return false
		}
	}
	return true
}

// findPostcode reads a full UK postcode at word i, in any case, with or
// without its space.
func (f *Family) findPostcode(d *textnorm.Doc, s *scratch, i int) (int, bool) {
	t := d.Text(d.Words[i])
	end := -1
	switch {
	case f.areas.outward(t) && i+1 < len(d.Words) && plainGap(d, i) && inward(d.Text(d.Words[i+1])):
		end = i + 1
	case len(t) >= 5 && len(t) <= 7 && f.areas.outward(t[:len(t)-3]) && inward(t[len(t)-3:]):
		end = i
	default:
		return 0, false
	}
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if d.Is(k, "box") || d.Is(k, "pobox") || d.Is(k, "freepost") {
			return end, true // a business's box address
		}
	}
	it := piiItem{kind: pPostcode, i: i, j: end}
	it.start, it.end = d.WordSpan(i, end)
	s.pii = append(s.pii, it)
	return end, true
}

// findAddress reads a house number and street at word i: "4 Hollin Close",
// "22 Sunny Bank Road", "Flat 3, 21 Hope Street".
func (f *Family) findAddress(d *textnorm.Doc, s *scratch, i int) (int, bool) {
	n := len(d.Words)
	if v := atoi(d.Text(d.Words[i])); v < 1 || v > 9999 {
		return 0, false
	}
	if d.Words[i].Start > 0 && (d.Norm[d.Words[i].Start-1] == '$' || d.Norm[d.Words[i].Start-1] == '#') {
		return 0, false
	}
	if o := d.OrigStart(int(d.Words[i].Start)); o > 0 && d.Orig[o-1] == 0xa3 { // after "£"
		return 0, false
	}
	names := 0
	for k := i + 1; k < n && k <= i+4; k++ {
		if !isAlphaWord(d, k) || !(capital(d, k) || s.caseless) || !plainGap(d, k-1) && !(k == i+1 && gapHas(d, i, ',')) {
			return 0, false
		}
		if s.cls[k]&cStreet != 0 && names > 0 {
			for k+1 < n && k < i+5 && isAlphaWord(d, k+1) && plainGap(d, k) && s.cls[k+1]&cStreet != 0 && (capital(d, k+1) || s.caseless) {
				k++ // "22 Sunny Bank Road"
			}
			start := i
			if i >= 2 && digitWord(d, i-1) && (d.Is(i-2, "flat") || d.Is(i-2, "apartment") || d.Is(i-2, "apt") || d.Is(i-2, "unit")) {
				start = i - 2
			}
			it := piiItem{kind: pAddress, i: start, j: k}
			it.start, it.end = d.WordSpan(start, k)
			s.pii = append(s.pii, it)
			return k, true
		}
		if s.cls[k]&(cPlacePrep|cDet|cSelf|cThirdPron) != 0 {
			return 0, false
		}
		names++
	}
	return 0, false
}

// findHospitalNumber reads an identifier after "hospital number", "hosp no",
// "MRN" or "unit number".
func (f *Family) findHospitalNumber(d *textnorm.Doc, s *scratch, i int) {
	n := len(d.Words)
	k := i + 1
	if !d.Is(i, "mrn") {
		if !(d.Is(k, "number") || d.Is(k, "no") || d.Is(k, "num") || d.Is(k, "id") || d.Is(k, "ref")) {
			return
		}
		k++
	}
	if d.Is(k, "is") {
		k++
	}
	if k >= n || d.Words[k].Flags&textnorm.Digit == 0 {
		return
	}
	digits := 0
	for _, c := range d.Text(d.Words[k]) {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	if digits < 5 {
		return
	}
	it := piiItem{kind: pHospital, i: k, j: k, cue: true}
	it.start, it.end = d.WordSpan(k, k)
	s.pii = append(s.pii, it)
}

func emailLocal(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '+'
}

func domainChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// findEmails finds written email addresses (name@host.tld).
func (f *Family) findEmails(d *textnorm.Doc, s *scratch) {
	nm := d.Norm
	for p := 1; p < len(nm)-1; p++ {
		k := bytes.IndexByte(nm[p:len(nm)-1], '@')
		if k < 0 {
			break
		}
		p += k
		if !emailLocal(nm[p-1]) || !domainChar(nm[p+1]) {
			continue
		}
		l := p
		for l > 0 && emailLocal(nm[l-1]) {
			l--
		}
		r := p + 1
		for r < len(nm) && domainChar(nm[r]) {
			r++
		}
		for r > p+1 && (nm[r-1] == '.' || nm[r-1] == '-') {
			r--
		}
		dot := -1
		for k := p + 1; k < r; k++ {
			if nm[k] == '.' {
				dot = k
			}
		}
		if dot < 0 || dot == r-1 || l == p {
			continue
		}
		wi, wj := -1, -1
		for k, w := range d.Words {
			if wi < 0 && int(w.End) > l {
				wi = k
			}
			if int(w.Start) < r {
				wj = k
			}
		}
		if wi < 0 || wj < wi {
			continue
		}
		it := piiItem{kind: pEmail, i: wi, j: wj}
		it.start, it.end = d.Span(l, r)
		it.practice = f.isPracticeEmail(nm[l:r], nm[p+1:r])
		s.pii = append(s.pii, it)
		p = r
	}
}

// isPracticeEmail reports whether an address (lower case) or its domain is the practice's own.
func (f *Family) isPracticeEmail(addr, domain []byte) bool {
	for _, e := range f.emails {
		if e == string(addr) {
			return true
		}
	}
	for _, dm := range f.domains {
		if dm == string(domain) {
			return true
		}
	}
	return false
}

// findSpelledEmail reads an address spelled out to dodge filters, with "at"
// at word i: "aishab91 at hotmail dot co dot uk".
func (f *Family) findSpelledEmail(d *textnorm.Doc, s *scratch, i int) (int, bool) {
	n := len(d.Words)
	if i == 0 || i+3 >= n || !d.Is(i+2, "dot") {
		return 0, false
	}
	local := d.Words[i-1]
	if local.Flags&textnorm.Alpha == 0 || local.Flags&(textnorm.Handle|textnorm.Hashtag) != 0 || s.cls[i-1] != 0 && s.ent[i-1].staff < 0 {
		return 0, false
	}
	if d.Words[i+1].Flags&textnorm.Alpha == 0 || d.Words[i+3].Flags&textnorm.Alpha == 0 {
		return 0, false
	}
	j := i + 3
	for j+2 < n && d.Is(j+1, "dot") && d.Words[j+2].Flags&textnorm.Alpha != 0 {
		j += 2
	}
	switch string(d.Text(d.Words[j])) {
	case "com", "uk", "net", "org", "io", "me", "ie", "info":
	default:
		return 0, false
	}
	it := piiItem{kind: pEmail, i: i - 1, j: j}
	it.start, it.end = d.WordSpan(i-1, j)
	s.pii = append(s.pii, it)
	return j, true
}
