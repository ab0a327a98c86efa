package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

const (
	london    = 51.5072
	londonLon = -0.1276
)

func TestReadEXIFReadsTheFields(t *testing.T) {
	jpg := plainJPEG(t, 16, 8)
	wantTaken := time.Date(2026, 11, 21, 8, 40, 12, 0, time.UTC)
	tests := []struct {
		name     string
		bo       binary.ByteOrder
		lat, lon float64
	}{
		{"little endian, London", binary.LittleEndian, london, londonLon},
		{"big endian, London", binary.BigEndian, london, londonLon},
		{"little endian, south and east", binary.LittleEndian, -33.8688, 151.2093},
		{"big endian, south and west", binary.BigEndian, -22.9068, -43.1729},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := withSegments(jpg, exifSegment(fullTIFF(tt.bo, tt.lat, tt.lon).b))
			m, err := ReadEXIF(bytes.NewReader(in), int64(len(in)))
			if err != nil {
				t.Fatalf("ReadEXIF: %v", err)
			}
			if !m.HasGPS || math.Abs(m.Lat-tt.lat) > 1e-6 || math.Abs(m.Lon-tt.lon) > 1e-6 {
				t.Errorf("position = %v %.7f, %.7f, want %.4f, %.4f", m.HasGPS, m.Lat, m.Lon, tt.lat, tt.lon)
			}
			if !m.Taken.Equal(wantTaken) {
				t.Errorf("Taken = %v, want %v", m.Taken, wantTaken)
			}
			if m.Make != "Apple" || m.Model != "iPhone 15" || m.Orientation != 1 {
				t.Errorf("camera = %q %q orientation %d, want Apple iPhone 15 orientation 1", m.Make, m.Model, m.Orientation)
			}
		})
	}
}

func TestReadEXIFPartialAndOddFields(t *testing.T) {
	le := binary.LittleEndian
	jpg := plainJPEG(t, 8, 8)
	tests := []struct {
		name string
		tiff block
		want Meta
	}{
		{
			name: "no GPS IFD",
			tiff: buildTIFF(le, []tag{asciiTag(tagMake, "Canon"), asciiTag(tagModel, "Canon EOS R5")}, nil, nil),
			want: Meta{Make: "Canon", Model: "Canon EOS R5"},
		},
		{
			name: "GPS without references is unusable",
			tiff: buildTIFF(le, []tag{shortTag(le, tagOrientation, 6)}, nil,
				[]tag{dms(le, tagGPSLatitude, london), dms(le, tagGPSLongitude, londonLon)}),
			want: Meta{Orientation: 6},
		},
		{
			name: "zero denominator makes GPS unusable",
			tiff: buildTIFF(le, []tag{shortTag(le, tagOrientation, 3)}, nil, []tag{
				asciiTag(tagGPSLatitudeRef, "N"), rationalTag(le, tagGPSLatitude, [2]uint32{51, 0}),
				asciiTag(tagGPSLongitudeRef, "W"), rationalTag(le, tagGPSLongitude, [2]uint32{0, 1}),
			}),
			want: Meta{Orientation: 3},
		},
		{
			name: "latitude over 90 is unusable",
			tiff: buildTIFF(le, []tag{asciiTag(tagMake, "X")}, nil, gpsTags(le, 91, 10)),
			want: Meta{Make: "X"},
		},
		{
			name: "0,0 is a camera without a fix",
			tiff: buildTIFF(le, []tag{asciiTag(tagMake, "X")}, nil, gpsTags(le, 0, 0)),
			want: Meta{Make: "X"},
		},
		{
			name: "unset date, out-of-range orientation, wrong type for make",
			tiff: buildTIFF(le, []tag{
				shortTag(le, tagOrientation, 9), {tagMake, typeShort, 1, []byte{1, 0}}, asciiTag(tagModel, "M"),
			}, []tag{asciiTag(tagDateTimeOriginal, "    :  :     :  :  ")}, nil),
			want: Meta{Model: "M"},
		},
		{
			name: "control characters and overlong text are cleaned",
			tiff: buildTIFF(le, []tag{
				asciiTag(tagMake, "Evil\n2026-01-01 level=ERROR \u202e"),
				asciiTag(tagModel, strings.Repeat("m", 300)),
			}, nil, nil),
			want: Meta{Make: "Evil?2026-01-01 level=ERROR ?", Model: strings.Repeat("m", maxText)},
		},
		{
			name: "first of duplicate tags wins",
			tiff: buildTIFF(le, []tag{asciiTag(tagMake, "First"), asciiTag(tagMake, "Second")}, nil, nil),
			want: Meta{Make: "First"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := withSegments(jpg, exifSegment(tt.tiff.b))
			got, err := ReadEXIF(bytes.NewReader(in), 1<<20)
			if err != nil {
				t.Fatalf("ReadEXIF: %v", err)
			}
			if got != tt.want {
				t.Errorf("ReadEXIF = %+v, want %+v", got.fields(), tt.want.fields())
			}
		})
	}
}

