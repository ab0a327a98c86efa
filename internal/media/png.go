package media

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
)

// maxTextChunk caps the tEXt chunks we read: a 64 KiB profile in hex with
// line breaks fits; longer text chunks are skipped unread.
const maxTextChunk = 3 * maxSegment

// pngEXIF walks the PNG chunks and returns the TIFF block of the first eXIf
// chunk, or of a tEXt "Raw profile type exif" (or APP1) chunk as ImageMagick
// writes them. Compressed chunks (zTXt, iTXt) are skipped: inflating them
// would be a bomb to defuse for little gain. The walk ends at IEND.
func pngEXIF(r *bufio.Reader) ([]byte, error) {
	if _, err := r.Discard(len(pngSignature)); err != nil { // checked by sniff
		return nil, readErr("PNG signature", err)
	}
	var hdr [8]byte
	var text []byte // reused: a file of many text chunks allocates once
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return nil, readErr("PNG chunk header", err)
		}
		size := binary.BigEndian.Uint32(hdr[:4])
		typ := string(hdr[4:8])
		if size > 1<<31-1 {
			return nil, fmt.Errorf("%w: PNG chunk length %d exceeds 2³¹-1", ErrMalformed, size)
		}
		switch {
		case typ == "IEND":
			return nil, fmt.Errorf("%w: no eXIf chunk in the PNG", ErrNoEXIF)
		case typ == "eXIf":
			if size > maxSegment {
				return nil, fmt.Errorf("%w: PNG eXIf chunk of %d bytes exceeds %d", ErrTooLarge, size, maxSegment)
			}
			block := make([]byte, size)
			if _, err := io.ReadFull(r, block); err != nil {
				return nil, readErr("PNG eXIf chunk", err)
			}
			// Some writers keep the JPEG "Exif\0\0" prefix; it is not TIFF.
			return bytes.TrimPrefix(block, []byte("Exif\x00\x00")), nil
		case typ == "tEXt" && size <= maxTextChunk:
			if cap(text) < int(size) {
				text = make([]byte, size)
			}
			text = text[:size]
			if _, err := io.ReadFull(r, text); err != nil {
				return nil, readErr("PNG tEXt chunk", err)
			}
			key, value, _ := bytes.Cut(text, []byte{0})
			if k := string(key); k == "Raw profile type exif" || k == "Raw profile type APP1" {
				return rawProfile(value)
			}
			size = 0
		}
		if _, err := r.Discard(int(size) + 4); err != nil { // data and CRC
			return nil, readErr("PNG "+strconv.Quote(typ)+" chunk", err)
		}
	}
}

// rawProfile decodes ImageMagick's text form of a profile:
// "\nexif\n   <length>\n<hex digits over many lines>". It allocates only the
// decoded block, whatever the text holds.
func rawProfile(text []byte) ([]byte, error) {
	const space = " \t\r\n"
	rest := bytes.TrimLeft(text, space)
	name := bytes.IndexAny(rest, space) // the profile name: "exif" or "APP1"
	if name >= 0 {
		rest = bytes.TrimLeft(rest[name:], space)
	}
	if name < 0 || len(rest) == 0 {
		return nil, fmt.Errorf("%w: PNG raw profile has no data", ErrMalformed)
	}
	end := bytes.IndexAny(rest, space)
	if end < 0 {
		end = len(rest)
	}
	n, err := strconv.Atoi(string(rest[:min(end, 20)]))
	if err != nil || n <= 0 || n > maxSegment {
		return nil, fmt.Errorf("%w: PNG raw profile length %.20q", ErrMalformed, rest[:end])
	}
	block := make([]byte, n)
	digits := 0
	for _, c := range rest[end:] {
		if digits == 2*n {
			break
		}
		var v byte
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		case '0' <= c && c <= '9':
			v = c - '0'
		case 'a' <= c && c <= 'f':
			v = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			v = c - 'A' + 10
		default:
			return nil, fmt.Errorf("%w: PNG raw profile has invalid hex digit 0x%02x", ErrMalformed, c)
		}
		block[digits/2] = block[digits/2]<<4 | v
		digits++
	}
	if digits < 2*n {
		return nil, fmt.Errorf("%w: PNG raw profile has %d hex digits for %d bytes", ErrMalformed, digits, n)
	}
	return bytes.TrimPrefix(block, []byte("Exif\x00\x00")), nil
}
