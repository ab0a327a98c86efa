package privacy

import (
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// testPractice is a fictional practice, different from the development set's,
// so that the rules are tested away from the posts they were written against.
func testPractice() moderation.Practice {
	return moderation.Practice{
		Name:    "Elm Tree Medical Centre",
		Aliases: []string{"Elm Tree"},
		Staff: []moderation.StaffMember{
			{Name: "Nadia Haddad", Title: "Dr", Role: "GP Partner", Aliases: []string{"Dr Nadia", "Dr H"}},
			{Name: "Sam Green", Title: "Dr", Role: "Salaried GP", Aliases: []string{"Dr Sam", "Dr Green"}},
			{Name: "Ben Ashworth", Title: "Dr", Role: "GP Registrar", Aliases: []string{"Dr Ben"}},
			{Name: "Faith Adeyemi", Title: "Nurse", Role: "Practice Nurse", Aliases: []string{"Nurse Faith"}},
			{Name: "Dean Marsh", Role: "Receptionist", Aliases: []string{"Dean"}},
			{Name: "Lily Webb", Role: "Receptionist", Aliases: []string{"Lily"}},
			{Name: "Carol Price", Role: "Practice Manager, the only one", Aliases: []string{"Carol"}},
			{Name: "Ray Fields", Role: "Paramedic (the practice's only paramedic)", Aliases: []string{"Ray"}},
			{Name: "Kasia Nowicka", Role: "Phlebotomist", Aliases: []string{"Kasia"}},
		},
		Phones:  []string{"0161 496 0999"},
		Emails:  []string{"reception@elmtree.example"},
		Handles: []string{"@ElmTreeMC"},
		Domains: []string{"elmtree.example"},
	}
}

type privacyCase struct {
	name    string
	text    string
	staff   bool   // want staff_identified
	patient bool   // want patient_info
	reason  string // a finding's reason must contain this, when set
}

func runCases(t *testing.T, f *Family, tests []privacyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := judge(f, tt.text)
			got := moderation.Labels(fs)
			if got.Has(moderation.StaffIdentified) != tt.staff || got.Has(moderation.PatientInfo) != tt.patient {
				t.Errorf("%q: staff=%v patient=%v, want staff=%v patient=%v; findings:\n%s",
					tt.text, got.Has(moderation.StaffIdentified), got.Has(moderation.PatientInfo), tt.staff, tt.patient, describe(tt.text, fs))
			}
			if tt.reason != "" {
				found := false
				for _, fd := range fs {
					if strings.Contains(fd.Reason, tt.reason) {
						found = true
					}
				}
				if !found {
					t.Errorf("%q: no finding's reason contains %q; findings:\n%s", tt.text, tt.reason, describe(tt.text, fs))
				}
			}
		})
	}
}

func describe(text string, fs []moderation.Finding) string {
	var b strings.Builder
	for _, fd := range fs {
		b.WriteString("  " + string(fd.Category) + " " + text[fd.Start:fd.End] + ": " + fd.Reason + "\n")
	}
	return b.String()
}

