package media

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// This file builds test images in code: a stdlib-encoded JPEG or PNG with an
// EXIF block spliced in, the block laid out byte by byte.

// tag is one IFD entry to lay out; data holds its encoded values.
type tag struct {
	id, typ uint16
	count   uint32
	data    []byte
}

func asciiTag(id uint16, s string) tag {
	d := append([]byte(s), 0)
	return tag{id, typeASCII, uint32(len(d)), d}
}

func shortTag(bo binary.ByteOrder, id, v uint16) tag {
	return tag{id, typeShort, 1, u16(bo, v)}
}

func rationalTag(bo binary.ByteOrder, id uint16, vals ...[2]uint32) tag {
	var d []byte
	for _, v := range vals {
		d = append(d, u32(bo, v[0])...)
		d = append(d, u32(bo, v[1])...)
	}
	return tag{id, typeRational, uint32(len(vals)), d}
}

// dms encodes decimal degrees as the degrees/minutes/seconds rationals
// cameras write, seconds to 1/10000.
func dms(bo binary.ByteOrder, id uint16, deg float64) tag {
	if deg < 0 {
		deg = -deg
	}
	d := uint32(deg)
	m := uint32((deg - float64(d)) * 60)
	s := uint32(((deg-float64(d))*60 - float64(m)) * 60 * 10000)
	return rationalTag(bo, id, [2]uint32{d, 1}, [2]uint32{m, 1}, [2]uint32{s, 10000})
}

// gpsTags is a GPS IFD for the position lat, lon.
func gpsTags(bo binary.ByteOrder, lat, lon float64) []tag {
	latRef, lonRef := "N", "E"
	if lat < 0 {
		latRef = "S"
	}
	if lon < 0 {
		lonRef = "W"
	}
	return []tag{
		asciiTag(tagGPSLatitudeRef, latRef), dms(bo, tagGPSLatitude, lat),
		asciiTag(tagGPSLongitudeRef, lonRef), dms(bo, tagGPSLongitude, lon),
	}
}

func u16(bo binary.ByteOrder, v uint16) []byte {
	b := make([]byte, 2)
	bo.PutUint16(b, v)
	return b
}

func u32(bo binary.ByteOrder, v uint32) []byte {
	b := make([]byte, 4)
	bo.PutUint32(b, v)
	return b
}

// block is a laid-out TIFF block and where its IFDs start (0 if absent).
type block struct {
	b               []byte
	bo              binary.ByteOrder
	ifd0, exif, gps int
}

// buildTIFF lays out a TIFF block: header, IFD0, then the Exif and GPS IFDs
// when not nil, each followed by its out-of-line values. IFD0 gets the
// pointers to the other two.
func buildTIFF(bo binary.ByteOrder, ifd0, exif, gps []tag) block {
	ifd0 = slices.Clone(ifd0)
	if exif != nil {
		ifd0 = append(ifd0, tag{tagExifIFD, typeLong, 1, make([]byte, 4)})
	}
	if gps != nil {
		ifd0 = append(ifd0, tag{tagGPSIFD, typeLong, 1, make([]byte, 4)})
	}
	size := func(tags []tag) int {
		if tags == nil {
			return 0
		}
		n := 2 + 12*len(tags) + 4
		for _, t := range tags {
			if len(t.data) > 4 {
				n += len(t.data) + len(t.data)%2
			}
		}
		return n
	}
	bl := block{bo: bo, ifd0: 8}
	bl.exif = bl.ifd0 + size(ifd0)
	bl.gps = bl.exif + size(exif)
	for i, t := range ifd0 {
		switch {
		case t.id == tagExifIFD && exif != nil:
			ifd0[i].data = u32(bo, uint32(bl.exif))
		case t.id == tagGPSIFD && gps != nil:
			ifd0[i].data = u32(bo, uint32(bl.gps))
		}
	}
	b := make([]byte, bl.gps+size(gps))
	if bo == binary.LittleEndian {
		copy(b, "II")
	} else {
		copy(b, "MM")
	}
	bo.PutUint16(b[2:], 42)
	bo.PutUint32(b[4:], uint32(bl.ifd0))
	put := func(off int, tags []tag) {
		bo.PutUint16(b[off:], uint16(len(tags)))
		data := off + 2 + 12*len(tags) + 4
		for i, t := range tags {
			p := b[off+2+12*i:]
			bo.PutUint16(p, t.id)
			bo.PutUint16(p[2:], t.typ)
			bo.PutUint32(p[4:], t.count)
			if len(t.data) <= 4 {
				copy(p[8:12], t.data)
				continue
			}
			bo.PutUint32(p[8:], uint32(data))
			copy(b[data:], t.data)
			data += len(t.data) + len(t.data)%2
		}
	}
	put(bl.ifd0, ifd0)
	if exif == nil {
		bl.exif = 0
	} else {
		put(bl.exif, exif)
	}
	if gps == nil {
		bl.gps = 0
	} else {
		put(bl.gps, gps)
	}
	bl.b = b
	return bl
}

