package textnorm

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldUnicode fills d.Norm and d.off from text that is not plain ASCII.
func (d *Doc) foldUnicode(text string) {
	for o := 0; o < len(text); {
		if c := text[o]; c != '\r' && asciiLower[c] != 0 {
			// printable ASCII, newline or tab: as foldRune would, without decoding
			d.put(asciiLower[c], int32(o))
			o++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[o:])
		d.foldRune(r, int32(o), text[o:o+n])
		o += n
	}
}

// foldRune appends the normalised form of r (whose original bytes are src, at offset o).
func (d *Doc) foldRune(r rune, o int32, src string) {
	switch {
	case r < utf8.RuneSelf:
		d.foldASCII(byte(r), o)
		return
	case r == utf8.RuneError && len(src) == 1:
		d.put(' ', o) // invalid UTF-8: a separator, never a letter
		return
	}
	if b, ok := punct(r); ok {
		if b != 0 {
			d.put(b, o)
		}
		return
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Me, r) {
		return // accents, zero-width characters, variation selectors
	}
	if unicode.IsSpace(r) {
		d.put(' ', o)
		return
	}
	if b, ok := lookalike(r); ok {
		d.put(b, o)
		return
	}
	if r >= 0x1F200 || (r >= 0x2600 && r < 0x2800) {
		d.putRune(r, o) // emoji and symbols: no decomposition to ASCII
		return
	}
	if dec := norm.NFKD.PropertiesString(src).Decomposition(); len(dec) > 0 {
		for len(dec) > 0 {
			r2, n := utf8.DecodeRune(dec)
			dec = dec[n:]
			switch {
			case unicode.Is(unicode.Mn, r2):
			case r2 < utf8.RuneSelf:
				d.foldASCII(byte(r2), o)
			default:
				if b, ok := lookalike(r2); ok {
					d.put(b, o)
				} else if b, ok := punct(r2); ok {
					if b != 0 {
						d.put(b, o)
					}
				} else {
					d.putRune(unicode.ToLower(r2), o)
				}
			}
		}
		return
	}
	d.putRune(unicode.ToLower(r), o)
}

// foldASCII appends the normalised form of the ASCII character c.
func (d *Doc) foldASCII(c byte, o int32) {
	switch {
	case 'A' <= c && c <= 'Z':
		c += 'a' - 'A'
	case c < ' ' && c != '\n' && c != '\t':
		c = ' '
	case c == 0x7f:
		return
	}
	d.put(c, o)
}

// lookalike returns the ASCII letter r (or its lower case) looks like.
func lookalike(r rune) (byte, bool) {
	if b, ok := confusable[r]; ok {
		return b, true
	}
	b, ok := confusable[unicode.ToLower(r)]
	return b, ok
}

func (d *Doc) put(c byte, o int32) {
	d.Norm = append(d.Norm, c)
	d.off = append(d.off, o)
}

func (d *Doc) putRune(r rune, o int32) {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, c := range buf[:n] {
		d.put(c, o)
	}
}

// punct maps typographic punctuation to ASCII. A zero byte means "drop".
func punct(r rune) (byte, bool) {
	switch r {
	case '\u2018', '\u2019', '\u201B', '\u02BC', '\u2032', '\uFF07', '\u0060', '\u00B4':
		return '\'', true
	case '\u201C', '\u201D', '\u201E', '\u2033', '\uFF02', '\u00AB', '\u00BB':
		return '"', true
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFF0D':
		return '-', true
	case '\u2026':
		return '.', true
	case '\u00A0', '\u2007', '\u202F', '\u3000':
		return ' ', true
	case '\u00AD':
		return 0, true // soft hyphen
	}
	return 0, false
}
