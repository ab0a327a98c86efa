package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpora in testdata/fuzz")

func TestStripRemovesMetadata(t *testing.T) {
	le := binary.LittleEndian
	full := fullTIFF(le, london, londonLon).b
	xmp := segment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>Apple</x:xmpmeta>"))
	comment := segment(0xFE, []byte("taken by Apple"))
	tests := []struct {
		name   string
		in     []byte
		format string
		banned []string
	}{
		{"JPEG with EXIF, XMP and a comment", withSegments(plainJPEG(t, 40, 30), exifSegment(full), xmp, comment), "jpeg",
			[]string{"Exif", "http://ns.adobe.com", "Apple", "iPhone"}},
		{"JPEG with a broken EXIF block", withSegments(plainJPEG(t, 40, 30), exifSegment(full[:20])), "jpeg", []string{"Exif"}},
		{"PNG with eXIf and text", withChunks(plainPNG(t, 40, 30), chunk("eXIf", full), chunk("tEXt", []byte("Author\x00Apple"))), "png",
			[]string{"eXIf", "tEXt", "Apple", "iPhone"}},
		{"PNG with a raw profile", withChunks(plainPNG(t, 40, 30), chunk("tEXt", rawProfileText(full))), "png",
			[]string{"tEXt", "Raw profile", "exif"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Strip(bytes.NewReader(tt.in), 1<<20)
			if err != nil {
				t.Fatalf("Strip: %v", err)
			}
			for _, b := range tt.banned {
				if bytes.Contains(out, []byte(b)) {
					t.Errorf("Strip output still contains %q", b)
				}
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("decoding Strip output: %v", err)
			}
			if format != tt.format || cfg.Width != 40 || cfg.Height != 30 {
				t.Errorf("Strip output is a %d×%d %s, want a 40×30 %s", cfg.Width, cfg.Height, format, tt.format)
			}
			if _, err := ReadEXIF(bytes.NewReader(out), int64(len(out))); !errors.Is(err, ErrNoEXIF) {
				t.Errorf("ReadEXIF of Strip output: error = %v, want ErrNoEXIF", err)
			}
		})
	}
}

// TestStripAppliesOrientation checks that the red top-left quarter of a
// 32×16 photo ends up where a viewer honouring the orientation would show it.
func TestStripAppliesOrientation(t *testing.T) {
	le := binary.LittleEndian
	tests := []struct {
		orientation  int
		wantW, wantH int
		redX, redY   int // a point in the quarter that must be red
	}{
		{1, 32, 16, 8, 4},
		{2, 32, 16, 24, 4},
		{3, 32, 16, 24, 12},
		{4, 32, 16, 8, 12},
		{5, 16, 32, 4, 8},
		{6, 16, 32, 12, 8},
		{7, 16, 32, 12, 24},
		{8, 16, 32, 4, 24},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.orientation), func(t *testing.T) {
			bl := buildTIFF(le, []tag{shortTag(le, tagOrientation, uint16(tt.orientation))}, nil, nil)
			for _, in := range [][]byte{
				withSegments(plainJPEG(t, 32, 16), exifSegment(bl.b)),
				withChunks(plainPNG(t, 32, 16), chunk("eXIf", bl.b)),
			} {
				out, err := Strip(bytes.NewReader(in), 1<<20)
				if err != nil {
					t.Fatalf("Strip: %v", err)
				}
				img, _, err := image.Decode(bytes.NewReader(out))
				if err != nil {
					t.Fatalf("decoding Strip output: %v", err)
				}
				if b := img.Bounds(); b.Dx() != tt.wantW || b.Dy() != tt.wantH {
					t.Fatalf("Strip output is %d×%d, want %d×%d", b.Dx(), b.Dy(), tt.wantW, tt.wantH)
				}
				red := func(x, y int) bool {
					r, _, b, _ := img.At(x, y).RGBA()
					return r > 0xC000 && b < 0x4000
				}
				// The point diagonally opposite lies in a blue quarter.
				if !red(tt.redX, tt.redY) || red(tt.wantW-1-tt.redX, tt.wantH-1-tt.redY) {
					t.Errorf("orientation %d: red quarter not at (%d, %d)", tt.orientation, tt.redX, tt.redY)
				}
			}
		})
	}
}

