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

func TestObscene(t *testing.T) {
	runCases(t, []tcase{
		{"plain swearing", "What a shit week, the phones were down again", cats(obs)},
		{"asterisk", "Why the f*ck is the car park shut", cats(obs)},
		{"v for u", "fvck this queue honestly", cats(obs)},
		{"leet digit", "sh1t service today", cats(obs)},
		{"bang for i", "sh!te phone system", cats(obs)},
		{"spaced out", "this is s h i t", cats(obs)},
		{"dotted", "what a load of s.h.i.t.e", cats(obs)},
		{"repeated letters", "fuuuuuck me that was quick, thanks Ashgrove", cats(obs)},
		{"fullwidth", "ｆｕｃｋ this", cats(obs)},
		{"cyrillic lookalikes", "ѕhіt service", cats(obs)},
		{"trailing stars", "what the f*** happened to my prescription", cats(obs)},
		{"bollocks", "Absolute bollocks that I need another blood test", cats(obs)},
		{"sexual emoji", "Fancy a bit of 🍆💦 tonight? 😏", cats(obs)},
		{"scunthorpe", "Moving from Scunthorpe next month, how do I register?", nil},
		{"penistone", "Is the Penistone clinic open on Saturday?", nil},
		{"clitheroe cockermouth", "My sister lives between Clitheroe and Cockermouth", nil},
		{"cocktail", "I'm on a cocktail of tablets now 😂", nil},
		{"assessment analysis", "My assessment went well and the analysis was clear", nil},
		{"dickens", "Reading Dickens in the waiting room passes the time", nil},
		{"dick whittington", "Taking the kids to see Dick Whittington at the theatre", nil},
		{"shiitake", "Are shiitake mushrooms good for your immune system?", nil},
		{"blue tit", "A blue tit is nesting by the front door 🐦", nil},
		{"great tits", "Lovely to see the great tits on the feeder outside reception", nil},
		{"finger prick", "Do I need a finger prick test or a full blood test?", nil},
		{"bloody and crap are mild", "Bloody hell the queue was long, crap weather too", nil},
		{"fag break", "Saw the builders on a fag break outside the surgery", nil},
		{"garden hoe", "Lost my garden hoe at the allotment, anyone seen it?", nil},
		{"cock up", "Bit of a cock up with my prescription but sorted now", nil},
		{"hancock", "Matt Hancock was health secretary back then", nil},
		{"arsenal", "Arsenal won again, the receptionist was happy", nil},
		{"essex sussex", "Moving to Essex from Sussex, do I need to re-register?", nil},
		{"therapist", "My therapist said to ask about a referral", nil},
		{"cumbria", "We're on holiday in Cumbria, can I get a temporary prescription?", nil},
		{"peach crumble", "Peach crumble at the PPG coffee morning was lovely 🍑", nil},
	})
}

