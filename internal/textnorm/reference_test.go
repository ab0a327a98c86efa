package textnorm

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"golang.org/x/text/unicode/norm"
)

// refDoc is the normaliser as it was before the fast paths (commit 8ebf75a),
// kept as the oracle the fast paths must agree with byte for byte.
type refDoc struct {
	Orig  string
	Norm  []byte
	Words []Word
	ascii bool
	off   []int32
}

func (d *refDoc) refReset(text string) {
	d.Orig = text
	d.Norm = d.Norm[:0]
	d.Words = d.Words[:0]
	d.off = d.off[:0]
	d.ascii = isPlainASCII(text)
	if d.ascii {
		d.Norm = append(d.Norm, text...)
		for i, c := range d.Norm {
			if 'A' <= c && c <= 'Z' {
				d.Norm[i] = c + 'a' - 'A'
			}
		}
	} else {
		d.refFoldUnicode(text)
	}
	d.refTokenize()
}

func (d *refDoc) refOrigStart(i int) int {
	if i >= len(d.Norm) {
		return len(d.Orig)
	}
	if d.ascii {
		return i
	}
	return int(d.off[i])
}

func (d *refDoc) refOrigEnd(e int) int {
	if e <= 0 {
		return 0
	}
	if d.ascii {
		return min(e, len(d.Orig))
	}
	if e > len(d.Norm) {
		return len(d.Orig)
	}
	o := int(d.off[e-1])
	_, n := utf8.DecodeRuneInString(d.Orig[o:])
	return o + n
}

func (d *refDoc) refSpan(start, end int) (int, int) {
	return d.refOrigStart(start), d.refOrigEnd(end)
}

func (d *refDoc) refFoldUnicode(text string) {
	for o := 0; o < len(text); {
		r, n := utf8.DecodeRuneInString(text[o:])
		d.refFoldRune(r, int32(o), text[o:o+n])
		o += n
	}
}

func (d *refDoc) refFoldRune(r rune, o int32, src string) {
	switch {
	case r < utf8.RuneSelf:
		c := byte(r)
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c < ' ' && c != '\n' && c != '\t':
			c = ' '
		case c == 0x7f:
			return
		}
		d.refPut(c, o)
		return
	case r == utf8.RuneError && len(src) == 1:
		d.refPut(' ', o) // invalid UTF-8: a separator, never a letter
		return
	}
	if b, ok := punct(r); ok {
		if b != 0 {
			d.refPut(b, o)
		}
		return
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Me, r) {
		return // accents, zero-width characters, variation selectors
	}
	if unicode.IsSpace(r) {
		d.refPut(' ', o)
		return
	}
	if b, ok := lookalike(r); ok {
		d.refPut(b, o)
		return
	}
	if r >= 0x1F200 || (r >= 0x2600 && r < 0x2800) {
		d.refPutRune(r, o) // emoji and symbols: no decomposition to ASCII
		return
	}
	if dec := norm.NFKD.PropertiesString(src).Decomposition(); len(dec) > 0 {
		for len(dec) > 0 {
			r2, n := utf8.DecodeRune(dec)
			dec = dec[n:]
			switch {
			case unicode.Is(unicode.Mn, r2):
			case r2 < utf8.RuneSelf:
				d.refFoldRune(r2, o, string(rune(r2)))
			default:
				if b, ok := lookalike(r2); ok {
					d.refPut(b, o)
				} else if b, ok := punct(r2); ok {
					if b != 0 {
						d.refPut(b, o)
					}
				} else {
					d.refPutRune(unicode.ToLower(r2), o)
				}
			}
		}
		return
	}
	d.refPutRune(unicode.ToLower(r), o)
}

func (d *refDoc) refPut(c byte, o int32) {
	d.Norm = append(d.Norm, c)
	d.off = append(d.off, o)
}

func (d *refDoc) refPutRune(r rune, o int32) {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, c := range buf[:n] {
		d.refPut(c, o)
	}
}

func (d *refDoc) refLetterAt(i int) (bool, int) {
	c := d.Norm[i]
	if c < utf8.RuneSelf {
		return isAlnum(c), 1
	}
	r, n := utf8.DecodeRune(d.Norm[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r), n
}

func (d *refDoc) refTokenize() {
	n := len(d.Norm)
	sent := true
	for i := 0; i < n; {
		c := d.Norm[i]
		ok, w := d.refLetterAt(i)
		start := i
		var flags uint16
		switch {
		case ok:
		case (c == '@' || c == '#') && i+1 < n && isAlnum(d.Norm[i+1]) && (i == 0 || !isAlnum(d.Norm[i-1])):
			if c == '@' {
				flags |= Handle
			} else {
				flags |= Hashtag
			}
			i++
		case c == '$' && i+1 < n && isLetter(d.Norm[i+1]):
			flags |= Symbol
			i++
		default:
			if c == '.' || c == '!' || c == '?' || c == '\n' {
				sent = true
			}
			i += w
			continue
		}
		for i < n {
			ok, w := d.refLetterAt(i)
			if ok {
				if isDigit(d.Norm[i]) {
					flags |= Digit
				} else {
					flags |= Alpha
				}
				i += w
				continue
			}
			c := d.Norm[i]
			if c == '\'' && i+1 < n && isLetter(d.Norm[i+1]) && i > start {
				flags |= Apostrophe
				i++
				continue
			}
			if isDisguise(c) && i > start && flags&(Handle|Hashtag) == 0 {
				// a run of symbols inside a word (f*ck, sh!te, w@nker), or a
				// trailing run of asterisks after letters (f***)
				j := i
				for j < n && isDisguise(d.Norm[j]) {
					j++
				}
				if j < n && isAlnum(d.Norm[j]) {
					flags |= Symbol
					i = j
					continue
				}
				if d.Norm[i] == '*' && flags&Alpha != 0 {
					k := i
					for k < n && d.Norm[k] == '*' {
						k++
					}
					flags |= Symbol
					i = k
				}
			}
			break
		}
		if flags&Alpha != 0 && flags&Digit != 0 {
			flags |= Symbol // leet (sh1t, b0ll0cks) or a code (mb-25yrs)
		}
		if sent {
			flags |= SentStart
			sent = false
		}
		flags |= d.refCaseFlags(start, i)
		d.Words = append(d.Words, Word{Start: int32(start), End: int32(i), Flags: flags})
	}
}

func (d *refDoc) refCaseFlags(start, end int) uint16 {
	if d.ascii {
		var upper, lower, first int
		for _, c := range []byte(d.Orig[start:end]) {
			switch {
			case 'A' <= c && c <= 'Z':
				if first == 0 {
					first = 2
				}
				upper++
			case 'a' <= c && c <= 'z':
				if first == 0 {
					first = 1
				}
				lower++
			}
		}
		return caseBits(first, upper, lower)
	}
	o, e := d.refSpan(start, end)
	var upper, lower, first int
	for _, r := range d.Orig[o:e] {
		if !unicode.IsLetter(r) {
			continue
		}
		isUp := unicode.IsUpper(r)
		if first == 0 {
			first = 1
			if isUp {
				first = 2
			}
		}
		if isUp {
			upper++
		} else {
			lower++
		}
	}
	return caseBits(first, upper, lower)
}

// isPlainASCII reports whether s is printable ASCII plus ordinary whitespace.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c < ' ' && c != '\n' && c != '\t' && c != '\r') || c == 0x7f {
			return false
		}
	}
	return true
}

