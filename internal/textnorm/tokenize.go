package textnorm

import (
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

// tokenize splits Norm into Words and hashes each. For plain ASCII text it
// reads each word's capitalisation as it goes: there an original letter is
// upper case exactly when it differs from its normalised byte.
func (d *Doc) tokenize() {
	norm, orig, ascii := d.Norm, d.Orig, d.ascii
	n := len(norm)
	sent := true
	for i := 0; i < n; {
		c := norm[i]
		fl, w := byteFlag[c], 1
		if c >= utf8.RuneSelf {
			fl, w = wideWordChar(norm, i)
		}
		start := i
		var flags uint16
		// h is the FNV-1a hash of norm[start:hp]
		h, hp := uint64(fnvOffset), start
		switch {
		case fl != 0:
		case (c == '@' || c == '#') && i+1 < n && isAlnum(norm[i+1]) && (i == 0 || !isAlnum(norm[i-1])):
			if c == '@' {
				flags |= Handle
			} else {
				flags |= Hashtag
			}
			i++
		case c == '$' && i+1 < n && isLetter(norm[i+1]):
			flags |= Symbol
			i++
		default:
			if class[c]&cSentEnd != 0 {
				sent = true
			}
			i += w
			continue
		}
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
		if flags&Alpha != 0 && flags&Digit != 0 {
			flags |= Symbol // leet (sh1t, b0ll0cks) or a code (mb-25yrs)
		}
		if sent {
			flags |= SentStart
			sent = false
		}
		if ascii {
			if c := norm[start]; byteFlag[c] != Alpha || orig[start] != c {
				// not a word starting with a lower-case letter (most are)
				flags |= asciiCase(orig[start:i], norm[start:i])
			}
		} else {
			flags |= d.caseFlags(start, i)
		}
		for ; hp < i; hp++ { // what the letter runs did not hash
			h = (h ^ uint64(norm[hp])) * fnvPrime
		}
		d.Words = append(d.Words, Word{Start: int32(start), End: int32(i), Flags: flags})
		d.hashes = append(d.hashes, h)
	}
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
