package textnorm

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Byte classes of normalised ASCII text, so that the tokenizer reads one
// table entry per byte instead of calling a chain of comparisons.
const (
	cLetter   uint8 = 1 << iota // a-z
	cDigit                      // 0-9
	cDisguise                   // * @ $ ! #
	cSentEnd                    // . ! ? newline: the next word starts a sentence
	cJoin                       // ' * @ $ ! #: may carry a word on past a run of letters and digits
	cMark                       // @ # $: may start a word (a handle, a hashtag, $hit)
)

var class = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= cLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= cDigit
	}
	for _, c := range "*@$!#" {
		t[c] |= cDisguise
	}
	for _, c := range ".!?\n" {
		t[c] |= cSentEnd
	}
	for _, c := range "'*@$!#" {
		t[c] |= cJoin
	}
	for _, c := range "@#$" {
		t[c] |= cMark
	}
	return t
}()

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool { return class[c]&(cLetter|cDigit) != 0 }

func isLetter(c byte) bool { return class[c]&cLetter != 0 }
func isDigit(c byte) bool  { return class[c]&cDigit != 0 }

// isDisguise reports whether c is a symbol people put inside words to disguise them.
func isDisguise(c byte) bool { return class[c]&cDisguise != 0 }

// byteFlag is the flag a byte of Norm gives the word it is in: Alpha for an
// ASCII letter, Digit for a digit, zero for any other byte (a non-ASCII
// character's bytes are judged by wideWordChar), so that the tokenizer's
// inner loop needs one load and one test a byte.
var byteFlag = func() (t [256]uint16) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = Alpha
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = Digit
	}
	return t
}()

// wideWordChar reports whether Norm holds a non-ASCII letter or digit at i:
// the flag it gives the word (Alpha, or zero when it is not a word
// character), and its width.
func wideWordChar(norm []byte, i int) (uint16, int) {
	r, n := utf8.DecodeRune(norm[i:])
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return Alpha, n
	}
	return 0, n
}

// tokenize splits Norm into Words and hashes each.
func (d *Doc) tokenize() {
	if d.ascii {
		d.tokenizeASCII()
		return
	}
	norm := d.Norm
	sent := true
	for i := 0; i < len(norm); {
		c := norm[i]
		if cl := class[c]; cl&(cLetter|cDigit|cMark) == 0 && c < utf8.RuneSelf {
			// a separator: no word starts here
			if cl&cSentEnd != 0 {
				sent = true
			}
			i++
			continue
		}
		next, ok := d.word(i, sent)
		if ok {
			sent = false
		}
		i = next
	}
}

// word appends the word that starts at Norm[i], if one does, and returns
// the index after it; sent tells whether it starts a sentence. When none
// starts there, ok is false and next is the index of the next character.
func (d *Doc) word(i int, sent bool) (next int, ok bool) {
	norm := d.Norm
	n := len(norm)
	c := norm[i]
	fl, w := byteFlag[c], 1
	if c >= utf8.RuneSelf {
		fl, w = wideWordChar(norm, i)
	}
	var flags uint16
	switch {
	case fl != 0:
		return d.finishWord(i, i, i, 0, fnvOffset, sent), true
	case (c == '@' || c == '#') && i+1 < n && isAlnum(norm[i+1]) && (i == 0 || !isAlnum(norm[i-1])):
		if c == '@' {
			flags |= Handle
		} else {
			flags |= Hashtag
		}
	case c == '$' && i+1 < n && isLetter(norm[i+1]):
		flags |= Symbol
	default:
		return i + w, false
	}
	return d.finishWord(i, i+1, i, flags, fnvOffset, sent), true
}