func TestStripRefuses(t *testing.T) {
	// Headers claiming 65535×65535 pixels over a few bytes of data: the
	// dimension check must come before any decoding.
	bombJPEG := plainJPEG(t, 8, 8)
	sof := bytes.Index(bombJPEG, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(bombJPEG[sof+5:], 0xFFFF)
	binary.BigEndian.PutUint16(bombJPEG[sof+7:], 0xFFFF)
	bombPNG := plainPNG(t, 8, 8)
	ihdr := append(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 100_000), 100_000), 8, 2, 0, 0, 0)
	copy(bombPNG[8:], chunk("IHDR", ihdr))

	truncated := plainJPEG(t, 64, 64)
	truncated = truncated[:bytes.Index(truncated, []byte{0xFF, 0xDA})+40]

	tests := []struct {
		name      string
		in        io.Reader
		maxPixels int
		want      error
		msg       string
	}{
		{"JPEG decompression bomb", bytes.NewReader(bombJPEG), 1 << 24, ErrTooLarge, "65535×65535 pixels exceeds the limit"},
		{"PNG decompression bomb", bytes.NewReader(bombPNG), 1 << 24, ErrTooLarge, "100000×100000 pixels"},
		{"progressive scan bomb", bytes.NewReader(progressiveJPEG(4096, 5000)), 1 << 24, ErrTooLarge, "scans"},
		{"one pixel over", bytes.NewReader(plainJPEG(t, 10, 10)), 99, ErrTooLarge, "10×10"},
		{"input over MaxStripBytes", io.LimitReader(zeros{}, MaxStripBytes+1), 1 << 24, ErrTooLarge, "bytes"},
		{"GIF", strings.NewReader("GIF89a\x01\x00\x01\x00"), 1 << 24, ErrUnsupported, "GIF"},
		{"HEIC", strings.NewReader("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), 1 << 24, ErrUnsupported, "HEIC"},
		{"empty", strings.NewReader(""), 1 << 24, ErrMalformed, "empty"},
		{"JPEG header only", strings.NewReader("\xff\xd8\xff\xd9"), 1 << 24, ErrMalformed, "image header"},
		{"truncated JPEG data", bytes.NewReader(truncated), 1 << 24, ErrMalformed, "image data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			out, err := Strip(tt.in, tt.maxPixels)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Strip error = %v, want %v mentioning %q", err, tt.want, tt.msg)
			}
			if out != nil {
				t.Errorf("Strip returned %d bytes with an error", len(out))
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Strip took %v to refuse", d)
			}
		})
	}
	if _, err := Strip(bytes.NewReader(plainJPEG(t, 8, 8)), 0); err == nil {
		t.Error("Strip with maxPixels 0: no error")
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestStripKeepsSixteenBitPNG checks that a deep PNG that must be turned
// stays deep.
func TestStripKeepsSixteenBitPNG(t *testing.T) {
	img := image.NewNRGBA64(image.Rect(0, 0, 4, 2))
	img.Set(0, 0, color.NRGBA64{R: 0x1234, A: 0xFFFF})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	in := withChunks(buf.Bytes(), chunk("eXIf", buildTIFF(le, []tag{shortTag(le, tagOrientation, 6)}, nil, nil).b))
	out, err := Strip(bytes.NewReader(in), 100)
	if err != nil {
		t.Fatalf("Strip: %v", err)
	}
	got, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, _, _ := got.At(1, 0).RGBA(); r != 0x1234 || got.Bounds().Dx() != 2 {
		t.Errorf("turned pixel red = %#x in a %v image, want 0x1234 at (1, 0) of 2×4", r, got.Bounds())
	}
}

func FuzzStrip(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Strip(bytes.NewReader(in), 1<<16)
		if err != nil {
			if out != nil {
				t.Fatalf("Strip returned output with error %v", err)
			}
			return
		}
		if _, err := ReadEXIF(bytes.NewReader(out), int64(len(out))); !errors.Is(err, ErrNoEXIF) {
			t.Fatalf("ReadEXIF of Strip output: %v, want ErrNoEXIF", err)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("Strip output does not decode: %v", err)
		}
		if cfg.Width*cfg.Height > 1<<16 {
			t.Fatalf("Strip output is %d×%d, over the pixel limit", cfg.Width, cfg.Height)
		}
	})
}

// TestSeedCorpus keeps testdata/fuzz in step with fuzzSeeds; run with
// -update to rewrite it.
func TestSeedCorpus(t *testing.T) {
	for _, target := range []string{"FuzzReadEXIF", "FuzzStrip"} {
		dir := filepath.Join("testdata", "fuzz", target)
		for name, seed := range fuzzSeeds(t) {
			path := filepath.Join(dir, "seed-"+name)
			want := "go test fuzz v1\n[]byte(" + strconv.Quote(string(seed)) + ")\n"
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("seed %s missing (run go test -run TestSeedCorpus -update): %v", path, err)
			}
		}
	}
}

func TestJPEGScans(t *testing.T) {
	jpg := plainJPEG(t, 16, 16)
	sos := bytes.Index(jpg, []byte{0xFF, 0xDA})
	head, scan, eoi := jpg[:sos], jpg[sos:len(jpg)-2], jpg[len(jpg)-2:]
	many := func(n int) []byte {
		return append(append(bytes.Clone(head), bytes.Repeat(scan, n)...), eoi...)
	}
	tests := []struct {
		name string
		in   []byte
		want int
	}{
		{"baseline", jpg, 1},
		{"three scans", many(3), 3},
		{"stops counting", many(100), maxScans + 1},
		{"stuffed bytes, restarts and fill bytes", []byte("\xff\xd8\xff\xda\x00\x02\x12\xff\x00\x34\xff\xd0\x56\xff\xff\xda\x00\x02\x78\xff\xd9"), 2},
		{"truncated", []byte("\xff\xd8\xff\xda\x00"), 0},
		{"garbage", []byte("\xff\xd8garbage"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jpegScans(tt.in, maxScans+1); got != tt.want {
				t.Errorf("jpegScans = %d, want %d", got, tt.want)
			}
		})
	}
	if _, err := Strip(bytes.NewReader(progressiveJPEG(64, maxScans-1)), 1<<20); err != nil {
		t.Errorf("Strip of a progressive JPEG of %d scans: %v", maxScans, err)
	}
	if _, err := Strip(bytes.NewReader(many(maxScans+1)), 1<<20); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "scans") {
		t.Errorf("Strip of a JPEG of %d scans: error = %v, want ErrTooLarge about scans", maxScans+1, err)
	}
}
