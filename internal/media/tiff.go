package media

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

const (
	// maxEntries caps the entries of one IFD; real cameras write a few dozen.
	maxEntries = 256
	// maxText caps Make and Model, which reach the review queue.
	maxText = 64
)

// Tags we read; everything else is skipped without looking at its value.
const (
	tagMake             = 0x010F
	tagModel            = 0x0110
	tagOrientation      = 0x0112
	tagExifIFD          = 0x8769
	tagGPSIFD           = 0x8825
	tagDateTimeOriginal = 0x9003
	tagGPSLatitudeRef   = 0x0001
	tagGPSLatitude      = 0x0002
	tagGPSLongitudeRef  = 0x0003
	tagGPSLongitude     = 0x0004
)

// TIFF field types we read.
const (
	typeASCII    = 2
	typeShort    = 3
	typeLong     = 4
	typeRational = 5
	typeIFD      = 13
)

// typeSize is the size in bytes of one value of a TIFF field type, or 0
// for a type the specification does not define (such entries are skipped).
func typeSize(typ uint16) uint64 {
	switch typ {
	case 1, 2, 6, 7:
		return 1
	case 3, 8:
		return 2
	case 4, 9, 11, 13:
		return 4
	case 5, 10, 12:
		return 8
	}
	return 0
}

// tiff is one EXIF block being walked. It only ever slices b, so the memory
// it uses is bounded by the block, not by counts written inside it.
type tiff struct {
	b    []byte
	bo   binary.ByteOrder
	seen []uint32 // IFD offsets already walked: at most three
}

type entry struct {
	tag, typ uint16
	count    uint32
	field    []byte // the 4-byte value-or-offset field
}

