package conduct

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
)

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

func TestAskingPost(t *testing.T) {
	f := newTestFamily(t)
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Is it true the surgery is closing?", true},
		{"Genuine question: does the jab cause autism", true},
		{"Does anyone know if they're still registering?", true},
		{"The surgery is closing for good", false},
	} {
		sc := f.pool.Get().(*scan)
		f.start(sc, &detect.Input{Doc: textnormNew(tt.text)})
		f.pass(sc, false)
		if got := f.askingPost(sc); got != tt.want {
			t.Errorf("askingPost(%q) = %v, want %v", tt.text, got, tt.want)
		}
		f.pool.Put(sc)
	}
}