// fields shows every field, coordinates included, for test failures only.
func (m Meta) fields() any {
	type plain Meta
	return plain(m)
}

func TestReadEXIFRefusesHostileBlocks(t *testing.T) {
	jpg := plainJPEG(t, 8, 8)
	tests := []struct {
		name   string
		mutate func(t *testing.T, bl block) []byte // returns the TIFF block
		want   error
		msg    string
	}{
		{"wrong byte order marker", func(t *testing.T, bl block) []byte {
			copy(bl.b, "IM")
			return bl.b
		}, ErrMalformed, "byte order"},
		{"wrong magic", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint16(bl.b[2:], 43)
			return bl.b
		}, ErrMalformed, "magic"},
		{"header truncated", func(t *testing.T, bl block) []byte { return bl.b[:6] }, ErrMalformed, "header truncated"},
		{"IFD0 offset outside", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint32(bl.b[4:], 0xFFFFFFF0)
			return bl.b
		}, ErrMalformed, "IFD0 offset"},
		{"IFD0 offset into the header", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint32(bl.b[4:], 2)
			return bl.b
		}, ErrMalformed, "IFD0 offset"},
		{"GPS offset outside", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint32(bl.b[bl.entry(t, bl.ifd0, tagGPSIFD)+8:], uint32(len(bl.b)-1))
			return bl.b
		}, ErrMalformed, "GPS IFD offset"},
		{"Exif IFD loops back to IFD0", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint32(bl.b[bl.entry(t, bl.ifd0, tagExifIFD)+8:], uint32(bl.ifd0))
			return bl.b
		}, ErrMalformed, "revisits"},
		{"GPS IFD is the Exif IFD", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint32(bl.b[bl.entry(t, bl.ifd0, tagGPSIFD)+8:], uint32(bl.exif))
			return bl.b
		}, ErrMalformed, "revisits"},
		{"too many entries", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint16(bl.b[bl.ifd0:], 0xFFFF)
			return bl.b
		}, ErrMalformed, "entries, more than 256"},
		{"entries run past the block", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint16(bl.b[bl.gps:], 200)
			return bl.b
		}, ErrMalformed, "truncated"},
		{"huge count for latitude", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint32(bl.b[bl.entry(t, bl.gps, tagGPSLatitude)+4:], 0xFFFFFFFF)
			return bl.b
		}, ErrMalformed, "outside"},
		{"huge count for make", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint32(bl.b[bl.entry(t, bl.ifd0, tagMake)+4:], 0x7FFFFFFF)
			return bl.b
		}, ErrMalformed, "outside"},
		{"value offset past the end", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint32(bl.b[bl.entry(t, bl.exif, tagDateTimeOriginal)+8:], uint32(len(bl.b)-4))
			return bl.b
		}, ErrMalformed, "outside"},
		{"value offset wraps around", func(t *testing.T, bl block) []byte {
			bl.bo.PutUint32(bl.b[bl.entry(t, bl.gps, tagGPSLongitude)+8:], 0xFFFFFFF8)
			return bl.b
		}, ErrMalformed, "outside"},
		{"block cut after IFD0", func(t *testing.T, bl block) []byte { return bl.b[:bl.exif] }, ErrMalformed, "Exif IFD offset"},
		{"no fields we read", func(t *testing.T, bl block) []byte {
			return buildTIFF(bl.bo, []tag{{0x0100, typeLong, 1, make([]byte, 4)}}, nil, nil).b
		}, ErrNoEXIF, "none of the fields"},
	}
	for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		for _, tt := range tests {
			t.Run(bo.String()+"/"+tt.name, func(t *testing.T) {
				in := withSegments(jpg, exifSegment(tt.mutate(t, fullTIFF(bo, london, londonLon))))
				m, err := ReadEXIF(bytes.NewReader(in), int64(len(in)))
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("ReadEXIF error = %v, want %v mentioning %q", err, tt.want, tt.msg)
				}
				if m != (Meta{}) {
					t.Errorf("ReadEXIF returned %+v with an error, want the zero Meta", m.fields())
				}
			})
		}
	}
}

