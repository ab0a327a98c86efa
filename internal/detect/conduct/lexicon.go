package conduct

import "strings"

// Word kinds of the abuse lexicon. A word may have several.
const (
	kSwear      uint32 = 1 << iota // obscene on its own: fuck, shite, bollocks
	kInsult                        // a vulgar insult noun: wanker, twat, knobhead (obscene and abusive)
	kMild                          // a clean insult: idiot, moron, cow, hag (abusive only when aimed at someone)
	kAmbig                         // vulgar only in some contexts: cock, dick, prick, pussy, fag, hoe
	kSlur                          // a slur against a group
	kSexual                        // sexual content: nudes, horny, shag
	kNeg                           // a negation: gaps in phrases never skip it
	kSelf                          // first person: I, me, I'm
	kAimer                         // words that aim an insult: you, your, bunch, lot, such, absolute
	kTrigger                       // starts at least one phrase rule
	kGroup                         // a group of people named by origin, faith, etc.
	kHedge                         // softens a claim: maybe, might, apparently, allegedly
	kCounter                       // rebuts a claim: myth, debunked, nonsense
	kMed                           // a prescription-only medicine or controlled drug
	kTeam                          // refers to the practice, its staff or a person: surgery, receptionist, he, they
	kPractice                      // a word of the practice's own name
	kStaffName                     // a staff member's surname from the practice's directory
	kVariant                       // a respelling that dodges filters: fvck, fcuk, phuck
	kCommon                        // an ambiguous word whose innocent sense is common on a surgery's page
	kRole                          // names the practice or a role in it: surgery, receptionist, GP, staff
	kStaffFirst                    // a staff member's first name or one-word alias (Dean, Shiv), counted only when capitalised
)

// The abuse lexicon, written for this project from general knowledge of
// British and American English profanity (the Ofcom 2021 research on
// offensive language informed which words are mild). Words are normalised:
// lower case, leet undone, repeated letters cut to at most two.
const (
	swearWords = `fuck fucks fucked fucker fuckers fucking fuckin fuckn fukin fukn fuk fuks fck fcking fckin fcked fk fkn fkin fking fcuk fcukin fvck fvcking fvk
		phuck phucking motherfucker motherfuckers mofo fuckwit fuckwits fuckface fucktard fuckery clusterfuck fucksake ffs stfu wtf gtfo
		shit shits shitty shitting shitted shite shitey shithole shitholes shitshow shithouse shitstorm gobshite gobshites bullshit bullcrap horseshit shithead shitheads shitbag
		bollocks bollox bollock cunt cunts cunty wank wanks wanking wanked wanker wankers twat twats twatting bellend bellends
		knobhead knobheads knobend nobhead dickhead dickheads dickface cockhead cocksucker cocksuckers arsehole arseholes asshole assholes
		tosser tossers bastard bastards bitch bitches bitchy biatch slag slags slut sluts whore whores skank skanks minge clunge punani
		jizz nigga niggas niggaz niggah nigguh niccas bullshitting pissflaps dipshit dipshits jackass dumbass smartass arsewipe dickwad twatwaffle wankstain bawbag slapper slappers`
	// insultWords are vulgar insults aimed at people: obscene and abusive.
	insultWords = `wanker wankers twat twats bellend bellends knobhead knobheads knobend nobhead dickhead dickheads dickface cockhead arsehole arseholes asshole assholes
		tosser tossers bastard bastards bitch bitches biatch slag slags slut sluts whore whores skank skanks cunt cunts shithead shitheads shitbag fuckwit fuckwits fuckface
		motherfucker motherfuckers cocksucker cocksuckers dipshit dipshits jackass dumbass fucktard gobshite gobshites arsewipe dickwad twatwaffle wankstain bawbag slapper slappers`
	// mildInsults are clean insults, abusive only when aimed at someone.
	mildInsults = `idiot idiots moron morons imbecile imbeciles cretin cretins muppet muppets numpty numpties pillock pillocks prat prats plonker plonkers git gits
		cow cows hag hags witch witches scum scumbag scumbags vermin parasite parasites loser losers clown clowns pig pigs jobsworth jobsworths
		halfwit halfwits dimwit dimwits dunce donkey donkeys nonce nonces scrote scrotes chav chavs minger mingers munter creep creeps pervert perverts perv pervs lowlife lowlifes rat rats snake snakes
		troll trolls freak freaks weirdo weirdos psycho psychos sadist sadists butcher butchers quack quacks charlatan charlatans dinosaur dinosaurs
		murderer murderers killer killers nazi nazis hitler thug thugs animal animals drunk drunks alcoholic junkie junkies druggie crackhead`
	// ambigWords are vulgar in some contexts and innocent in others (blue tit,
	// finger-prick test, Dick Whittington, pussy willow, a fag break, a garden hoe).
	ambigWords = `cock cocks dick dicks prick pricks pussy pussies tit tits titties knob knobs fag fags faggot faggots hoe hoes hoez thot thots
		spunk bum bums balls boner dyke dykes queer queers nob cum cumming ass spastic spastics ho hos nig nigs`
	// slurWords are slurs against groups of people.
	slurWords = `nigger niggers nigga niggas niggaz niggah nigguh niccas paki pakis chink chinks spic spics kike kikes wog wogs gyppo gyppos pikey pikeys
		chinky chinkies gypo gypos gippo gippos spacker spackers shemale shemales lezza lezzer lezzers darkie darkies sambo yid yids tranny trannies raghead ragheads towelhead towelheads coon coons golliwog retard retards retarded spastic spastics spaz mong mongs
		faggot faggots poof poofs poofter batty gook gooks wetback wetbacks beaner beaners`
	// sexualWords are vulgar sexual words. Clinical or neutral ones (orgasm,
	// horny, boobs) are not here: patients discuss side effects honestly.
	sexualWords = `nudes shagging blowjob blowjobs handjob handjobs porn porno sexting boobies titties
		threesome milf dtf onlyfans`
	negations = `not no never nothing nor neither cannot don't doesn't didn't isn't aren't wasn't weren't can't won't wouldn't shouldn't couldn't
		hasn't haven't hadn't mustn't dont doesnt didnt isnt arent wasnt cant wont wouldnt shouldnt couldnt hasnt havent ain't aint`
	selfWords  = `i i'm im me myself i've ive i'd i'll`
	aimerWords = `you your ur you're youre yer u ya bunch lot such absolute total complete utter proper right useless stupid fat ugly thick lazy
		gobby incompetent miserable sadistic nasty vile pathetic disgusting horrible dozy silly old jumped ignorant arrogant bloody fucking`
	groupWords = `foreigners foreigner immigrants immigrant migrants migrant asylum refugees refugee muslims muslim jews jewish blacks black asians
		asian indians pakistanis polish poles romanians eastern gays gay lesbians trans travellers gypsies africans chinese arabs`
	hedgeWords = `maybe perhaps might may possibly apparently allegedly reportedly rumour rumours rumoured supposedly seems seemed seem heard hearing reckon
		wonder wondering if whether unsure think thought felt feel guess suppose probably`
	counterWords = `myth myths debunked disproven nonsense misinformation scaremongering scaremongers scaremonger hoax untrue`
	medWords     = `diazepam valium xanax alprazolam tramadol oxycodone oxy oxycontin codeine codamol cocodamol zopiclone zolpidem pregabalin
		gabapentin morphine oramorph fentanyl methadone buprenorphine subutex viagra cialis sildenafil tadalafil mounjaro ozempic wegovy
		semaglutide tirzepatide saxenda liraglutide modafinil adderall ritalin methylphenidate steroids anavar clenbuterol temazepam
		lorazepam clonazepam ketamine dihydrocodeine sertraline fluoxetine propranolol benzos benzodiazepines opioids opiates painkillers
		antibiotics amoxicillin pills tablets meds medication scripts prescriptions`
)