// finishWord reads the rest of the word that starts at Norm[start], from
// Norm[i] on, appends it and returns the index after it. flags are the
// word's so far and h is the FNV-1a hash of Norm[start:hp] (hp ≤ i).
func (d *Doc) finishWord(start, i, hp int, flags uint16, h uint64, sent bool) int {
	norm := d.Norm
	n := len(norm)
	for i < n {
		c := norm[i]
		if fl := byteFlag[c]; fl != 0 {
			// the common case, a run of ASCII letters and digits, in a
			// tight loop that hashes as it goes
			for ; hp < i; hp++ {
				h = (h ^ uint64(norm[hp])) * fnvPrime
			}
			flags |= fl
			h = (h ^ uint64(c)) * fnvPrime
			i++
			for i < n {
				c := norm[i]
				fl := byteFlag[c]
				if fl == 0 {
					break
				}
				flags |= fl
				h = (h ^ uint64(c)) * fnvPrime
				i++
			}
			hp = i
			continue
		}
		if c >= utf8.RuneSelf {
			if fl, w := wideWordChar(norm, i); fl != 0 {
				flags |= fl
				i += w
				continue
			}
			break
		}
		if c == '\'' && i+1 < n && isLetter(norm[i+1]) && i > start {
			flags |= Apostrophe
			i++
			continue
		}
		if isDisguise(c) && i > start && flags&(Handle|Hashtag) == 0 {
			// a run of symbols inside a word (f*ck, sh!te, w@nker), or a
			// trailing run of asterisks after letters (f***)
			j := i
			for j < n && isDisguise(norm[j]) {
				j++
			}
			if j < n && isAlnum(norm[j]) {
				flags |= Symbol
				i = j
				continue
			}
			if c == '*' && flags&Alpha != 0 {
				k := i
				for k < n && norm[k] == '*' {
					k++
				}
				flags |= Symbol
				i = k
			}
		}
		break
	}
	for ; hp < i; hp++ { // what the letter runs did not hash
		h = (h ^ uint64(norm[hp])) * fnvPrime
	}
	if flags&Alpha != 0 && flags&Digit != 0 {
		flags |= Symbol // leet (sh1t, b0ll0cks) or a code (mb-25yrs)
	}
	if sent {
		flags |= SentStart
	}
	o := start // where the word's text starts in Orig, if it is ASCII there
	if !d.ascii {
		o = int(d.off[start])
		if !printableASCII(d.Orig, o, i-start) {
			o = -1
		}
	}
	if o < 0 {
		flags |= d.caseFlags(start, i)
	} else if c := norm[start]; byteFlag[c] != Alpha || d.Orig[o] != c {
		// not a word starting with a lower-case letter (most are)
		flags |= asciiCase(d.Orig[o:o+i-start], norm[start:i])
	}
	d.Words = append(d.Words, Word{Start: int32(start), End: int32(i), Flags: flags})
	d.hashes = append(d.hashes, h)
	return i
}

// tokenizeASCII is tokenize for plain ASCII text (Norm is lower case, every
// byte below 0x80): scanASCII reads most words, and word the others.
func (d *Doc) tokenizeASCII() {
	n := len(d.Norm)
	// eight zero bytes after the text: a zero byte ends a word, so the
	// scan's letter loop needs no test for the end of the text
	d.Norm = append(d.Norm, 0, 0, 0, 0, 0, 0, 0, 0)[:n]
	buf := d.Norm[:n+8]
	sent := true
	for i := 0; ; {
		// room for every word left: each takes a byte and is followed by
		// one that is not its, or by the end
		at, need := len(d.Words), (n-i+1)/2+1
		if min(cap(d.Words), cap(d.hashes))-at < need {
			d.Words = slices.Grow(d.Words, need)
			d.hashes = slices.Grow(d.hashes, need)
		}
		room := min(cap(d.Words), cap(d.hashes)) - at
		var k int
		i, sent, k = scanASCII(buf, d.Orig, i, sent, d.Words[at:at+room], d.hashes[at:at+room])
		d.Words, d.hashes = d.Words[:at+k], d.hashes[:at+k]
		if i >= n {
			return
		}
		// a word scanASCII leaves to word
		next, ok := d.word(i, sent)
		if ok {
			sent = false
		} else if class[buf[i]]&cSentEnd != 0 {
			sent = true
		}
		i = next
	}
}