func TestHarassment(t *testing.T) {
	runCases(t, []tcase{
		{"vulgar insult at staff", "Dean on reception is a complete wanker", cats(obs, har)},
		{"knobhead disguised", "kn0bhead receptionist strikes again", cats(obs, har)},
		{"bellend", "the GP today was a right bellend", cats(obs, har)},
		{"tosser", "what a tosser that locum was", cats(obs, har)},
		{"clean insult aimed", "You useless cow, you hung up on me", cats(har)},
		{"insult the lot of them", "Pillocks the lot of them at that desk", cats(har)},
		{"idiots plural aimed", "Bunch of idiots running this place", cats(har)},
		{"self deprecation", "I felt like such an idiot when I went on the wrong day", nil},
		{"cow's milk", "Is cow's milk ok for a 1 year old or should we use formula?", nil},
		{"cows milk no apostrophe", "My son is allergic to cows milk, can we get a referral?", nil},
		{"witch hazel", "Is witch hazel any good for bruises?", nil},
		{"threat brick", "Sort my prescription or I'll put a brick through your window", cats(har)},
		{"threat burn", "Keep this up and I'll burn the surgery down", cats(har)},
		{"threat watch back", "Whoever cancelled my appointment, watch your back", cats(har)},
		{"threat wait after work", "I'm going to wait for her after work and tell her what I think", cats(har)},
		{"threat know where", "I know where the practice manager lives", cats(har)},
		{"threat stab", "I'll stab the next receptionist who tells me to ring at 8", cats(har)},
		{"threat punch", "I'm going to punch that doctor if he fobs me off again", cats(har)},
		{"wish of harm", "Hope she gets hit by a car on her way home", cats(har)},
		{"deserves slap", "That receptionist needs a slap", cats(har)},
		{"idiom kill for", "I'd kill for an appointment this week 😩", nil},
		{"idiom murder butty", "Could murder a bacon butty after that fasting blood test", nil},
		{"idiom strangle husband", "I'm going to strangle my husband, he lost my repeat slip again 😂", nil},
		{"idiom killing me", "This back pain is killing me, any physio slots?", nil},
		{"idiom dying", "Dying for a coffee after the 8am scramble", nil},
		{"burn idiom", "I've got heartburn, can the pharmacist help?", nil},
		{"watch idiom", "Watch the step by the back door, it's icy", nil},
		{"waiting for results", "I'm waiting for my results after my scan", nil},
		{"hate send them back", "Too many immigrants clogging up the surgery, send them back", cats(har)},
		{"go back where she came from", "Dr Haddad should go back to where she came from", cats(har)},
		{"slur", "Full of pakis in that waiting room", cats(obs, har)},
		{"sexual at nurse", "Nurse Faith has a lovely bum 🍑😍", cats(obs, har)},
		{"send nudes", "Send nudes Dr Nadia 😘", cats(obs, har)},
		{"well fit", "That new receptionist is well fit 😏", cats(har, obs)},
		{"innocent fit", "Got my fit note sorted, thanks", nil},
		{"swearing at someone", "fuck you and your 8am rule", cats(obs, har)},
		{"stupid b!tch", "shut up you stupid b!tch", cats(obs, har)},
	})
}

func TestDefamatory(t *testing.T) {
	runCases(t, []tcase{
		{"drunk at work", "Dr Haddad was drunk at my appointment, slurring her words", cats(def)},
		{"smelt of alcohol", "The locum stank of booze this morning", cats(def)},
		{"theft", "Dean Marsh has been stealing money from the charity tin", cats(def)},
		{"drug dealing", "That nurse is dealing diazepam to her mates", cats(def)},
		{"bribery", "The partners are on the take from the private clinic", cats(def)},
		{"falsified records", "They changed my notes after I complained to cover themselves", cats(def)},
		{"binned complaints", "The practice manager bins every complaint so nobody sees them", cats(def)},
		{"negligence", "Nurse Faith gave my son the wrong vaccine and he ended up in hospital. Negligence.", cats(def)},
		{"discrimination", "Dr Haddad is a racist, she treats white patients worse", cats(def)},
		{"selling appointments", "The receptionists sell the same day slots to their friends", cats(def)},
		{"not qualified", "Their new nurse isn't even qualified, she's a fake", cats(def)},
		{"confidentiality", "Dean told his mates down the pub about my diagnosis", cats(def)},
		{"opinion rude", "Dean was really rude to me on the phone", nil},
		{"opinion useless", "Worst surgery in the county, absolutely useless", nil},
		{"opinion listening", "Felt like Dr Haddad wasn't listening to me at all", nil},
		{"hedged", "I think maybe the doctor had been drinking? Not sure", nil},
		{"question", "Is it true that one of the GPs was drunk at work?", nil},
		{"self drunk", "I was drunk last night and fell over, can I get my wrist checked?", nil},
		{"stolen bike", "My bike was stolen from outside the library", nil},
	})
}