func TestReadEXIFWalksJPEGMarkers(t *testing.T) {
	jpg := plainJPEG(t, 8, 8)
	tiff := fullTIFF(binary.BigEndian, london, londonLon).b
	withEXIF := withSegments(jpg, exifSegment(tiff))
	xmp := segment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"))
	tests := []struct {
		name    string
		in      []byte
		limit   int64
		wantGPS bool
		wantErr error
		msg     string
	}{
		{name: "EXIF after JFIF and XMP", in: withSegments(jpg, segment(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")), xmp, exifSegment(tiff)), limit: 1 << 20, wantGPS: true},
		{name: "fill bytes before a marker", in: append(append([]byte{0xFF, 0xD8, 0xFF, 0xFF, 0xFF}, exifSegment(tiff)[1:]...), jpg[2:]...), limit: 1 << 20, wantGPS: true},
		{name: "short APP1 is not EXIF", in: withSegments(jpg, segment(0xE1, []byte("Ex")), exifSegment(tiff)), limit: 1 << 20, wantGPS: true},
		{name: "no EXIF", in: jpg, limit: 1 << 20, wantErr: ErrNoEXIF, msg: "before the JPEG image data"},
		{name: "EXIF after SOS is not read", in: append(bytes.Clone(jpg[:len(jpg)-2]), exifSegment(tiff)...), limit: 1 << 20, wantErr: ErrNoEXIF},
		{name: "only SOI and EOI", in: []byte{0xFF, 0xD8, 0xFF, 0xD9}, limit: 1 << 20, wantErr: ErrNoEXIF},
		{name: "truncated EXIF segment", in: withEXIF[:2+4+6+40], limit: 1 << 20, wantErr: ErrMalformed, msg: "truncated JPEG EXIF segment"},
		{name: "truncated segment length", in: withEXIF[:3], limit: 1 << 20, wantErr: ErrMalformed, msg: "truncated"},
		{name: "truncated after SOI", in: jpg[:2], limit: 1 << 20, wantErr: ErrMalformed, msg: "truncated JPEG marker"},
		{name: "segment length below 2", in: withSegments(jpg, []byte{0xFF, 0xE0, 0x00, 0x01}), limit: 1 << 20, wantErr: ErrMalformed, msg: "length 1"},
		{name: "garbage where a marker belongs", in: []byte{0xFF, 0xD8, 0x12, 0x34}, limit: 1 << 20, wantErr: ErrMalformed, msg: "marker expected"},
		{name: "stuffed zero as a marker", in: []byte{0xFF, 0xD8, 0xFF, 0x00}, limit: 1 << 20, wantErr: ErrMalformed, msg: "unexpected JPEG marker"},
		{name: "limit before the EXIF", in: withSegments(jpg, xmp, exifSegment(tiff)), limit: 20, wantErr: ErrTooLarge, msg: "beyond the read limit"},
		{name: "limit exactly at the end of EXIF", in: withEXIF, limit: int64(2 + len(exifSegment(tiff))), wantGPS: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ReadEXIF(bytes.NewReader(tt.in), tt.limit)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("ReadEXIF error = %v, want %v mentioning %q", err, tt.wantErr, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadEXIF: %v", err)
			}
			if m.HasGPS != tt.wantGPS {
				t.Errorf("HasGPS = %v, want %v", m.HasGPS, tt.wantGPS)
			}
		})
	}
}

func TestReadEXIFFormats(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"HEIC", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", ErrUnsupported},
		{"AVIF", "\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", ErrUnsupported},
		{"WebP", "RIFF\x24\x00\x00\x00WEBPVP8 ", ErrUnsupported},
		{"TIFF", "II*\x00\x08\x00\x00\x00", ErrUnsupported},
		{"GIF", "GIF89a\x01\x00\x01\x00", ErrNoEXIF},
		{"text", "hello, this is not an image", ErrUnsupported},
		{"one byte", "\xff", ErrUnsupported},
		{"empty", "", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ReadEXIF(strings.NewReader(tt.in), 1<<20); !errors.Is(err, tt.want) {
				t.Errorf("ReadEXIF error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestReadEXIFArguments(t *testing.T) {
	if _, err := ReadEXIF(strings.NewReader("x"), 0); err == nil {
		t.Error("ReadEXIF with limit 0: no error")
	}
	boom := errors.New("disk on fire")
	jpg := plainJPEG(t, 8, 8)
	r := io.MultiReader(bytes.NewReader(jpg[:20]), iotest.ErrReader(boom))
	if _, err := ReadEXIF(r, 1<<20); !errors.Is(err, boom) {
		t.Errorf("ReadEXIF on a failing reader: error = %v, want it wrapped", err)
	}
	// A reader that hands out one byte at a time reads the same.
	in := withSegments(jpg, exifSegment(fullTIFF(binary.LittleEndian, london, londonLon).b))
	if m, err := ReadEXIF(iotest.OneByteReader(bytes.NewReader(in)), 1<<20); err != nil || !m.HasGPS {
		t.Errorf("ReadEXIF one byte at a time = %v, %v; want GPS", m, err)
	}
}

// TestReadEXIFMemoryIsBounded feeds 16 MiB of full-size APP1 segments and
// checks that ReadEXIF holds no more than its buffers while skipping them.
func TestReadEXIFMemoryIsBounded(t *testing.T) {
	seg := segment(0xE1, bytes.Repeat([]byte("X"), 65533))
	in := withSegments(plainJPEG(t, 8, 8), bytes.Repeat(seg, 256))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := ReadEXIF(bytes.NewReader(in), int64(len(in)))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrNoEXIF) {
		t.Fatalf("ReadEXIF error = %v, want ErrNoEXIF", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 256<<10 {
		t.Errorf("ReadEXIF allocated %d bytes skipping %d bytes of segments, want under 256 KiB", got, len(in))
	}
}

// fuzzSeeds are the inputs the fuzz targets start from (also written to
// testdata/fuzz by TestSeedCorpus -update).
func fuzzSeeds(t testing.TB) map[string][]byte {
	le, be := binary.LittleEndian, binary.BigEndian
	jpg := plainJPEG(t, 16, 16)
	pngb := plainPNG(t, 16, 16)
	full := fullTIFF(le, london, londonLon).b
	return map[string][]byte{
		"jpeg-plain":       jpg,
		"jpeg-exif-le":     withSegments(jpg, exifSegment(full)),
		"jpeg-exif-be":     withSegments(jpg, exifSegment(fullTIFF(be, -33.8688, 151.2093).b)),
		"jpeg-orient-6":    withSegments(jpg, exifSegment(buildTIFF(le, []tag{shortTag(le, tagOrientation, 6)}, nil, nil).b)),
		"png-plain":        pngb,
		"png-exif":         withChunks(pngb, chunk("eXIf", fullTIFF(be, london, londonLon).b)),
		"png-raw-profile":  withChunks(pngb, chunk("tEXt", rawProfileText(append([]byte("Exif\x00\x00"), full...)))),
		"jpeg-progressive": progressiveJPEG(64, 80),
		"heic":             []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"),
	}
}

func FuzzReadEXIF(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := ReadEXIF(bytes.NewReader(in), 1<<20)
		if err != nil {
			if m != (Meta{}) {
				t.Fatalf("ReadEXIF returned %+v with error %v", m.fields(), err)
			}
			if !errors.Is(err, ErrNoEXIF) && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("ReadEXIF error %v is none of the package's errors", err)
			}
			return
		}
		if m.HasGPS && (math.Abs(m.Lat) > 90 || math.Abs(m.Lon) > 180) {
			t.Fatalf("ReadEXIF position out of range: %+v", m.fields())
		}
		if len(m.Make) > maxText || len(m.Model) > maxText {
			t.Fatalf("ReadEXIF text over %d bytes: %q %q", maxText, m.Make, m.Model)
		}
	})
}