func TestStaffIdentified(t *testing.T) {
	f := New(testPractice())
	runCases(t, f, []privacyCase{
		{name: "title and surname", text: "Dr Haddad was brilliant with my son", staff: true, reason: "GP Partner"},
		{name: "title and surname lower case", text: "dr haddad is the best gp ive ever had", staff: true},
		{name: "misspelt surname", text: "Dr Hadad sorted my referral in a day", staff: true, reason: "spelt differently"},
		{name: "misspelt first name before the surname", text: "Saw Nadya Haddad yesterday, she was lovely", staff: true, reason: "spelt differently"},
		{name: "misspelt surname alone", text: "Thanks again for this morning Nowika, you were so kind", staff: true, reason: "spelt differently"},
		{name: "misspelt full name", text: "Carol Prise never answers complaints", staff: true},
		{name: "title alias", text: "Thank you Dr H for listening", staff: true},
		{name: "title and first name possessive", text: "Dr Nadia's so kind with the kids", staff: true},
		{name: "ordinary surname with title", text: "Dr Green is an absolute legend", staff: true},
		{name: "ordinary surname without title", text: "Green Lane car park is full again", staff: false},
		{name: "ordinary surname in a phrase", text: "Please put the green bins out on Tuesday", staff: false},
		{name: "full name", text: "Carol Price ignored my complaint for weeks", staff: true},
		{name: "word name at sentence start as subject", text: "Ray came out to see my dad yesterday, such a nice man", staff: true},
		{name: "word name as word", text: "Ray of sunshine this morning, thanks all", staff: false},
		{name: "nurse by title and first name", text: "Nurse Faith did my smear, so gentle", staff: true},
		{name: "word name thanked", text: "Thank you Faith for the jab, didn't feel a thing", staff: true},
		{name: "word name as noun", text: "I have faith in this surgery again", staff: false},
		{name: "word name idiom", text: "Keep the faith everyone, the phones will get better", staff: false},
		{name: "word name other person", text: "Faith Hill concert was amazing last night", staff: false},
		{name: "first name on reception", text: "Dean on reception was so rude to my mum", staff: true},
		{name: "first name lower case word", text: "The dean of the medical school came to the PPG", staff: false},
		{name: "first name mid sentence", text: "Spoke to Carol about my complaint and she sorted it", staff: true},
		{name: "first name as word at start", text: "Carol singing at the church on Sunday, all welcome", staff: false},
		{name: "unusual first name at start", text: "Kasia took my bloods, didn't feel a thing", staff: true},
		{name: "unusual first name mid sentence", text: "Asked for Kasia but got someone else", staff: true},
		{name: "unique role", text: "the practice manager never replies to emails", staff: true},
		{name: "unique role said only in role text", text: "The paramedic came out to see my nan, lovely chap", staff: true},
		{name: "shared role plain", text: "the receptionist was rude to me", staff: false},
		{name: "shared role plural", text: "The receptionists are lovely here", staff: false},
		{name: "shared role with description", text: "the receptionist with the tattoos was really helpful", staff: true},
		{name: "shared role with time", text: "whoever the receptionist was at 8.15 this morning needs training", staff: true},
		{name: "shared role new", text: "the new doctor is lovely", staff: true},
		{name: "group", text: "The doctors here are fab", staff: false},
		{name: "staff generally", text: "Thanks to all the staff at Elm Tree", staff: false},
		{name: "whoever on the phones", text: "Whoever's on the phones today, please ring me back", staff: false},
		{name: "other doctor full name", text: "Dr Nadia Smith at the hospital was great", staff: false},
		{name: "teacher with staff surname", text: "Her teacher Mrs Price at St Anne's set the project", staff: false},
		{name: "role elsewhere", text: "the pharmacist at Boots said to ask you", staff: false},
		{name: "relative sharing a name", text: "My daughter Lily has a rash, can I bring her in", staff: false},
		{name: "flower", text: "Lovely lily display in the waiting room", staff: false},
		{name: "price of prescriptions", text: "Price of prescriptions has gone up again", staff: false},
		{name: "marsh walk", text: "Walked across the marsh to get here, soaked", staff: false},
		{name: "place after word name", text: "Is the Dean Road entrance open?", staff: false},
		{name: "emoji before name", text: "😡😡 Dr Haddad 😡", staff: true},
		{name: "contracted word name", text: "Dean's a legend, sorted my repeat in minutes", staff: true},
		{name: "contracted word name idiom", text: "Dean's list of new students was published", staff: false},
		{name: "all capitals", text: "DR HADDAD IS USELESS", staff: true},
		{name: "all capitals word name", text: "RAY OF LIGHT IN A DARK YEAR", staff: false},
		{name: "lower-case title before word name", text: "any doctor will do, I just need to be seen", staff: false},
		{name: "abbreviated title lower case", text: "Saw dr green this morning, he was great", staff: true},
		{name: "full name as business", text: "Carol Price Hair Studio is opening next door", staff: false},
		{name: "full name then street", text: "Is Dean Marsh Lane the way to the surgery?", staff: false},
		{name: "word surname with staff context", text: "Marsh on reception was rude again", staff: true},
		{name: "person on reception described", text: "The lady on reception with the nose ring was brilliant", staff: true},
		{name: "person on reception", text: "The lady on reception was brilliant", staff: false},
		{name: "whoever with a time to the minute", text: "whoever answered the phone at 8.05 this morning was so rude", staff: true},
		{name: "whoever on the phones", text: "Whoever's on the phones this morning, you're all stars", staff: false},
		{name: "your role described", text: "your receptionist with the pink hair was lovely", staff: true},
		{name: "your role generic", text: "Ask your pharmacist for advice first", staff: false},
		{name: "at the role is a place", text: "When you're at the paramedic station ask for directions", staff: false},
		{name: "user name", text: "RT @big_Ray_99 this is class", staff: false},
		{name: "word name after a reply handle", text: "@jo Ray of sunshine you are", staff: false},
		{name: "title and surname in a show's name", text: "Watching Mrs Price's Boys on telly in the waiting room", staff: false},
		{name: "miss as a verb", text: "I miss Faith already, best nurse ever", staff: true},
		{name: "doctor as a brand", text: "Dr Google says it's nothing", staff: false},
		{name: "unlisted staff on reception", text: "Jenny Lomax on reception was so rude to me", staff: true},
		{name: "unlisted staff by role", text: "Big thanks to receptionist Jenny for sorting it", staff: true},
		{name: "unlisted doctor by role", text: "Dr Smith the locum was brilliant", staff: true},
		{name: "unlisted person elsewhere", text: "Kevin Doyle from the garage fixed my car", staff: false},
		{name: "unusual name in lower case", text: "Had my bloods done with kasia on Monday. Painless!", staff: true},
		{name: "title after sentence with relative", text: "They lost my father. Dr Haddad never rang back.", staff: true},
	})
}