// scanASCII writes into words and hashes the words of norm (a Doc's Norm
// of plain ASCII text followed by eight zero bytes) from i on, and skips
// what separates them; k is how many it wrote (words must have room for
// every word left). It stops at a word that an apostrophe or a run of
// symbols may carry on, leaving it to word, and returns the index to go on
// from (len(orig) at the end of the text). sent tells whether the next word
// starts a sentence.
//
// It reads each word's capitalisation as it goes: an original letter is
// upper case exactly when it differs from its normalised byte. Its loops
// call nothing, so that they run in registers, and the zero bytes after the
// text end the last word without a test for the end.
func scanASCII(norm []byte, orig string, i int, sent bool, words []Word, hashes []uint64) (next int, sentNext bool, k int) {
	n := len(orig)
	norm = norm[:n+8]
	hashes = hashes[:len(words)]
	nw := 0
	for i < n {
		c := norm[i]
		if c == ' ' {
			i++ // most separators
			continue
		}
		start := i
		var flags uint16
		h := uint64(fnvOffset)
		if cl := class[c]; cl&(cLetter|cDigit) == 0 {
			// a separator, or the @ of a handle, the # of a hashtag or the
			// $ of $hit
			next := class[norm[i+1]]
			switch {
			case cl&cMark == 0 || i+1 == n:
			case c == '$':
				if next&cLetter != 0 {
					flags = Symbol
				}
			case next&(cLetter|cDigit) != 0 && (i == 0 || class[norm[i-1]]&(cLetter|cDigit) == 0):
				flags = Hashtag
				if c == '@' {
					flags = Handle
				}
			}
			if flags == 0 {
				if cl&cSentEnd != 0 {
					sent = true
				}
				i++
				continue
			}
			h = (h ^ uint64(c)) * fnvPrime
			i++
		}
		// a run of letters and digits, hashed as it is read
		for ; ; i++ {
			c := norm[i]
			fl := byteFlag[c]
			if fl == 0 {
				break
			}
			flags |= fl
			h = (h ^ uint64(c)) * fnvPrime
		}
		if e := norm[i]; class[e]&cJoin != 0 && i < n {
			// an apostrophe before a letter carries the word on; so does a
			// run of symbols before a letter or digit, and asterisks after a
			// letter, unless the word is a handle or a hashtag
			if e == '\'' {
				if class[norm[i+1]]&cLetter != 0 && i+1 < n {
					return start, sent, nw
				}
			} else if class[e]&cDisguise != 0 && flags&(Handle|Hashtag) == 0 {
				j := i
				for j < n && class[norm[j]]&cDisguise != 0 {
					j++
				}
				if j < n && class[norm[j]]&(cLetter|cDigit) != 0 || e == '*' && flags&Alpha != 0 {
					return start, sent, nw
				}
			}
		}
		if flags&(Alpha|Digit) == Alpha|Digit {
			flags |= Symbol // leet (sh1t, b0ll0cks) or a code (mb-25yrs)
		}
		if sent {
			flags |= SentStart
			sent = false
		}
		if c := norm[start]; byteFlag[c] != Alpha || orig[start] != c {
			// not a word starting with a lower-case letter (most are):
			// asciiCase, inline
			k := start
			for k < i && byteFlag[norm[k]] != Alpha {
				k++
			}
			if k < i && orig[k] != norm[k] {
				flags |= Capital
				upper, lower := 1, false
				for k++; k < i; k++ {
					if byteFlag[norm[k]] == Alpha {
						if orig[k] == norm[k] {
							lower = true
							break
						}
						upper++
					}
				}
				if !lower && upper > 1 {
					flags |= AllCaps
				}
			}
		}
		words[nw] = Word{Start: int32(start), End: int32(i), Flags: flags}
		hashes[nw] = h
		nw++
	}
	return i, sent, nw
}

// printableASCII reports whether orig[o:o+n] is printable ASCII. The
// folding copies such bytes one for one, lower case, so a word of n bytes
// whose first came from orig[o] then came from orig[o:o+n], and asciiCase
// reads its capitalisation as caseFlags would.
func printableASCII(orig string, o, n int) bool {
	if o+n > len(orig) {
		return false
	}
	for _, c := range []byte(orig[o : o+n]) {
		if c < ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// asciiCase reads the capitalisation of a word of plain ASCII text from its
// original and normalised bytes: an original letter is upper case exactly
// when it differs from its normalised byte.
func asciiCase(orig string, norm []byte) uint16 {
	norm = norm[:len(orig)]
	k := 0
	for k < len(orig) && byteFlag[norm[k]] != Alpha {
		k++
	}
	if k == len(orig) || orig[k] == norm[k] {
		return 0 // no letter, or the first is lower case: most words
	}
	upper := 1
	for k++; k < len(orig); k++ {
		if byteFlag[norm[k]] != Alpha {
			continue
		}
		if orig[k] == norm[k] {
			return Capital // a lower-case letter: not in capitals throughout
		}
		upper++
	}
	if upper > 1 {
		return Capital | AllCaps
	}
	return Capital
}

// caseFlags reads the original capitalisation of the word at Norm[start:end]
// of text that is not plain ASCII.
func (d *Doc) caseFlags(start, end int) uint16 {
	var upper, lower, first int
	o, e := d.Span(start, end)
	for k := o; k < e; {
		var isUp bool
		if c := d.Orig[k]; c < utf8.RuneSelf {
			k++
			switch {
			case 'A' <= c && c <= 'Z':
				isUp = true
			case 'a' <= c && c <= 'z':
			default:
				continue
			}
		} else {
			r, n := utf8.DecodeRuneInString(d.Orig[k:])
			k += n
			if !unicode.IsLetter(r) {
				continue
			}
			isUp = unicode.IsUpper(r)
		}
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

func caseBits(first, upper, lower int) uint16 {
	var f uint16
	if first == 2 {
		f |= Capital
	}
	if upper > 1 && lower == 0 {
		f |= AllCaps
	}
	return f
}
