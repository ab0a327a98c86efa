package conduct

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

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

// Posts with no breach must not allocate in the abuse path.
func TestAbuseAllocs(t *testing.T) {
	f := newTestFamily(t)
	in := benchInput("Is the Saturday flu clinic walk-in or do we need to book? My mum's 79")
	n := testing.AllocsPerRun(100, func() { f.DetectAbuse(in, nil) })
	if n > 0 {
		t.Errorf("DetectAbuse allocates %.1f times per innocent post, want 0", n)
	}
	_ = textnorm.New
}

func TestDisguised(t *testing.T) {
	f := newTestFamily(t)
	for _, tt := range []struct {
		text string
		want bool
	}{{"fuck", false}, {"f*ck", true}, {"fuuuck", true}, {"ｆｕｃｋ", true}, {"sh1t", true}} {
		sc := f.pool.Get().(*scan)
		f.start(sc, &detect.Input{Doc: textnorm.New(tt.text)})
		f.pass(sc, false)
		if got := disguised(sc, 0); got != tt.want {
			t.Errorf("disguised(%q) = %v, want %v", tt.text, got, tt.want)
		}
		f.pool.Put(sc)
	}
}

func TestInnocentAmbig(t *testing.T) {
	f := newTestFamily(t)
	for _, tt := range []struct {
		text string
		want bool // for the first word
	}{
		{"tits on the bird feeder", true},
		{"prick test for my allergy", true},
		{"prick", false},
		{"ho ho ho", true},
		{"ho", false},
		{"ho h0", true}, // leet undone: the key is the context word
		{"cock up at the surgery", true},
		{"cock", false},
	} {
		sc := f.pool.Get().(*scan)
		f.start(sc, &detect.Input{Doc: textnorm.New(tt.text)})
		f.pass(sc, false)
		if got := f.innocentAmbig(sc, 0); got != tt.want {
			t.Errorf("innocentAmbig(%q) = %v, want %v", tt.text, got, tt.want)
		}
		f.pool.Put(sc)
	}
}
