package media

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestMetaNeverPrintsCoordinates checks every way a Meta commonly reaches a
// log: fmt verbs and slog.
func TestMetaNeverPrintsCoordinates(t *testing.T) {
	m := Meta{
		HasGPS: true, Lat: 51.507234, Lon: -0.127612,
		Taken: time.Date(2026, 11, 21, 8, 40, 0, 0, time.UTC), Make: "Apple", Model: "iPhone 15", Orientation: 6,
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("photo", "meta", m)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("photo", "meta", m)
	outputs := map[string]string{
		"%v":    fmt.Sprintf("%v", m),
		"%+v":   fmt.Sprintf("%+v", m),
		"%#v":   fmt.Sprintf("%#v", m),
		"slice": fmt.Sprintf("%v", []Meta{m}),
		"slog":  logged.String(),
	}
	for verb, out := range outputs {
		for _, secret := range []string{"51.5", "0.127", "507234", "127612"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s output %q contains %q", verb, out, secret)
			}
		}
		if !strings.Contains(out, "iPhone 15") {
			t.Errorf("%s output %q lost the model", verb, out)
		}
	}
}

func TestMetaString(t *testing.T) {
	tests := []struct {
		name string
		m    Meta
		want string
	}{
		{"zero", Meta{}, `gps=no taken=unknown make="" model="" orientation=0`},
		{"full", Meta{HasGPS: true, Lat: 1, Lon: 2, Taken: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Make: "A", Model: "B", Orientation: 1},
			`gps=yes (redacted) taken=2026-01-02 03:04:05 make="A" model="B" orientation=1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.String(); got != tt.want {
				t.Errorf("String = %q, want %q", got, tt.want)
			}
		})
	}
}
