// Package textnorm turns a post's text into the one normalised form every
// detector reads: Unicode NFKC, case folded, accents stripped, zero-width
// characters removed and lookalike letters (Cyrillic, Greek, fullwidth,
// mathematical) mapped to ASCII, split into words, with an offset map so that
// any span found in the normalised text can be reported as exact byte offsets
// of the original.
//
// A Doc is reusable: Reset it with each post to avoid allocations on hot paths.
package textnorm

import (
	"encoding/binary"
	"unicode/utf8"
)

// Word flags.
const (
	Alpha      uint16 = 1 << iota // contains a letter
	Digit                         // contains a digit
	Symbol                        // contains a leet/disguise symbol (* @ $ ! 0-9 mixed with letters)
	Handle                        // starts with @ (a social-media handle)
	Hashtag                       // starts with #
	Capital                       // first letter upper case in the original
	AllCaps                       // every letter upper case in the original (and more than one letter)
	SentStart                     // first word of a sentence
	Apostrophe                    // contains an apostrophe (don't, mum's)
)

// Word is one token of the normalised text; Start and End index Doc.Norm.
type Word struct {
	Start, End int32
	Flags      uint16
}

// Has reports whether every flag in f is set.
func (w Word) Has(f uint16) bool { return w.Flags&f == f }

// Len is the word's length in normalised bytes.
func (w Word) Len() int { return int(w.End - w.Start) }

// Doc is a post's text in normalised form.
type Doc struct {
	// Orig is the text as posted.
	Orig string
	// Norm is the normalised text: lower case, folded to ASCII where a letter has
	// an ASCII lookalike. Other characters (emoji, CJK) keep their UTF-8 bytes.
	Norm []byte
	// Words are the tokens of Norm, in order.
	Words []Word

	ascii  bool     // Orig was ASCII without control/zero-width: Norm[i] came from Orig[i]
	off    []int32  // otherwise, off[i] is the offset in Orig of the rune that produced Norm[i]
	hashes []uint64 // hashes[i] is HashBytes of word i's normalised text
	gen    uint64   // how many times the Doc has been Reset
}

// New normalises text into a new Doc.
func New(text string) *Doc {
	d := &Doc{}
	d.Reset(text)
	return d
}

// Reset normalises text into d, reusing d's buffers.
func (d *Doc) Reset(text string) {
	d.gen++
	d.Orig = text
	d.Norm = d.Norm[:0]
	d.Words = d.Words[:0]
	d.hashes = d.hashes[:0]
	d.off = d.off[:0]
	d.ascii = d.lowerASCII(text)
	if !d.ascii {
		d.Norm = d.Norm[:0]
		d.foldUnicode(text)
	}
	d.tokenize()
}

// lowerASCII appends text in lower case to Norm and reports whether text is
// printable ASCII plus ordinary whitespace; when it is not, Norm holds a
// prefix to be discarded. One pass does both because nearly every post is
// plain ASCII.
func (d *Doc) lowerASCII(text string) bool {
	d.Norm = append(d.Norm, text...)
	b := d.Norm
	i := 0
	// eight bytes at a time when they are all printable (0x20..0x7e)
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// Parenthesised: in Go, - + and | share one precedence level.
		if ((x-0x2020202020202020)|(x+0x0101010101010101)|x)&0x8080808080808080 != 0 {
			// a control byte (a newline?), DEL or a non-ASCII byte: these
			// eight byte by byte
			for k := i; k < i+8; k++ {
				l := asciiLower[b[k]]
				if l == 0 {
					return false
				}
				b[k] = l
			}
			continue
		}
		// 0x80 in each byte that is A-Z, moved to 0x20 and added
		up := (x + 0x3f3f3f3f3f3f3f3f) &^ (x + 0x2525252525252525) & 0x8080808080808080
		binary.LittleEndian.PutUint64(b[i:], x|up>>2)
	}
	for ; i < len(b); i++ {
		l := asciiLower[b[i]]
		if l == 0 {
			return false
		}
		b[i] = l
	}
	return true
}

// asciiLower maps each printable ASCII byte and ordinary whitespace to its
// lower case; every other byte maps to 0.
var asciiLower = func() (t [256]byte) {
	for c := ' '; c < 0x7f; c++ {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] = byte(c) + 'a' - 'A'
		}
	}
	t['\n'], t['\t'], t['\r'] = '\n', '\t', '\r'
	return t
}()

// Gen counts the Doc's Resets: a Doc and its Gen name one post, so that
// what a detector derived from a post can be reused until the Doc is Reset.
func (d *Doc) Gen() uint64 { return d.gen }

// Hash returns HashBytes of the i-th word's normalised text, computed once
// when the post was normalised, so that every detector can look words up
// without hashing them again.
func (d *Doc) Hash(i int) uint64 { return d.hashes[i] }

// HashBytes is the 64-bit FNV-1a hash of b: the hash Doc.Hash gives a word.
// Tables keyed by normalised words hash their keys with it.
func HashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// HashString is HashBytes of a string.
func HashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// OrigStart returns the offset in Orig of normalised byte i.
func (d *Doc) OrigStart(i int) int {
	if i >= len(d.Norm) {
		return len(d.Orig)
	}
	if d.ascii {
		return i
	}
	return int(d.off[i])
}

// OrigEnd returns the offset in Orig just past the character that produced
// normalised byte e-1: the exclusive end of a span ending at e.
func (d *Doc) OrigEnd(e int) int {
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

// Span converts a span of Norm to byte offsets of Orig.
func (d *Doc) Span(start, end int) (int, int) {
	return d.OrigStart(start), d.OrigEnd(end)
}

// WordSpan returns the original byte offsets of words[i..j] inclusive.
func (d *Doc) WordSpan(i, j int) (int, int) {
	return d.Span(int(d.Words[i].Start), int(d.Words[j].End))
}

// Text returns the normalised bytes of w. The slice aliases Norm.
func (d *Doc) Text(w Word) []byte { return d.Norm[w.Start:w.End] }

// WordString returns the normalised text of the i-th word.
func (d *Doc) WordString(i int) string { return string(d.Norm[d.Words[i].Start:d.Words[i].End]) }

// Is reports whether the i-th word's normalised text equals s (false when i is out of range).
func (d *Doc) Is(i int, s string) bool {
	if i < 0 || i >= len(d.Words) {
		return false
	}
	w := d.Words[i]
	return string(d.Norm[w.Start:w.End]) == s
}

// OrigText returns the original text of the i-th word.
func (d *Doc) OrigText(i int) string {
	s, e := d.WordSpan(i, i)
	return d.Orig[s:e]
}