func TestOnlyHolder(t *testing.T) {
	tests := []struct {
		name    string
		role    string
		needles []string
		want    bool
	}{
		{"says only registrar", " gp registrar (started this year; the practice's only registrar) ", []string{"registrar"}, true},
		{"only one", " practice manager, the only one ", []string{"manager"}, true},
		{"only about another role", " gp registrar (the practice's only registrar) ", []string{"gp", "dr"}, false},
		{"no only", " receptionist ", []string{"reception"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := onlyHolder(tt.role, tt.needles); got != tt.want {
				t.Errorf("onlyHolder(%q, %q) = %v, want %v", tt.role, tt.needles, got, tt.want)
			}
		})
	}
}

func TestRoleDesc(t *testing.T) {
	tests := []struct {
		name, role, want string
	}{
		{"plain", "GP Partner", "a GP Partner at the practice"},
		{"vowel", "Advanced Nurse Practitioner", "an Advanced Nurse Practitioner at the practice"},
		{"parenthesis dropped", "Practice Manager (the practice's only practice manager)", "a Practice Manager at the practice"},
		{"empty", "", "a member of staff at the practice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := roleDesc(tt.role); got != tt.want {
				t.Errorf("roleDesc(%q) = %q, want %q", tt.role, got, tt.want)
			}
		})
	}
}

// New must accept any directory, however badly typed.
func TestNewOddDirectory(t *testing.T) {
	p := moderation.Practice{
		Name: "!!!",
		Staff: []moderation.StaffMember{
			{Name: "", Title: "Dr"},
			{Name: "!!!", Aliases: []string{"", "Dr", "@@"}},
			{Name: "Dr", Title: "Dr"},
			{Name: "Seán O'Brien", Title: "Nurse", Role: "Nurse (the only nurse)", Aliases: []string{"Nurse Seán"}},
		},
		Phones:  []string{"", "n/a"},
		Emails:  []string{"", "@"},
		Handles: []string{"@"},
	}
	f := New(p)
	fs := judge(f, "Nurse Sean was great, thanks to Seán O'Brien")
	if len(fs) == 0 {
		t.Errorf("no finding for a staff name with an accent and an apostrophe")
	}
}
