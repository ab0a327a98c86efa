package web

import (
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/profile"
)

func TestSurgeryTime(t *testing.T) {
	weekdays := profile.Hours{"monday": "08:00-18:30", "tuesday": "08:00-18:30", "wednesday": "08:00-18:30",
		"thursday": "08:00-18:30", "friday": "08:00-18:30"}
	at := func(day, hh, mm int) time.Time { return time.Date(2026, 11, day, hh, mm, 0, 0, london) } // 23 Nov 2026 is a Monday
	tests := []struct {
		name     string
		h        profile.Hours
		from, to time.Time
		want     time.Duration
	}{
		{"within a morning", weekdays, at(23, 9, 0), at(23, 11, 30), 150 * time.Minute},
		{"arrived before opening", weekdays, at(23, 6, 0), at(23, 9, 0), time.Hour},
		{"overnight counts only open hours", weekdays, at(23, 18, 0), at(24, 8, 30), time.Hour},
		{"over the weekend", weekdays, at(27, 18, 0), at(30, 9, 0), 90 * time.Minute}, // Fri 18:00 to Mon 09:00
		{"a whole closed Saturday", weekdays, at(28, 0, 0), at(29, 0, 0), 0},
		{"no hours: wall clock", nil, at(28, 0, 0), at(28, 3, 0), 3 * time.Hour},
		{"backwards", weekdays, at(24, 9, 0), at(23, 9, 0), 0},
		{"unreadable day counts closed", profile.Hours{"monday": "soon"}, at(23, 9, 0), at(23, 10, 0), 0},
	}
	for _, tt := range tests {
		if got := surgeryTime(tt.h, tt.from, tt.to, london); got != tt.want {
			t.Errorf("%s: surgeryTime = %v, want %v", tt.name, got, tt.want)
		}
	}
}
