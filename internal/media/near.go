package media

import "math"

// earthRadiusM is the mean Earth radius; haversine's error from treating
// the Earth as a sphere (under 0.5%) does not matter at a practice's scale.
const earthRadiusM = 6371008.8

// Near reports whether m has a GPS position within radiusM metres of the
// point lat, lon (decimal degrees). It is false when m has no position or
// any argument is not a finite number.
func Near(m Meta, lat, lon, radiusM float64) bool {
	if !m.HasGPS {
		return false
	}
	d := distanceM(m.Lat, m.Lon, lat, lon)
	return !math.IsNaN(d) && !math.IsNaN(radiusM) && d <= radiusM
}

// distanceM is the great-circle distance in metres by the haversine
// formula, NaN if any argument is NaN or infinite.
func distanceM(lat1, lon1, lat2, lon2 float64) float64 {
	for _, v := range [...]float64{lat1, lon1, lat2, lon2} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return math.NaN()
		}
	}
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusM * math.Asin(math.Sqrt(math.Min(1, h)))
}
