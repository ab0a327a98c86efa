package media

import (
	"math"
	"testing"
)

func TestNear(t *testing.T) {
	practice := Location{Lat: 51.5072, Lon: -0.1276}
	at := func(lat, lon float64) Meta { return Meta{HasGPS: true, Lat: lat, Lon: lon} }
	tests := []struct {
		name    string
		m       Meta
		radiusM float64
		want    bool
	}{
		{"same point", at(51.5072, -0.1276), 0, true},
		{"about 40 m north, radius 50", at(51.50756, -0.1276), 50, true},
		{"about 40 m north, radius 30", at(51.50756, -0.1276), 30, false},
		{"about 70 m east, radius 100", at(51.5072, -0.1266), 100, true},
		{"Paris, radius 100 km", at(48.8566, 2.3522), 100_000, false},
		{"Paris, radius 400 km", at(48.8566, 2.3522), 400_000, true},
		{"across the antimeridian", at(51.5072, 179.9999), 1000, false},
		{"no GPS", Meta{Lat: 51.5072, Lon: -0.1276}, 1000, false},
		{"NaN position", at(math.NaN(), 0), 1e9, false},
		{"infinite position", at(math.Inf(1), 0), math.Inf(1), false},
		{"NaN radius", at(51.5072, -0.1276), math.NaN(), false},
		{"negative radius", at(51.5072, -0.1276), -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Near(tt.m, practice.Lat, practice.Lon, tt.radiusM); got != tt.want {
				t.Errorf("Near = %v, want %v (distance %.1f m)", got, tt.want, distanceM(tt.m.Lat, tt.m.Lon, practice.Lat, practice.Lon))
			}
		})
	}
}

func TestDistanceM(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tolerance        float64
	}{
		{"London to Paris", 51.5072, -0.1276, 48.8566, 2.3522, 343_500, 1000},
		{"a degree of latitude", 0, 0, 1, 0, 111_195, 10},
		{"antipodes", 0, 0, 0, 180, math.Pi * earthRadiusM, 1},
		{"across the antimeridian", 0, 179.5, 0, -179.5, 111_195, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := distanceM(tt.lat1, tt.lon1, tt.lat2, tt.lon2); math.Abs(got-tt.want) > tt.tolerance {
				t.Errorf("distanceM = %.0f, want %.0f ± %.0f", got, tt.want, tt.tolerance)
			}
		})
	}
}
