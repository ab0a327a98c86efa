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

// wordFlag is the flag an ASCII byte of Norm gives the word it is in: Alpha
// for a letter, Digit for a digit, zero for a byte that is not a word character.
var wordFlag = func() (t [utf8.RuneSelf]uint16) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = Alpha
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = Digit
	}
	return t
}()

// wordChar reports whether Norm holds a word character at i (an ASCII letter
// or digit, or a non-ASCII letter or digit): the flag it gives the word
// (Alpha or Digit; zero when it is not a word character), and its width.
func wordChar(norm []byte, i int) (uint16, int) {
	if c := norm[i]; c < utf8.RuneSelf {
		return wordFlag[c], 1
	}
	return wideWordChar(norm, i)
}

// wideWordChar is wordChar for a non-ASCII character.
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
		fl, w := wordChar(norm, i)
		start := i
		var flags uint16
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
		var upper, lower, first int // capitalisation, for ASCII text
		for i < n {
			c := norm[i]
			if c < utf8.RuneSelf {
				if fl := wordFlag[c]; fl != 0 {
					flags |= fl
					if ascii && fl == Alpha {
						if orig[i] != c {
							upper++
							if first == 0 {
								first = 2
							}
						} else {
							lower++
							if first == 0 {
								first = 1
							}
						}
					}
					i++
					continue
				}
			} else if fl, w := wideWordChar(norm, i); fl != 0 {
				flags |= fl
				i += w
				continue
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
			flags |= caseBits(first, upper, lower)
		} else {
			flags |= d.caseFlags(start, i)
		}
		d.Words = append(d.Words, Word{Start: int32(start), End: int32(i), Flags: flags})
		d.hashes = append(d.hashes, HashBytes(norm[start:i]))
	}
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
