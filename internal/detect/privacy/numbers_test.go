package privacy

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

func TestNHSValid(t *testing.T) {
	tests := []struct {
		name, digits string
		want         bool
	}{
		{"valid", "9434765919", true},
		{"valid from dev set", "7668457771", true},
		{"wrong check digit", "9434765918", false},
		{"check digit would be 10", "7307352968", false},
		{"too short", "943476591", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nhsValid([]byte(tt.digits)); got != tt.want {
				t.Errorf("nhsValid(%q) = %v, want %v", tt.digits, got, tt.want)
			}
		})
	}
}

func TestIsUKPhone(t *testing.T) {
	tests := []struct {
		name, digits string
		want         bool
	}{
		{"mobile", "07700900277", true},
		{"landline", "01134960321", true},
		{"+44 without 0", "447700900019", true},
		{"+44 (0)", "4407700900019", true},
		{"0044", "00447700900019", true},
		{"ten digits", "7700900019", false},
		{"Samaritans", "116123", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isUKPhone([]byte(tt.digits), false); got != tt.want {
				t.Errorf("isUKPhone(%q) = %v, want %v", tt.digits, got, tt.want)
			}
		})
	}
}

func TestPostcodeHalves(t *testing.T) {
	a := newAreaTable()
	tests := []struct {
		name, out, in string
		want          bool
	}{
		{"one letter area", "s36", "9ab", true},
		{"two letter area", "dn15", "7qt", true},
		{"letter in district", "sw1a", "1aa", true},
		{"unknown area", "qq1", "1aa", false},
		{"bad inward letter", "s36", "9ci", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.outward([]byte(tt.out)) && inward([]byte(tt.in)); got != tt.want {
				t.Errorf("postcode %s %s = %v, want %v", tt.out, tt.in, got, tt.want)
			}
		})
	}
}

func TestFindNumbers(t *testing.T) {
	f := New(testPractice())
	tests := []struct {
		name string
		text string
		want []uint8
	}{
		{"spaced NHS", "943 476 5919", []uint8{pNHS}},
		{"dashed NHS", "943-476-5919", []uint8{pNHS}},
		{"dotted NHS", "943.476.5919", []uint8{pNHS}},
		{"unbroken NHS", "9434765919", []uint8{pNHS}},
		{"failing NHS", "943 476 5918", nil},
		{"4-3-3 is not an NHS grouping", "9434 765 919", nil},
		{"+44 mobile that passes mod 11", "+44 7700 900019", []uint8{pPhone}},
		{"+44 unbroken", "+447700900019", []uint8{pPhone}},
		{"slashed date", "14/02/1941", []uint8{pDOB}},
		{"dotted date", "22.09.1970", []uint8{pDOB}},
		{"dashed date", "30-11-2004", []uint8{pDOB}},
		{"written date", "born 5th June 2019", []uint8{pDOB}},
		{"date without year", "on the 3rd of June", nil},
		{"postcode", "S36 9AB", []uint8{pPostcode}},
		{"postcode lower case", "s35 4re", []uint8{pPostcode}},
		{"postcode unspaced", "hd80jy", []uint8{pPostcode}},
		{"address", "4 Hollin Close", []uint8{pAddress}},
		{"flat address", "Flat 3, 21 Hope Street", []uint8{pAddress}},
		{"time is not an address", "at 10 outside the surgery", nil},
		{"email", "liam.mcbride88@outlook.com", []uint8{pEmail}},
		{"handle is not an email", "@helen.carter.fx", nil},
		{"spelled email", "aishab91 at hotmail dot co dot uk", []uint8{pEmail}},
		{"hospital number", "hospital number K1234567", []uint8{pHospital}},
		{"price", "£25 for appointments", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := textnorm.New(tt.text)
			s := &scratch{}
			s.reset(len(d.Words))
			f.classify(&detect.Input{Doc: d}, s)
			f.findNumbers(d, s)
			var got []uint8
			for _, it := range s.pii {
				got = append(got, it.kind)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("%q: kinds %v, want %v", tt.text, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("%q: kinds %v, want %v", tt.text, got, tt.want)
				}
			}
		})
	}
}