func TestFraud(t *testing.T) {
	runCases(t, []tcase{
		{"phishing impersonation", "URGENT NOTICE FROM ASHGROVE SURGERY: all patients must confirm their NHS number and bank details at ashgrove-update.com", cats(fra)},
		{"official support dm", "Official Ashgrove Surgery Patient Support 👋 DM us your date of birth and NHS number to book", cats(fra)},
		{"fake nhs text", "NHS: your prescription refund of £40 is ready, verify your bank details at nhs-refund-claims.net", cats(fra)},
		{"selling meds", "Selling diazepam and tramadol, no prescription needed, DM me", cats(fra)},
		{"selling fit notes", "Fit notes for sale, £25, no appointment needed, inbox me", cats(fra)},
		{"giveaway", "Ashgrove Surgery is giving away £100 Tesco vouchers! Like and share then click the link to claim", cats(fra)},
		{"crypto", "I turned £200 into £4,000 with Bitcoin trading, message Mrs Sarah Lane on WhatsApp", cats(fra)},
		{"romance", "Hello dear, I saw your profile and would like to know you more, kindly message me on WhatsApp", cats(fra)},
		{"sms prize", "WINNER!! You have won a £1000 prize. Call 09061701461 to claim now", cats(fra)},
		{"parcel fee", "Royal Mail: your parcel could not be delivered, pay the £1.99 fee at royal-redeliver.info", cats(fra)},
		{"warning is not fraud", "Beware, got a text pretending to be from Ashgrove asking for bank details. It's a scam!", nil},
		{"is this legit", "Is this legit? Got an email saying my NHS prescription refund is ready", nil},
		{"own domain", "You can book online at ashgrove-surgery.example/appointments now, it's great", nil},
		{"nhs link", "Info on the flu jab is at www.nhs.uk/vaccinations, worth a read", nil},
		{"own number", "Please call me back on 07700 900612, I'm waiting on my results", nil},
		{"honest med question", "Can I get my diazepam prescription early as I'm going on holiday?", nil},
		{"leftover meds disposal", "What do I do with leftover tablets after my dad passed away?", nil},
		{"free flu jab", "Is the flu jab free for over 65s this year?", nil},
	})
}

func TestMisinformation(t *testing.T) {
	runCases(t, []tcase{
		{"mmr autism", "The MMR jab causes autism, everyone knows it", cats(mis)},
		{"flu jab gives flu", "The flu jab gives you flu, don't bother", cats(mis)},
		{"dna", "The covid vaccine changes your DNA", cats(mis)},
		{"poison", "Vaccines are poison, full of toxic metals", cats(mis)},
		{"dangerous cure", "Bleach cures autism, we give our son a drop a day", cats(mis)},
		{"folk cure", "Garlic cures any infection, no need for antibiotics", cats(mis)},
		{"antibiotics cold", "Antibiotics clear up a cold in two days, insist on them", cats(mis)},
		{"practice closing", "Ashgrove is closing down for good next month, register elsewhere", cats(mis)},
		{"not taking patients", "They're not taking new patients anymore so don't bother", cats(mis)},
		{"charging", "The surgery is charging £20 for appointments from April", cats(mis)},
		{"honest question jab", "Can the flu jab give you flu? My mum says it does", nil},
		{"honest question closing", "Is it true Ashgrove is closing?", nil},
		{"counter myth", "It's a myth that the MMR causes autism, there's no evidence at all", nil},
		{"counter flu", "The flu jab can't give you flu, it's an inactivated vaccine", nil},
		{"accurate info", "Antibiotics don't work on colds, they're for bacterial infections", nil},
		{"closed for bank holiday", "The surgery is closed on Monday for the bank holiday", nil},
		{"road closed", "Station Road is closed for roadworks, leave extra time", nil},
		{"sore arm", "The jab gave me a sore arm but nothing else", nil},
	})
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
		{"threat", "🙄 I'll put a brick through your window", har, "brick through your window"},
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
		{"I'll put a brick through your window", har, "threat of violence"},
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
