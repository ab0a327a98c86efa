package media

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// maxSegment caps the EXIF block we hold in memory: a JPEG APP1 segment
// cannot be larger, and we refuse larger PNG eXIf chunks.
const maxSegment = 64 << 10

// ReadEXIF reads the photo metadata of a JPEG or PNG from r, reading at most
// limit bytes. It walks the JPEG markers up to the image data (or the PNG
// chunks up to IEND), holds at most one 64 KiB metadata block, and reads only
// GPS position, DateTimeOriginal, Make, Model and Orientation.
//
// Errors wrap ErrNoEXIF (no metadata), ErrMalformed (what is wrong is in the
// message), ErrUnsupported (HEIC, AVIF, WebP, TIFF or unknown bytes) or
// ErrTooLarge (the metadata lies beyond limit); an error from r is returned
// wrapped. On error the Meta is zero. ReadEXIF never panics and its work is
// bounded by limit, whatever r holds.
func ReadEXIF(r io.Reader, limit int64) (Meta, error) {
	if limit <= 0 {
		return Meta{}, fmt.Errorf("reading exif: limit %d is not positive", limit)
	}
	lr := &limitedReader{r: r, n: limit}
	var head [12]byte
	n, err := io.ReadFull(lr, head[:])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF && !errors.Is(err, errLimit) {
		return Meta{}, fmt.Errorf("reading exif: %w", err)
	}
	format, err := sniff(head[:n])
	if err != nil {
		return Meta{}, err
	}
	br := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(head[:n]), lr), 4096)
	var block []byte
	switch format {
	case formatJPEG:
		block, err = jpegEXIF(br)
	case formatPNG:
		block, err = pngEXIF(br)
	}
	if err != nil {
		return Meta{}, err
	}
	return parseTIFF(block)
}

type format int

const (
	formatJPEG format = iota + 1
	formatPNG
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// sniff names the format from the first bytes of a file.
func sniff(head []byte) (format, error) {
	switch {
	case len(head) >= 2 && head[0] == 0xFF && head[1] == 0xD8:
		return formatJPEG, nil
	case bytes.HasPrefix(head, pngSignature):
		return formatPNG, nil
	case len(head) >= 8 && string(head[4:8]) == "ftyp":
		return 0, fmt.Errorf("%w: HEIC/AVIF (ISO media file)", ErrUnsupported)
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return 0, fmt.Errorf("%w: WebP", ErrUnsupported)
	case bytes.HasPrefix(head, []byte("II*\x00")) || bytes.HasPrefix(head, []byte("MM\x00*")):
		return 0, fmt.Errorf("%w: TIFF", ErrUnsupported)
	case bytes.HasPrefix(head, []byte("GIF8")):
		return 0, fmt.Errorf("%w: GIF has no EXIF", ErrNoEXIF)
	case len(head) == 0:
		return 0, fmt.Errorf("%w: empty input", ErrMalformed)
	}
	return 0, fmt.Errorf("%w: unrecognised format", ErrUnsupported)
}

// jpegEXIF walks the JPEG markers from SOI and returns the TIFF block of the
// first APP1 "Exif\0\0" segment. It stops at SOS: metadata never follows the
// image data, and the entropy-coded data has no markers to walk.
func jpegEXIF(r *bufio.Reader) ([]byte, error) {
	if _, err := r.Discard(2); err != nil { // SOI, checked by sniff
		return nil, readErr("JPEG start", err)
	}
	var hdr [6]byte
	for {
		b, err := r.ReadByte()
		if err != nil {
			return nil, readErr("JPEG marker", err)
		}
		if b != 0xFF {
			return nil, fmt.Errorf("%w: JPEG marker expected, found byte 0x%02x", ErrMalformed, b)
		}
		for b == 0xFF { // fill bytes; the read limit bounds them
			if b, err = r.ReadByte(); err != nil {
				return nil, readErr("JPEG marker", err)
			}
		}
		switch {
		case b == 0xDA || b == 0xD9: // SOS, EOI
			return nil, fmt.Errorf("%w: no EXIF segment before the JPEG image data", ErrNoEXIF)
		case b == 0x00 || b == 0xD8:
			return nil, fmt.Errorf("%w: unexpected JPEG marker 0x%02x", ErrMalformed, b)
		case b >= 0xD0 && b <= 0xD7 || b == 0x01: // RSTn, TEM: no length
			continue
		}
		if _, err := io.ReadFull(r, hdr[:2]); err != nil {
			return nil, readErr("JPEG segment length", err)
		}
		size := int(binary.BigEndian.Uint16(hdr[:2]))
		if size < 2 {
			return nil, fmt.Errorf("%w: JPEG segment 0x%02x length %d", ErrMalformed, b, size)
		}
		size -= 2
		if b == 0xE1 && size >= 6 {
			if _, err := io.ReadFull(r, hdr[:]); err != nil {
				return nil, readErr("JPEG APP1 segment", err)
			}
			size -= 6
			if string(hdr[:]) == "Exif\x00\x00" {
				block := make([]byte, size) // < 64 KiB: the length field is 16 bits
				if _, err := io.ReadFull(r, block); err != nil {
					return nil, readErr("JPEG EXIF segment", err)
				}
				return block, nil
			}
		}
		if _, err := r.Discard(size); err != nil {
			return nil, readErr(fmt.Sprintf("JPEG segment 0x%02x", b), err)
		}
	}
}

// errLimit reports that a limitedReader reached its limit.
var errLimit = errors.New("read limit reached")

// limitedReader is io.LimitedReader that tells the limit apart from the end
// of the input, so a cut-off read is ErrTooLarge and a short file ErrMalformed.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errLimit
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// readErr maps an error reading what to the package's errors.
func readErr(what string, err error) error {
	switch {
	case errors.Is(err, errLimit):
		return fmt.Errorf("%w: %s lies beyond the read limit", ErrTooLarge, what)
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return fmt.Errorf("%w: truncated %s", ErrMalformed, what)
	}
	return fmt.Errorf("reading %s: %w", what, err)
}
