package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
)

// MaxStripBytes caps the encoded image Strip reads; phone photos are a few
// megabytes.
const MaxStripBytes = 32 << 20

// maxScans caps the scans of a JPEG Strip decodes. Encoders write 1
// (baseline) to about 12 (progressive); image/jpeg has no cap of its own, and
// each scan walks every block of the image, so a small file of thousands of
// nearly empty progressive scans would cost minutes of CPU (libjpeg-turbo's
// LJT-01-003).
const maxScans = 64

// stripQuality is the JPEG quality of Strip's output: visually lossless for
// review, and far smaller than 100.
const stripQuality = 90

// Strip returns the image in r re-encoded without any metadata: it decodes
// a JPEG or PNG with the standard library and encodes the pixels again in
// the same format, so EXIF, XMP, ICC, comments and text chunks are all gone.
// The EXIF orientation is applied to the pixels first, so the photo still
// shows the right way up once its orientation tag is gone.
//
// Strip reads at most MaxStripBytes and checks the dimensions in the header
// before decoding: an image of more than maxPixels pixels is refused with
// ErrTooLarge, so a small file cannot expand into gigabytes, and so is a JPEG
// of more than maxScans scans, so it cannot burn minutes of CPU. Memory is
// about 20 bytes per pixel at worst (a progressive four-component JPEG),
// plus 4 (8 for 16-bit PNG) when an orientation is applied.
// Errors wrap ErrTooLarge, ErrMalformed or ErrUnsupported (formats other
// than JPEG and PNG).
func Strip(r io.Reader, maxPixels int) ([]byte, error) {
	if maxPixels <= 0 {
		return nil, fmt.Errorf("stripping metadata: maxPixels %d is not positive", maxPixels)
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxStripBytes+1))
	if err != nil {
		return nil, fmt.Errorf("stripping metadata: reading image: %w", err)
	}
	if len(data) > MaxStripBytes {
		return nil, fmt.Errorf("stripping metadata: %w: more than %d bytes", ErrTooLarge, MaxStripBytes)
	}
	format, err := sniff(data[:min(len(data), 12)])
	if errors.Is(err, ErrNoEXIF) { // GIF: no EXIF to read, but no encoder here either
		err = fmt.Errorf("%w: GIF", ErrUnsupported)
	}
	if err != nil {
		return nil, fmt.Errorf("stripping metadata: %w", err)
	}

	decodeConfig, decode := jpeg.DecodeConfig, jpeg.Decode
	if format == formatPNG {
		decodeConfig, decode = png.DecodeConfig, png.Decode
	}
	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("stripping metadata: %w: image header: %v", ErrMalformed, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("stripping metadata: %w: image of %d×%d pixels", ErrMalformed, cfg.Width, cfg.Height)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > int64(maxPixels) {
		return nil, fmt.Errorf("stripping metadata: %w: %d×%d pixels exceeds the limit of %d (possible decompression bomb)",
			ErrTooLarge, cfg.Width, cfg.Height, maxPixels)
	}
	if format == formatJPEG {
		if n := jpegScans(data, maxScans+1); n > maxScans {
			return nil, fmt.Errorf("stripping metadata: %w: JPEG of more than %d scans", ErrTooLarge, maxScans)
		}
	}
	img, err := decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("stripping metadata: %w: image data: %v", ErrMalformed, err)
	}
	// A broken EXIF block must not stop the strip: it is being removed.
	if meta, err := ReadEXIF(bytes.NewReader(data), int64(len(data))); err == nil && meta.Orientation > 1 {
		img = orient(img, meta.Orientation)
	}

	var out bytes.Buffer
	if format == formatPNG {
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: stripQuality})
	}
	if err != nil {
		return nil, fmt.Errorf("stripping metadata: encoding: %w", err)
	}
	return out.Bytes(), nil
}

// orient returns src turned as EXIF orientation o (2 to 8) says it should
// be shown, so the result needs no orientation tag.
func orient(src image.Image, o int) image.Image {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 { // the orientations that swap width and height
		dw, dh = h, w
	}
	// at maps a destination pixel to its source pixel.
	at := func(x, y int) (int, int) {
		switch o {
		case 2:
			return w - 1 - x, y
		case 3:
			return w - 1 - x, h - 1 - y
		case 4:
			return x, h - 1 - y
		case 5:
			return y, x
		case 6:
			return y, h - 1 - x
		case 7:
			return w - 1 - y, h - 1 - x
		case 8:
			return w - 1 - y, x
		}
		return x, y
	}
	var dst interface {
		image.Image
		Set(x, y int, c color.Color)
	}
	switch src.ColorModel() {
	case color.RGBA64Model, color.NRGBA64Model, color.Gray16Model:
		dst = image.NewRGBA64(image.Rect(0, 0, dw, dh))
	default:
		dst = image.NewRGBA(image.Rect(0, 0, dw, dh))
	}
	for y := range dh {
		for x := range dw {
			sx, sy := at(x, y)
			dst.Set(x, y, src.At(b.Min.X+sx, b.Min.Y+sy))
		}
	}
	return dst
}

// jpegScans counts the SOS markers of a JPEG, stopping once it reaches
// stop. It walks the marker segments and scans the entropy-coded data for
// the next marker, so it is linear in len(data). A broken structure ends the
// count; the decoder reports it.
func jpegScans(data []byte, stop int) int {
	scans := 0
	i := 2 // after SOI
	for scans < stop && i+1 < len(data) {
		if data[i] != 0xFF {
			return scans
		}
		marker := data[i+1]
		i += 2
		switch {
		case marker == 0xFF: // fill byte: read the marker again
			i--
			continue
		case marker == 0xD9: // EOI
			return scans
		case marker >= 0xD0 && marker <= 0xD7 || marker == 0x01 || marker == 0xD8:
			continue
		}
		if i+1 >= len(data) {
			return scans
		}
		i += int(binary.BigEndian.Uint16(data[i:]))
		if marker != 0xDA {
			continue
		}
		scans++
		// Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte) or
		// RSTn inside the scan; any other marker ends it.
		for i+1 < len(data) && !(data[i] == 0xFF && data[i+1] != 0x00 && (data[i+1] < 0xD0 || data[i+1] > 0xD7)) {
			i++
		}
	}
	return scans
}