// entry returns the offset of the entry for id in the IFD at ifd.
func (bl block) entry(t *testing.T, ifd int, id uint16) int {
	t.Helper()
	n := int(bl.bo.Uint16(bl.b[ifd:]))
	for i := range n {
		p := ifd + 2 + 12*i
		if bl.bo.Uint16(bl.b[p:]) == id {
			return p
		}
	}
	t.Fatalf("no tag 0x%04x in the IFD at %d", id, ifd)
	return 0
}

// fullTIFF is a block with every field ReadEXIF reads.
func fullTIFF(bo binary.ByteOrder, lat, lon float64) block {
	return buildTIFF(bo,
		[]tag{asciiTag(tagMake, "Apple"), asciiTag(tagModel, "iPhone 15"), shortTag(bo, tagOrientation, 1)},
		[]tag{asciiTag(tagDateTimeOriginal, "2026:11:21 08:40:12")},
		gpsTags(bo, lat, lon))
}

// testImage is a w×h image: red in the top-left quarter, blue elsewhere,
// so a test can tell how it was turned.
func testImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0, 0, 255, 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func plainJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func plainPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// segment is a JPEG marker segment with the given payload.
func segment(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker}
	s = binary.BigEndian.AppendUint16(s, uint16(len(payload)+2))
	return append(s, payload...)
}

// withSegments inserts segments right after the SOI of a JPEG.
func withSegments(jpg []byte, segs ...[]byte) []byte {
	out := slices.Clone(jpg[:2])
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

// exifSegment is the APP1 segment holding a TIFF block.
func exifSegment(tiff []byte) []byte {
	return segment(0xE1, append([]byte("Exif\x00\x00"), tiff...))
}

// chunk is a PNG chunk with a correct CRC.
func chunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// withChunks inserts chunks right after the IHDR of a PNG.
func withChunks(p []byte, chunks ...[]byte) []byte {
	const afterIHDR = 8 + 8 + 13 + 4
	out := slices.Clone(p[:afterIHDR])
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[afterIHDR:]...)
}

// rawProfileText is a block as ImageMagick writes it in a tEXt chunk.
func rawProfileText(b []byte) []byte {
	h := hex.EncodeToString(b)
	var sb strings.Builder
	sb.WriteString("Raw profile type exif\x00\nexif\n")
	sb.WriteString("      " + strconv.Itoa(len(b)) + "\n")
	for len(h) > 72 {
		sb.WriteString(h[:72] + "\n")
		h = h[72:]
	}
	sb.WriteString(h + "\n")
	return []byte(sb.String())
}

// progressiveJPEG is a valid size×size grayscale progressive JPEG of one DC
// scan and the given number of AC scans, each a few end-of-band runs that
// cover every block: a few bytes a scan that make image/jpeg walk the whole
// image (libjpeg-turbo's LJT-01-003). size is a multiple of 8.
func progressiveJPEG(size, acScans int) []byte {
	out := []byte{0xFF, 0xD8}
	out = append(out, segment(0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...))...)
	out = append(out, segment(0xC2, []byte{8, byte(size >> 8), byte(size), byte(size >> 8), byte(size), 1, 1, 0x11, 0})...)
	// One code, "0", in each table: DC category 0, and AC EOBRUN of 2^14+.
	counts := make([]byte, 16)
	counts[0] = 1
	dht := append(append([]byte{0x00}, counts...), 0x00)
	dht = append(append(append(dht, 0x10), counts...), 0xE0)
	out = append(out, segment(0xC4, dht)...)
	blocks := (size / 8) * (size / 8)
	out = append(out, segment(0xDA, []byte{1, 1, 0x00, 0, 0, 0})...)
	out = append(out, make([]byte, (blocks+7)/8)...)
	// Each run is the code 0 then 14 one bits: 32767 blocks.
	var bits []byte
	var acc, n uint
	put := func(v uint) {
		acc, n = acc<<1|v, n+1
		if n == 8 {
			bits = append(bits, byte(acc))
			if byte(acc) == 0xFF {
				bits = append(bits, 0)
			}
			acc, n = 0, 0
		}
	}
	for range (blocks + 32766) / 32767 {
		put(0)
		for range 14 {
			put(1)
		}
	}
	for n != 0 {
		put(1)
	}
	for range acScans {
		out = append(out, segment(0xDA, []byte{1, 1, 0x00, 1, 63, 0})...)
		out = append(out, bits...)
	}
	return append(out, 0xFF, 0xD9)
}
