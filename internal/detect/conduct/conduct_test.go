package conduct

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// ashgrove is the fictional practice the table tests use (not the dev set's).
func ashgrove() moderation.Practice {
	return moderation.Practice{
		Name:    "Ashgrove Surgery",
		Aliases: []string{"Ashgrove"},
		Domains: []string{"ashgrove-surgery.example", "www.nhs.uk"},
		Emails:  []string{"hello@ashgrove-surgery.example"},
		Staff: []moderation.StaffMember{
			{Name: "Nadia Haddad", Title: "Dr", Role: "GP Partner", Aliases: []string{"Dr Haddad", "Dr Nadia"}},
			{Name: "Faith Adeyemi", Title: "Nurse", Role: "Practice Nurse", Aliases: []string{"Nurse Faith"}},
			{Name: "Dean Marsh", Role: "Receptionist", Aliases: []string{"Dean"}},
		},
	}
}

func newTestFamily(t testing.TB) *Family {
	t.Helper()
	f, err := New(ashgrove())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// judge returns the categories the family finds in text.
func judge(f *Family, text string) []moderation.Category {
	out := f.Detect(&detect.Input{Doc: textnorm.New(text)}, nil)
	var cs []moderation.Category
	for _, fd := range out {
		if !slices.Contains(cs, fd.Category) {
			cs = append(cs, fd.Category)
		}
	}
	slices.Sort(cs)
	return cs
}

func cats(cs ...moderation.Category) []moderation.Category {
	slices.Sort(cs)
	return cs
}

const (
	obs = moderation.Obscene
	har = moderation.Harassment
	def = moderation.Defamatory
	fra = moderation.Fraud
	mis = moderation.Misinformation
)

type tcase struct {
	name string
	text string
	want []moderation.Category
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	f := newTestFamily(t)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			out := f.Detect(&detect.Input{Doc: textnorm.New(tt.text)}, nil)
			got := judge(f, tt.text)
			if !slices.Equal(got, tt.want) {
				var rs []string
				for _, fd := range out {
					rs = append(rs, string(fd.Category)+": "+fd.Reason)
				}
				t.Errorf("Detect(%q) = %v, want %v\n%s", tt.text, got, tt.want, strings.Join(rs, "\n"))
			}
		})
	}
}

// Spans must point at the evidence in the original text, also when emoji
// and other multi-byte characters come before it.
func TestSpans(t *testing.T) {
	f := newTestFamily(t)
	tests := []struct {
		name string
		text string
		cat  moderation.Category
		want string
	}{
		{"emoji before", "😡😡 Dean is a w@nker", obs, "w@nker"},
		{"unicode before", "Café’s closed and Dean is a twat", obs, "twat"},
		{"fullwidth word", "ｆｕｃｋ this", obs, "ｆｕｃｋ"},
		{"spaced", "💀 F U C K this", obs, "F U C K"},
		{"threat", "🙄 I'll put a brick through your window", har, "put a brick through your window"},
		{"link", "🎉 claim at nhs-refunds.uk-claims.com today, your NHS refund is ready", fra, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := f.Detect(&detect.Input{Doc: textnorm.New(tt.text)}, nil)
			for _, fd := range out {
				if fd.Category != tt.cat {
					continue
				}
				if fd.Start < 0 || fd.End > len(tt.text) || fd.Start >= fd.End || !utf8.ValidString(tt.text[fd.Start:fd.End]) {
					t.Fatalf("span %d..%d is not a valid span of %q", fd.Start, fd.End, tt.text)
				}
				if got := tt.text[fd.Start:fd.End]; tt.want != "" && got != tt.want {
					t.Errorf("span = %q, want %q", got, tt.want)
				}
				if fd.Clause != tt.cat.Clause() || fd.Score <= 0 || fd.Score > 1 || fd.Reason == "" {
					t.Errorf("finding %+v lacks clause, score or reason", fd)
				}
				return
			}
			t.Errorf("no %s finding in %q", tt.cat, tt.text)
		})
	}
}

// Findings carry reasons a receptionist understands.
func TestReasons(t *testing.T) {
	f := newTestFamily(t)
	tests := []struct {
		text string
		cat  moderation.Category
		want string
	}{
		{"Why the f*ck is it shut", obs, "disguised swearing: 'f*ck'"},
		{"I'll put a brick through your window", har, "threat of violence: 'put a brick through your window'"},
		{"Dr Haddad was drunk at work", def, "states as fact that Dr Haddad was drunk at work"},
		{"Selling oxycodone, no prescription needed, DM me", fra, "offers prescription-only medicines for sale"},
		{"The flu jab gives you the flu", mis, "states a health myth as fact"},
	}
	for _, tt := range tests {
		out := f.Detect(&detect.Input{Doc: textnorm.New(tt.text)}, nil)
		found := false
		for _, fd := range out {
			if fd.Category == tt.cat {
				found = true
				if !strings.Contains(fd.Reason, tt.want) {
					t.Errorf("%q: reason %q, want it to contain %q", tt.text, fd.Reason, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("%q: no %s finding", tt.text, tt.cat)
		}
	}
}

// A staff_identified finding from the privacy family names the target.
func TestUsesPriorStaffFinding(t *testing.T) {
	f := newTestFamily(t)
	text := "The tall receptionist with the tattoo was pissed at work again"
	doc := textnorm.New(text)
	s := strings.Index(text, "The tall receptionist with the tattoo")
	prior := []moderation.Finding{{Category: moderation.StaffIdentified, Start: s, End: s + len("The tall receptionist with the tattoo")}}
	out := f.Detect(&detect.Input{Doc: doc}, prior)
	if len(out) < 2 || out[0] != prior[0] {
		t.Fatalf("Detect changed or dropped the prior finding: %+v", out)
	}
	var got string
	for _, fd := range out[1:] {
		if fd.Category == def {
			got = fd.Reason
		}
	}
	if !strings.Contains(got, "The tall receptionist with the tattoo") {
		t.Errorf("reason %q does not name the identified staff member", got)
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"", "f*ck", "F U C K", "😡 w@nker", "\xff\xfe", "I'll put a brick through your window",
		"Dr Hill was drunk", "bit.ly/x £5 txt WIN to 80082", "ｆｕｃｋ", "s.h.i.t.e", "**** *", "a*", "*a", "🍆💦😏", "..com@.",
		"The flu jab gives you flu?", "a b c d e f g", "£", "£1", "0 0 0 0 0 0 0 0 0 0"} {
		f.Add(s)
	}
	fam, err := New(ashgrove())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := fam.Detect(&detect.Input{Doc: textnorm.New(s)}, nil)
		for _, fd := range out {
			if fd.Start < 0 || fd.End > len(s) || fd.Start > fd.End {
				t.Fatalf("finding %+v out of bounds of %d bytes", fd, len(s))
			}
			if fd.Score <= 0 || fd.Score > 1 || !fd.Category.Valid() {
				t.Fatalf("bad finding %+v", fd)
			}
		}
	})
}

func textnormNew(s string) *textnorm.Doc { return textnorm.New(s) }

func benchInput(s string) *detect.Input { return &detect.Input{Doc: textnorm.New(s)} }