// checkReference fails t when d, normalised from s, differs in any way from
// what the reference normaliser makes of s.
func checkReference(t *testing.T, d *Doc, s string) {
	t.Helper()
	var r refDoc
	r.refReset(s)
	if string(d.Norm) != string(r.Norm) || !slices.Equal(d.Words, r.Words) || d.ascii != r.ascii || (!d.ascii && !slices.Equal(d.off, r.off)) {
		t.Fatalf("Reset(%q) differs from the reference:\nnorm %q\n ref %q\nwords %v\n  ref %v", s, d.Norm, r.Norm, d.Words, r.Words)
	}
	for i, w := range d.Words {
		if got, want := d.Hash(i), HashBytes(d.Text(w)); got != want {
			t.Fatalf("Reset(%q): Hash(%d) = %x, want %x", s, i, got, want)
		}
	}
}

var referenceInputs = []string{
	"", " ", "Dr Hill IS here", "ＩＤＩＯＴ", "𝐢𝐝𝐢𝐨𝐭", "ⓘⓓⓘⓞⓣ", "i\u200bd\u200bi\u200bo\u200bt", "ídíót Patël", "іdіоt",
	"mum’s don’t", "f*ck sh!te w@nker c*nts", "what the f*** is", "sh1t b0ll0cks", "@MillbrookSurg #millbrook",
	"Joke! Really?", "angels 😇 the", "bad\xffword", "ﬁne", "a\u00a0b", "co-codamol", "766 845 7771",
	"$hit $5 $$ @ # #1 @@x x@y a#b", "don't 'quoted' it's' o'", "A B C D", "HELLO there MR Smith", "f**k*", "**", "a*", "x\x7fy\x01z\r\n",
	"ÀÉÎ ǅ ß ŉ", "ſ ﬀ Ⅻ ½ ²", "k\u0301", "@_x_ #__", "£50 €20 ¥", "Ǆ", "x\u00adx",
	// plain ASCII: the scan's words and the ones it leaves to word
	"5G 4U 2day B4 1st", "RT @User: Hi!! LOL!!! @Bob's #Tag #8220; &#8221;", "ab@cd ab@ a@ @a @@a a@@b x$y $x $5",
	"I'M OK. WHAT? A B. Mr X", "a'b'c 'a a' o'Neil O'NEIL", "f***ing f** F*CK 5* *5 **a a**", "ABCDEFGHIJKLMNOP abcdefghijklmnopq",
	"x", "X", "xY", "Xy", "XY1", "1XY", "a1B", "A1b", "e.g. i.e. U.S.A.", "hi\tthere\nNew\r\nline", "end!", "end.", "end'", "end*",
	// text that is not plain ASCII, whose ASCII words are read as ASCII
	"😇 Hello WORLD hI Dr Hill", "Thank’s DR. SMITH 👍", "ǅungla ÉCOLE École naïve NAÏVE", "I\u200bD\u200bI\u200bO\u200bT Ok", "A\rB C\x01D ＡＢＣ abc",
}

func TestMatchesReference(t *testing.T) {
	d := &Doc{}
	for _, s := range referenceInputs {
		d.Reset(s)
		checkReference(t, d, s)
	}
}

// TestMatchesReferenceOnData runs every post of the shared data sets through
// both normalisers, when the data is present.
func TestMatchesReferenceOnData(t *testing.T) {
	dir := evaldata.Dir()
	if dir == "" {
		t.Skip("no shared data: set PAGEKEEPER_DATA to compare on the data sets")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "sets", "*.jsonl"))
	d := &Doc{}
	n := 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var it struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &it) != nil {
				continue
			}
			d.Reset(it.Text)
			checkReference(t, d, it.Text)
			n++
		}
		f.Close()
	}
	t.Logf("%d posts agree", n)
}

func FuzzMatchesReference(f *testing.F) {
	for _, s := range referenceInputs {
		f.Add(s)
	}
	d := &Doc{}
	f.Fuzz(func(t *testing.T, s string) {
		d.Reset(s)
		checkReference(t, d, s)
	})
}
