package media

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
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
			text := make([]byte, size)
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
// "\nexif\n   <length>\n<hex digits over many lines>".
func rawProfile(text []byte) ([]byte, error) {
	fields := bytes.Fields(text)
	if len(fields) < 3 {
		return nil, fmt.Errorf("%w: PNG raw profile has no data", ErrMalformed)
	}
	n, err := strconv.Atoi(string(fields[1]))
	if err != nil || n <= 0 || n > maxSegment {
		return nil, fmt.Errorf("%w: PNG raw profile length %.20q", ErrMalformed, fields[1])
	}
	digits := bytes.Join(fields[2:], nil)
	if len(digits) < 2*n {
		return nil, fmt.Errorf("%w: PNG raw profile has %d hex digits for %d bytes", ErrMalformed, len(digits), n)
	}
	block := make([]byte, n)
	if _, err := hex.Decode(block, digits[:2*n]); err != nil {
		return nil, fmt.Errorf("%w: PNG raw profile: %v", ErrMalformed, err)
	}
	return bytes.TrimPrefix(block, []byte("Exif\x00\x00")), nil
}
