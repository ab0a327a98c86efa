package conduct

import "testing"

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

func TestFindLinks(t *testing.T) {
	f := newTestFamily(t)
	tests := []struct {
		text    string
		links   int
		trusted int
	}{
		{"claim at nhs-refunds.uk-claims.com today", 1, 0},
		{"see https://www.nhs.uk/conditions and ashgrove-surgery.example/book", 2, 2},
		{"email hello@ashgrove-surgery.example or scam@gmail.com", 2, 1},
		{"bit.ly/abc123 and wa.me/447700900612", 2, 0},
		{"Dr. Haddad said 2.5mg. Fine.", 0, 0},
	}
	for _, tt := range tests {
		sc := f.pool.Get().(*scan)
		sc.reset(textnormNew(tt.text))
		ls := f.findLinks(sc)
		trusted := 0
		for _, l := range ls {
			if l.trusted {
				trusted++
			}
		}
		if len(ls) != tt.links || trusted != tt.trusted {
			t.Errorf("findLinks(%q) = %d links, %d trusted; want %d, %d", tt.text, len(ls), trusted, tt.links, tt.trusted)
		}
		f.pool.Put(sc)
	}
}

func TestHasPhone(t *testing.T) {
	f := newTestFamily(t)
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Call 09061701461 now", true},
		{"txt WIN to 80082", true},
		{"ring me on 07700 900612", false},
		{"my mobile is 07700 900612", false},
		{"appointment at 10:30 on the 3rd", false},
	} {
		sc := f.pool.Get().(*scan)
		sc.reset(textnormNew(tt.text))
		f.pass(sc, false)
		if got := hasPhone(sc); got != tt.want {
			t.Errorf("hasPhone(%q) = %v, want %v", tt.text, got, tt.want)
		}
		f.pool.Put(sc)
	}
}

func TestPremiumCharge(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{{"150p/msg to stop", true}, {"calls 10ppm", true}, {"£1/min", true}, {"24/7 service", false}, {"take 1/2 a tablet", false},
		// without a slash or "pp": the charge spelt out
		{"150pmsg to stop", true}, {"costs 25p per min", true}, {"50p per msg", true}, {"1.50 msg rcvd", true},
		{"sleep per minute", false}, {"a msg received", false}} {
		if got := premiumCharge([]byte(tt.text)); got != tt.want {
			t.Errorf("premiumCharge(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