// commonAmbig are the ambiguous words whose innocent sense is common on a
// surgery's page (a finger-prick test, a cock-up, ten fags a day, a sore bum):
// the abuse model, trained on US tweets, cannot vouch for them on its own.
const commonAmbig = `prick pricks tit tits balls bum bums cock cocks knob knobs fag fags spastic spastics spunk dick dicks ho nob ass`

// innocentAfter and innocentBefore give, for an ambiguous word, neighbouring
// words that show the innocent sense (a blue tit, a finger-prick test).
func ambigContexts() map[string]string {
	return map[string]string{
		"tit":      "blue great coal long-tailed bird birds nest box feeder tailed",
		"tits":     "blue great coal bird birds nest box feeder up",
		"prick":    "finger pin needle test tests blood heel jab sharp little",
		"pricks":   "finger pin needle test tests blood",
		"dick":     "whittington moby van tracy turpin emery philip k",
		"knob":     "door butter handle volume",
		"knobs":    "door butter handle volume",
		"pussy":    "cat cats willow kitten puss galore blemishes spots pimples infection wound discharge",
		"fag":      "break smoke smoking smoked smoker cig cigs cigarette lighter packet quit quitting ash butt patch patches outside vape",
		"fags":     "smoke smoking smoked smoker cig cigs cigarettes lighter packet quit quitting giving given packets day patch patches vape",
		"faggot":   "peas gravy mash onion",
		"faggots":  "peas gravy mash onion butcher",
		"hoe":      "garden gardening dutch weeds weeding allotment rake spade",
		"hoes":     "garden gardening dutch weeds weeding allotment rakes spades",
		"ho":       "ho hum santa",
		"hos":      "ho santa",
		"cock":     "up ups hen hens rooster robin cockerel fighting crow crowing",
		"cocks":    "up hens roosters",
		"balls":    "football tennis cotton ball golf meat bath eye eyeballs up",
		"bum":      "bag bags",
		"bums":     "seats",
		"queer":    "as community people folk women men patients lgbt lgbtq identify eye",
		"queers":   "community",
		"dyke":     "as lgbt",
		"spastic":  "bladder colon bowel muscle muscles paraplegia diplegia quadriplegia cerebral palsy gait movement movements spasms",
		"spastics": "society",
	}
}

func fields(s string) []string { return strings.Fields(s) }

// variantWords are swear words respelt to dodge filters; findings call them
// disguised.
const variantWords = `fvck fvcking fvk fcuk fcukin phuck phucking fck fcking fckin fcked fk fkn fkin fking fuk fuks fukin fukn fuckn biatch`

// roleWords name the practice or a role in it; allegations need one of these
// (or a named member of staff) somewhere in the post, so that "my ex was drunk"
// is not read as an allegation against the practice.
const roleWords = `surgery practice receptionists receptionist reception doctors doctor gps gp nurse nurses staff team pharmacist
	manager partners partner dr hca phlebotomist registrar locum clinician clinicians paramedic physio physiotherapist
	midwife midwives admin secretary`