// parseTIFF reads Meta from a TIFF block: IFD0, then the Exif and GPS IFDs
// it points to. IFD1 (the thumbnail) and sub-IFDs are never followed.
func parseTIFF(b []byte) (Meta, error) {
	if len(b) > maxSegment {
		return Meta{}, fmt.Errorf("%w: EXIF block of %d bytes exceeds %d", ErrTooLarge, len(b), maxSegment)
	}
	if len(b) < 8 {
		return Meta{}, fmt.Errorf("%w: TIFF header truncated (%d bytes)", ErrMalformed, len(b))
	}
	t := &tiff{b: b}
	switch string(b[:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return Meta{}, fmt.Errorf("%w: TIFF byte order marker 0x%02x%02x is neither II nor MM", ErrMalformed, b[0], b[1])
	}
	if magic := t.bo.Uint16(b[2:]); magic != 42 {
		return Meta{}, fmt.Errorf("%w: TIFF magic number %d, want 42", ErrMalformed, magic)
	}

	var m Meta
	var exifOff, gpsOff uint32
	err := t.walk(t.bo.Uint32(b[4:]), "IFD0", func(e entry) error {
		switch e.tag {
		case tagMake, tagModel:
			v, err := t.value(e, typeASCII)
			if err != nil || v == nil {
				return err
			}
			if e.tag == tagMake && m.Make == "" {
				m.Make = cleanText(v)
			} else if e.tag == tagModel && m.Model == "" {
				m.Model = cleanText(v)
			}
		case tagOrientation:
			v, err := t.value(e, typeShort)
			if err != nil || v == nil || m.Orientation != 0 {
				return err
			}
			if o := int(t.bo.Uint16(v)); o >= 1 && o <= 8 {
				m.Orientation = o
			}
		case tagExifIFD, tagGPSIFD:
			if e.count != 1 || (e.typ != typeLong && e.typ != typeIFD) {
				return nil
			}
			off := t.bo.Uint32(e.field)
			if off == 0 {
				return nil
			}
			if e.tag == tagExifIFD && exifOff == 0 {
				exifOff = off
			} else if e.tag == tagGPSIFD && gpsOff == 0 {
				gpsOff = off
			}
		}
		return nil
	})
	if err != nil {
		return Meta{}, err
	}

	if exifOff != 0 {
		err := t.walk(exifOff, "Exif IFD", func(e entry) error {
			if e.tag != tagDateTimeOriginal || !m.Taken.IsZero() {
				return nil
			}
			v, err := t.value(e, typeASCII)
			if err != nil || v == nil {
				return err
			}
			if at, err := time.Parse("2006:01:02 15:04:05", cleanText(v)); err == nil {
				m.Taken = at
			}
			return nil
		})
		if err != nil {
			return Meta{}, err
		}
	}

	if gpsOff != 0 {
		var lat, lon float64
		var latRef, lonRef byte
		var haveLat, haveLon bool
		err := t.walk(gpsOff, "GPS IFD", func(e entry) error {
			switch e.tag {
			case tagGPSLatitudeRef, tagGPSLongitudeRef:
				v, err := t.value(e, typeASCII)
				if err != nil || v == nil {
					return err
				}
				if e.tag == tagGPSLatitudeRef {
					latRef = v[0]
				} else {
					lonRef = v[0]
				}
			case tagGPSLatitude, tagGPSLongitude:
				v, err := t.value(e, typeRational)
				if err != nil || v == nil {
					return err
				}
				deg, ok := t.degrees(v)
				if e.tag == tagGPSLatitude {
					lat, haveLat = deg, ok
				} else {
					lon, haveLon = deg, ok
				}
			}
			return nil
		})
		if err != nil {
			return Meta{}, err
		}
		if latRef == 'S' {
			lat = -lat
		}
		if lonRef == 'W' {
			lon = -lon
		}
		// A position without both references has an unknown sign; 0,0 is
		// what some cameras write before they have a fix.
		if haveLat && haveLon && (latRef == 'N' || latRef == 'S') && (lonRef == 'E' || lonRef == 'W') &&
			math.Abs(lat) <= 90 && math.Abs(lon) <= 180 && (lat != 0 || lon != 0) {
			m.HasGPS, m.Lat, m.Lon = true, lat, lon
		}
	}

	if m == (Meta{}) {
		return Meta{}, fmt.Errorf("%w: the EXIF block holds none of the fields we read", ErrNoEXIF)
	}
	return m, nil
}

// walk calls fn for each entry of the IFD at off. It refuses an offset
// already walked, an IFD outside the block and more than maxEntries
// entries, so a hostile block cannot make it loop or run long.
func (t *tiff) walk(off uint32, name string, fn func(entry) error) error {
	for _, s := range t.seen {
		if s == off {
			return fmt.Errorf("%w: %s at offset %d revisits an IFD already read", ErrMalformed, name, off)
		}
	}
	t.seen = append(t.seen, off)
	if off < 8 || uint64(off)+2 > uint64(len(t.b)) {
		return fmt.Errorf("%w: %s offset %d outside the %d-byte EXIF block", ErrMalformed, name, off, len(t.b))
	}
	n := int(t.bo.Uint16(t.b[off:]))
	if n > maxEntries {
		return fmt.Errorf("%w: %s has %d entries, more than %d", ErrMalformed, name, n, maxEntries)
	}
	start := int(off) + 2
	if start+12*n > len(t.b) {
		return fmt.Errorf("%w: %s of %d entries truncated by the end of the EXIF block", ErrMalformed, name, n)
	}
	for i := range n {
		p := t.b[start+12*i : start+12*i+12]
		e := entry{
			tag:   t.bo.Uint16(p),
			typ:   t.bo.Uint16(p[2:]),
			count: t.bo.Uint32(p[4:]),
			field: p[8:12],
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// value returns the bytes of e's value if e has type want, or nil if it has
// another type or no values: a wrong type is tolerated and ignored, as
// cameras get them wrong. A value that lies outside the block is an error.
func (t *tiff) value(e entry, want uint16) ([]byte, error) {
	if e.typ != want || e.count == 0 {
		return nil, nil
	}
	size := typeSize(e.typ) * uint64(e.count) // cannot overflow: ≤ 8 × 2³²
	if size <= 4 {
		return e.field[:size], nil
	}
	off := uint64(t.bo.Uint32(e.field))
	if off+size > uint64(len(t.b)) {
		return nil, fmt.Errorf("%w: tag 0x%04x value of %d bytes at offset %d outside the %d-byte EXIF block",
			ErrMalformed, e.tag, size, off, len(t.b))
	}
	return t.b[off : off+size], nil
}

// degrees converts up to three rationals (degrees, minutes, seconds) to
// decimal degrees. A zero denominator makes the position unusable.
func (t *tiff) degrees(v []byte) (float64, bool) {
	var deg float64
	scale := 1.0
	for i := 0; i < 3 && len(v) >= 8*(i+1); i++ {
		num, den := t.bo.Uint32(v[8*i:]), t.bo.Uint32(v[8*i+4:])
		if den == 0 {
			return 0, false
		}
		deg += float64(num) / float64(den) / scale
		scale *= 60
	}
	return deg, true
}

// cleanText turns an EXIF ASCII value into printable text of at most maxText
// bytes: it ends at the first NUL, and control, format and invalid runes
// become '?', so the text cannot forge log lines or reorder a page.
func cleanText(v []byte) string {
	var sb strings.Builder
	for len(v) > 0 && v[0] != 0 {
		r, n := utf8.DecodeRune(v)
		v = v[n:]
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			r = '?'
		}
		if sb.Len()+utf8.RuneLen(r) > maxText {
			break
		}
		sb.WriteRune(r)
	}
	return strings.TrimSpace(sb.String())
}
