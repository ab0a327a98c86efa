package media

import (
	"fmt"
	"math"
	"strings"
)

// Location is a point in decimal degrees, such as the practice's address.
type Location struct{ Lat, Lon float64 }

// Signal describes in plain words what m suggests, for the review queue,
// for example `taken 40 m from the practice on 21 Nov 2026 at 08:40;
// camera "Apple iPhone 15"`. practice may be nil when the profile has no
// location. The text holds a rounded distance and never the coordinates, so
// it may be logged and shown to staff.
func Signal(m Meta, practice *Location) string {
	var where, when string
	if m.HasGPS {
		where = " at a recorded GPS position"
		if practice != nil {
			if d := distanceM(m.Lat, m.Lon, practice.Lat, practice.Lon); !math.IsNaN(d) {
				where = " " + distanceWords(d)
			}
		}
	}
	if !m.Taken.IsZero() {
		when = m.Taken.Format(" on 2 Jan 2006 at 15:04")
	}
	var parts []string
	if where != "" || when != "" {
		parts = append(parts, "taken"+where+when)
	}
	if camera := cameraName(m); camera != "" {
		parts = append(parts, fmt.Sprintf("camera %q", camera))
	}
	if len(parts) == 0 {
		return "no location, date or camera in the photo's metadata"
	}
	return strings.Join(parts, "; ")
}

// distanceWords rounds d (metres) as a person would say it; the coarser the
// farther, which also keeps the text from pinning down a position.
func distanceWords(d float64) string {
	switch {
	case d < 10:
		return "within 10 m of the practice"
	case d < 995:
		return fmt.Sprintf("%.0f m from the practice", math.Round(d/10)*10)
	case d < 9950:
		return fmt.Sprintf("%.1f km from the practice", d/1000)
	}
	return fmt.Sprintf("%.0f km from the practice", d/1000)
}

// cameraName joins Make and Model, dropping the make when the model
// already starts with it ("Canon" "Canon EOS R5").
func cameraName(m Meta) string {
	if m.Make != "" && strings.HasPrefix(strings.ToLower(m.Model), strings.ToLower(m.Make)) {
		return m.Model
	}
	return strings.TrimSpace(m.Make + " " + m.Model)
}
