package textnorm

import (
	"unicode"
	"unicode/utf8"
)

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool { return isLetter(c) || isDigit(c) }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// isDisguise reports whether c is a symbol people put inside words to disguise them.
func isDisguise(c byte) bool { return c == '*' || c == '@' || c == '$' || c == '!' || c == '#' }

// letterAt reports whether Norm holds a word character (ASCII letter or digit,
// or a non-ASCII letter) at i, and its width in bytes.
func (d *Doc) letterAt(i int) (bool, int) {
	c := d.Norm[i]
	if c < utf8.RuneSelf {
		return isAlnum(c), 1
	}
	r, n := utf8.DecodeRune(d.Norm[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r), n
}

// tokenize splits Norm into Words.
func (d *Doc) tokenize() {
	n := len(d.Norm)
	sent := true
	for i := 0; i < n; {
		c := d.Norm[i]
		ok, w := d.letterAt(i)
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
			ok, w := d.letterAt(i)
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
		flags |= d.caseFlags(start, i)
		d.Words = append(d.Words, Word{Start: int32(start), End: int32(i), Flags: flags})
	}
}

// caseFlags reads the original capitalisation of the word at Norm[start:end].
func (d *Doc) caseFlags(start, end int) uint16 {
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
	o, e := d.Span(start, end)
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
