package conduct

// Feature-word flags: sets of words the rules ask about ("does the post say
// WhatsApp?"), looked up once per word in the pass instead of searched for.
const (
	fSexCtx   uint64 = 1 << iota // words that make innuendo emoji sexual
	fLaugh                       // lol, haha: hyperbole
	fCTA                         // contact channels scams use
	fNHS                         // nhs
	fDmPay                       // dm, pay
	fInvest                      // instagram, message, contact
	fChat                        // whatsapp, hangouts, telegram
	fProfile                     // page, profile, bio
	fTextCall                    // text, call, reply
	fAdult                       // sex, xxx, adult
	fAbout                       // the practice and its services
	fPerson                      // refers to a person: you, her, dr
	fFamily                      // the poster's family
)

// flagWords lists the words of each flag.
func flagWords() map[uint64]string {
	return map[uint64]string{
		fSexCtx:   `fit bed naughty hot sexy arse bum body let horny boobs`,
		fLaugh:    `lol haha hahaha jk joking lmao`,
		fCTA:      `whatsapp dm inbox telegram txt click wa snapchat subscribe`,
		fNHS:      `nhs`,
		fDmPay:    `dm pay`,
		fInvest:   `instagram message contact`,
		fChat:     `whatsapp hangouts telegram`,
		fProfile:  `page profile bio`,
		fTextCall: `text txt call ring reply chat`,
		fAdult:    `sex xxx adult naughty flirt sexy horny`,
		fAbout:    `surgery practice gp gps doctor doctors nurse receptionist reception appointment appointments prescription prescriptions charging charge`,
		fPerson:   `you u her him she he dr nurse receptionist doctor hca gp`,
		fFamily:   `husband hubby wife partner kids son daughter mum dad brother sister boyfriend girlfriend dog cat fella missus ex stepdad stepmum neighbour flatmate uncle aunt cousin friend mate`,
	}
}
