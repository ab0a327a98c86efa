// Package media reads the little photo metadata moderation needs (where,
// when, which camera) and strips all metadata from images before they are
// stored or forwarded.
//
// Every function here treats its input as hostile: reads are bounded, the
// EXIF walk has hard caps, and nothing allocates in proportion to a count an
// attacker wrote. Clause 5 of the guidance (no photos of staff or of other
// patients in the surgery) is the reason the metadata is read at all; it is a
// signal for the human review queue, never a verdict.
package media

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Errors the package returns, wrapped with what went wrong. Test with
// errors.Is.
var (
	// ErrNoEXIF means the image was read and carries no metadata we use.
	ErrNoEXIF = errors.New("no photo metadata")
	// ErrMalformed means the image or its metadata breaks the format.
	ErrMalformed = errors.New("malformed image file")
	// ErrUnsupported means a format we do not parse (HEIC, AVIF, WebP,
	// TIFF or unrecognised bytes); it may still carry metadata.
	ErrUnsupported = errors.New("unsupported image format")
	// ErrTooLarge means the input or its decoded size exceeds a limit.
	ErrTooLarge = errors.New("image too large")
)

// Meta is the photo metadata moderation uses. Zero fields were absent or
// unusable in the file.
//
// Meta's String, GoString and LogValue never show the coordinates, so a Meta
// that reaches a log does not reveal where a patient was.
type Meta struct {
	// HasGPS reports whether Lat and Lon hold a usable position.
	HasGPS bool
	// Lat and Lon are decimal degrees, negative to the south and west.
	Lat, Lon float64
	// Taken is DateTimeOriginal as the camera's clock showed it. EXIF
	// records no zone, so the location is UTC by convention only.
	Taken time.Time
	// Make and Model name the camera; printable text, at most maxText bytes.
	Make, Model string
	// Orientation is the EXIF orientation, 1 to 8, or 0 if absent.
	Orientation int
}

// String describes m without its coordinates.
func (m Meta) String() string {
	gps := "no"
	if m.HasGPS {
		gps = "yes (redacted)"
	}
	taken := "unknown"
	if !m.Taken.IsZero() {
		taken = m.Taken.Format(time.DateTime)
	}
	return fmt.Sprintf("gps=%s taken=%s make=%q model=%q orientation=%d", gps, taken, m.Make, m.Model, m.Orientation)
}

// GoString is String, so %#v does not reveal the coordinates either.
func (m Meta) GoString() string { return "media.Meta{" + m.String() + "}" }

// LogValue logs m without its coordinates.
func (m Meta) LogValue() slog.Value {
	attrs := []slog.Attr{slog.Bool("gps", m.HasGPS)}
	if !m.Taken.IsZero() {
		attrs = append(attrs, slog.String("taken", m.Taken.Format(time.DateTime)))
	}
	if m.Make != "" {
		attrs = append(attrs, slog.String("make", m.Make))
	}
	if m.Model != "" {
		attrs = append(attrs, slog.String("model", m.Model))
	}
	if m.Orientation != 0 {
		attrs = append(attrs, slog.Int("orientation", m.Orientation))
	}
	return slog.GroupValue(attrs...)
}

var _ slog.LogValuer = Meta{}
