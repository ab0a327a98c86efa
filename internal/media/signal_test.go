package media

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSignal(t *testing.T) {
	practice := &Location{Lat: 51.5072, Lon: -0.1276}
	taken := time.Date(2026, 11, 21, 8, 40, 12, 0, time.UTC)
	tests := []struct {
		name     string
		m        Meta
		practice *Location
		want     string
	}{
		{
			name:     "near the practice",
			m:        Meta{HasGPS: true, Lat: 51.50756, Lon: -0.1276, Taken: taken},
			practice: practice,
			want:     "taken 40 m from the practice on 21 Nov 2026 at 08:40",
		},
		{
			name:     "at the door",
			m:        Meta{HasGPS: true, Lat: 51.50721, Lon: -0.12761},
			practice: practice,
			want:     "taken within 10 m of the practice",
		},
		{
			name:     "a few kilometres away, with a camera",
			m:        Meta{HasGPS: true, Lat: 51.5372, Lon: -0.1276, Make: "Apple", Model: "iPhone 15"},
			practice: practice,
			want:     `taken 3.3 km from the practice; camera "Apple iPhone 15"`,
		},
		{
			name:     "far away",
			m:        Meta{HasGPS: true, Lat: 48.8566, Lon: 2.3522},
			practice: practice,
			want:     "taken 344 km from the practice",
		},
		{
			name: "no practice location",
			m:    Meta{HasGPS: true, Lat: 51.50756, Lon: -0.1276, Taken: taken},
			want: "taken at a recorded GPS position on 21 Nov 2026 at 08:40",
		},
		{
			name:     "date only",
			m:        Meta{Taken: taken},
			practice: practice,
			want:     "taken on 21 Nov 2026 at 08:40",
		},
		{
			name: "model repeats the make",
			m:    Meta{Make: "Canon", Model: "Canon EOS R5"},
			want: `camera "Canon EOS R5"`,
		},
		{
			name: "nothing",
			want: "no location, date or camera in the photo's metadata",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Signal(tt.m, tt.practice); got != tt.want {
				t.Errorf("Signal = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSignalNeverShowsCoordinates checks that no digits of the position
// reach the text, whatever the distance.
func TestSignalNeverShowsCoordinates(t *testing.T) {
	practice := &Location{Lat: 51.5072, Lon: -0.1276}
	for _, pos := range [][2]float64{{51.50756, -0.1276}, {53.4808, -2.2426}, {-33.8688, 151.2093}} {
		m := Meta{HasGPS: true, Lat: pos[0], Lon: pos[1]}
		for _, p := range []*Location{practice, nil} {
			got := Signal(m, p)
			for _, v := range pos {
				for _, s := range []string{fmt.Sprintf("%.2f", v), fmt.Sprintf("%.2f", -v)} {
					if strings.Contains(got, s) {
						t.Errorf("Signal(%v) = %q contains coordinate digits %q", pos, got, s)
					}
				}
			}
		}
	}
}
