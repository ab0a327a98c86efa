package conduct

import "github.com/pagekeeper/pagekeeper/internal/moderation"

// ruleSpec is one phrase rule as written: the category it serves, what it
// means (a kind, which other rules may require, and a reason for staff), and
// its patterns (see compilePattern).
type ruleSpec struct {
	cat      moderation.Category
	kind     string // what was found, for combining rules: "threat", "alleg", "myth", ...
	reason   string // for staff; "%s" is replaced by the quoted evidence
	requires string // another kind that must also be present in the post, if any
	patterns []string
}

// groupSpecs are the named word groups patterns use as "@name".
func groupSpecs() map[string]string {
	return map[string]string{
		"target":     `you him her them whoever someone somebody someone's somebody's the that this your his their dr doctor nurse receptionist receptionists staff everyone all`,
		"violent":    `kill stab punch batter deck glass slap strangle murder shoot thump kick hurt bottle leather lamp chin nut headbutt smack beat strangle knife`,
		"family":     `husband hubby wife partner kids kid son daughter mum mam mom dad brother sister nan gran grandad dog cat boyfriend girlfriend fella missus other half`,
		"credential": `nhs number numbers dob birth bank card cards password passwords pin sort account details cvv`,
		"strongcred": `bank card cards password passwords pin sort cvv`,
		"send":       `send dm dms email emailing emailed message msg text txt reply confirm reconfirm re verify validate provide enter update give submit share`,
		"med":        medWords,
		"drug":       `drugs drug diazepam valium xanax tramadol oxycodone oxy codeine codamol zopiclone pregabalin gabapentin morphine oramorph fentanyl methadone benzos opioids pills tablets meds scripts prescriptions weed coke cocaine`,
		"trade":      `scripts prescriptions prescription sick fit notes note appointments appointment slots drugs pills meds`,
		"vax":        `injection injections vaccine vaccines vax vaccination vaccinations vaccinated jab jabs mmr booster boosters immunisation immunisations immunization statins statin sunscreen suncream spf smear smears mammogram mammograms fluoride 5g masks mask chemo chemotherapy antidepressants paracetamol calpol ibuprofen mrna wifi deodorant microwaves screening`,
		"causes":     `cause causes caused causing gives give gave giving makes make made making leads lead linked triggers trigger`,
		"harm":       `leukaemia leukemia seizures epilepsy allergies asthma eczema autism autistic infertile infertility sterile sterility cancer cancers dementia alzheimer's alzheimers flu covid death deaths sids miscarriage miscarriages magnetic paralysis narcolepsy diabetes aids hiv turbo blood clots clot strokes stroke heart adhd brain`,
		"cure":       `cure cures cured curing heal heals healed reverse reverses reversed`,
		"disease":    `cancer cancers diabetes autism covid arthritis infection infections conjunctivitis asthma adhd dementia ms hiv aids pressure depression cold colds flu virus viruses eczema psoriasis epilepsy tumour tumours tumors sepsis chlamydia`,
		"remedy":     `garlic vinegar bleach mms chlorine dioxide silver colloidal ivermectin hydroxychloroquine cbd turmeric milk urine oils oil homeopathy homeopathic bicarbonate soda lemon lemons honey ginger herbs herbal supplements supplement gummies detox juice fasting crystals cannabis weed apricot kernels vitamin`,
		"service":    `smears smear blood bloods jabs jab vaccines vaccinations injections syringing prescriptions repeats home visits visits appointments referrals sick fit notes`,
		"practice":   `surgery practice practices they them doctors gps gp receptionists reception staff team nurses partners`,
		"team":       `you you're youre your they're theyre surgery practice receptionists receptionist reception doctors doctor gps gp nurse nurses staff team pharmacist manager partners partner they he she him her them his their dr nurse hca phlebotomist registrar locum`,
		"kin":        `father dad mum mother husband wife son daughter nan gran grandad grandma grandpa baby brother sister friend uncle aunt partner`,
		"hurtful":    `scum vermin animals parasites scroungers terrorists rapists criminals disease cockroaches filth perverts paedos paedophiles freaks subhuman savages`,
		"body":       `arse bum bottom tits boobs legs body figure ass bum cheeks`,
		"compliment": `lovely nice great peachy fit sexy cracking fine tasty hot firm perky`,
		"sellsig":    `selling sell sale buy available stock offers offer discreet delivery shipping post posted dm inbox whatsapp wa telegram pm message text unopened spare leftover`,
	}
}

// ruleSpecs are the phrase rules of the conduct family. Each is written for a
// phenomenon (threats, allegations, myths, scams), never for one post, and is
// checked against invented examples in the tests.
func ruleSpecs() []ruleSpec {
	H, D, F, M, O := moderation.Harassment, moderation.Defamatory, moderation.Fraud, moderation.Misinformation, moderation.Obscene
	return []ruleSpec{
		// Threats and intimidation. Idioms ("I'd kill for a coffee", "could
		// murder a bacon butty") fail the target slot.
		{cat: H, kind: "threat", reason: "threat of violence: %s", patterns: []string{
			"brick|bricks|rock|rocks|stone|stones|bottle through ~3 window|windows|door|windscreen",
			"burn|torch|firebomb ~4 down",
			"torch|firebomb|petrol ~2 the|your ~1 place|surgery|building|car|house",
			"set fire|light ~1 to ~3 place|surgery|building|car|house",
			"[i'll|ill|i will|i'm going to|im going to|i am going to|i'm gonna|im gonna|gonna|going to|i'd] ~2 @violent ~1 @target",
			"[i'll|ill|i will|i'm going to|im going to|i'm gonna|im gonna] smash ~2 face|head|teeth|windows|car|place",
			"kick ~2 head|heads|teeth ~1 in",
			"wants|needs|deserves|deserve|want|need ~1 a ~1 slap|slapping|kicking|beating|hiding|punch|smack|battering|good",
			"give ~1 him|her|them|you ~1 one|a ~1 slap|kicking|beating|hiding|punch|smack",
			"watch ~1 your|yer|ur back|backs",
			"better ~1 watch ~1 out|yourself|yourselves|it",
			"[i'll|ill|i will|i'm going to|im going to|i'm gonna|im gonna|gonna] ~1 find ~1 you|him|her|them|out ~1 where",
			"teach ~3 a ~1 lesson",
			"coming ~1 for ~1 you|him|her|them|ya",
			"watch yourself|yourselves",
			"wait|waiting|waits ~1 for ~1 him|her|you|them|ya ~1 after|outside|when|in|by",
			"wait|waiting ~4 car ~1 park ~2 for ~1 you|him|her|them",
			"make ~2 life|lives ~1 hell|misery",
			"make ~2 life|lives ~1 a ~1 misery|nightmare",
			"you're|youre|you|he's|hes|she's|shes ~1 a ~1 dead ~1 man|woman",
			"you're|youre ~1 dead $",
			"know|found|find ~1 where ~2 you|he|she|they|ya live|lives|park|parks|parked",
			"know|found|find ~1 where ~3 @target|manager|receptionist|doctor|nurse|gp|partner ~1 live|lives|park|parks|parked",
			"know|seen ~1 what ~1 car ~3 drives|drive|drove",
			"make|making sure ~1 he|she|you|they|ya ~1 remember|remembers|regret|regrets",
			"you'll|youll|you ~1 regret ~1 it|this",
			"you'll|youll|he'll|she'll|they'll be sorry",
			"screenshot|screenshotted|screenshoted|photographed|filmed|recorded ~3 your|his|her name|badge|face|car|reg",
			"what's|whats|what is coming ~1 to ~1 you|him|her|them",
			"hope ~2 you|he|she|they ~3 die|dies|rot|rots|burn|burns|suffer|suffers",
			"hope ~6 rot|rots|suffers|suffer|burns",
			"rot|rots|rotting|burn|burns ~1 in ~1 hell",
			"hope ~2 you|he|she|they ~3 get|gets ~3 hit|run|killed|cancer|stabbed|shot|attacked|battered",
			"deserve|deserves ~2 to ~1 die|suffer|rot|burn",
			"deserve|deserves ~2 to ~1 be ~1 shot|hanged|hung|beaten|stabbed|attacked|hurt|punched|slapped",
			"should|needs|ought|want|wants ~2 be ~1 shot|hanged|hung|lynched|strung|beaten|stabbed|burned|burnt",
			"or else $",
		}},
		// "someone's going to get hurt" is a threat only with an ultimatum
		// ("or I'm coming down there"); without one it is often a warning
		// about icy steps.
		{cat: H, kind: "hurt", reason: "threat of violence: %s", requires: "ultimatum", patterns: []string{
			"@target|someone's|somebody's|people ~3 getting|get|gets|be ~1 hurt",
		}},
		{cat: H, kind: "ultimatum", reason: "", patterns: []string{
			"[i'll be|ill be|i will be|i'm coming|im coming|i am coming|i'll come|ill come|i'll be coming] ~2 down|round|there|in|over",
			"got ~1 until|till",
			"last ~1 warning|chance",
			"or ~1 i'm|im|i'll|ill|else",
		}},
		// Insulting phrases aimed at people ("vile little man", "waste of space").
		{cat: H, kind: "insultphrase", reason: "insult aimed at someone: %s", patterns: []string{
			"nasty|vile|evil|horrible|disgusting|pathetic|ugly|fat|stupid|useless|lazy|thick|smug|arrogant|incompetent|miserable|spiteful|horrid ?little|old|fat|ugly man|woman|person|creature|men|women|bloke|lad|girl|cow|witch|bitch",
			"nasty|vile|evil|horrible|disgusting ~1 piece ~1 of ~1 work|shit|crap|rubbish",
			"piece ~1 of ~1 shit|crap|garbage|trash",
			"poor|sorry|pathetic ~1 excuse ~1 for ~1 a|an ~2 doctor|nurse|gp|human|receptionist|person|surgery|man|woman|practice",
			"waste ~1 of ~1 space|oxygen|skin|air",
			"useless|pathetic|incompetent|lazy ~1 lot|bunch|shower",
		}},
		// Hostility towards groups.
		{cat: H, kind: "hate", reason: "hostility towards a group: %s", patterns: []string{
			"send ~1 them|em|'em ~1 back|home",
			"go|goes|went ~1 back ~1 to ~2 where|your|her|his|their ~2 came|come|country|own",
			"go|goes ~1 back home",
			"own kind",
			"@groupword ~6 never ~2 paid|contributed",
			"@groupword ~4 are|r ~2 @hurtful",
			"deport ~2 them|the|all",
			"white ~1 trash",
		}},
		// Shaming someone over their health.
		{cat: H, kind: "shame", reason: "shames someone over their health: %s", patterns: []string{
			"spreading|spread|spreads|given|giving|gave ~2 his|her|their ~1 chlamydia|herpes|gonorrhoea|syphilis|std|stds|sti|stis|crabs|hiv|aids|clap",
		}},
		// Sexual remarks aimed at someone.
		{cat: H, kind: "sexual", reason: "sexual remark: %s", patterns: []string{
			"send ~2 nudes|nude|pics|pictures|photos",
			"is|she's|shes|he's|hes ~1 well|so|proper|dead|bloody ~1 fit",
			"@compliment @body",
			"sexy|fit ~1 nurse|receptionist|doctor|gp|hca|phlebotomist|nurses|receptionists",
			"see|seen|picture ~1 her|him|you ~1 naked|nude|topless",
			"[i'd|id|i would|would|i'll] ~2 let ~1 her|him ~2 take|do|have|touch",
			"[i'd|id|i would|would] ~1 shag|bang|do|smash ~1 her|him|you|them",
		}},
		{cat: O, kind: "sexspam", reason: "sexual spam: %s", patterns: []string{
			"hot|horny|lonely|sexy|naughty ~1 singles|girls|women|milfs|babes|wives",
			"last|lasts ~1 longer ~1 in ~1 bed",
		}},

		// Allegations of serious wrongdoing. Subject and hedge checks happen in code.
		{cat: D, kind: "drunk", reason: "was drunk at work", patterns: []string{
			"was|is|were|turned|came|comes|always|being|a|bloody|fucking|often|clearly|totally|completely|obviously ~2 drunk|pissed|hammered|wasted|plastered|intoxicated|sloshed|tipsy|hungover",
			"stinking|stank|stunk|smelt|smelled|smelling|reeked|reeking|reeks|smells|stinks|stink ~1 of ~1 drink|alcohol|booze|beer|wine|whisky|vodka|drugs|weed",
			"under ~1 the ~1 influence",
			"is|was|an|a|raging|secret|functioning ~1 alcoholic|addict|junkie|druggie|cokehead",
			"high ~1 as ~1 a ~1 kite",
			"off ~1 his|her|their|its ~1 face|head|tits|nut",
			"stoned|coked|wasted ~1 up|again|at|on|during|when",
		}},
		{cat: D, kind: "theft", reason: "is stealing", patterns: []string{
			"stealing|stole|steals|steal|nicking|nicked|nicks|swiping|pinching|helping ~3 money|cash|drugs|medication|meds|prescriptions|patients'|patient's|patients|funds|donations|raffle|charity|themselves|himself|herself|from",
			"pocketing|pocketed|pockets|pocket|trousering|embezzling|embezzled|skimming|skimmed|creaming ~3 money|cash|funds|donations|raffle|charity|takings|off",
		}},
		{cat: D, kind: "dealing", reason: "is dealing drugs", patterns: []string{
			"dealing|deals|deal|flogging|flogs|flog|pushing|supplying ~3 @drug",
			"drug ~1 dealer|dealers|dealing",
			"out ~1 the ~1 back ~1 door",
		}},
		{cat: D, kind: "bribe", reason: "takes bribes", patterns: []string{
			"on ~1 the ~1 take",
			"backhander|backhanders|bungs|bung|kickback|kickbacks|bribes|bribe|bribed|bribery",
			"paid|paying|pays|bankrolled|funded ~3 to ~1 push|prescribe|promote|recommend|refer",
			"paid|pocket|pockets ~1 by|of ~1 big ~1 pharma",
		}},
		{cat: D, kind: "forsale", reason: "sells prescriptions, notes or appointments", patterns: []string{
			"writes|writing|write|signs|signing|sign|sells|selling|sell|sold|flogs|flogging|hands|handing|gives|giving ~3 @trade ~4 cash|money|mates|friends|mate|pals|backhanders|bungs|bribes",
			"sell|sells|selling|sold|flog|flogs|flogging ~3 appointments|appointment|slots",
		}},
		{cat: D, kind: "fraud", reason: "is committing fraud", patterns: []string{
			"[isn't|isnt|is not|not|ain't|aint|wasn't|was not|never] ?even qualified|registered|trained|licensed|licenced",
			"[isn't|isnt|is not|not|ain't|aint|wasn't|was not] ?even a ?real|proper|qualified|actual doctor|nurse|gp|pharmacist|dr",
			"bought|buys|faked|forged|fake ~3 qualification|qualifications|degree|degrees|certificate|certificates|licence|license",
			"fake|bogus|fraudulent ~1 doctor|nurse|gp|qualifications|practitioner",
			"pretending|pretends|pretended|posing ~1 to ~1 be ~1 a|an",
			"struck|suspended|sacked|fired ~3 for ~3 stealing|fraud|theft|abuse|drugs|drink|drinking|assault|negligence",
			"fiddling|fiddled|fiddle|fiddles|cooking|cooked|rigging|rigged ~3 list|lists|books|figures|accounts|numbers|claims|targets|data",
			"claim|claiming|claimed|claims ~3 money|funding|payments ~3 for ~3 people|patients|dead",
			"total|complete|absolute|utter|a|is|are|committing|commit|committed|pure|plain ~1 fraud|fraudster|fraudsters|fraudulent",
			"fraud ~1 plain ~1 and ~1 simple",
			"is|are|a|bunch|total|bloody|absolute ~2 crook|crooks|criminal|criminals|corrupt|thief|thieves",
		}},
		{cat: D, kind: "harm", reason: "caused harm through negligence", patterns: []string{
			"negligence|negligent|negligently|malpractice",
			"that's|thats|is|pure|criminal|utter|total|willful|wilful|gross ~1 neglect",
			"gave|given|give|gives|prescribed|injected|administered|put ~4 wrong ~2 injection|drug|dose|medication|medicine|vaccine|jab|tablets|prescription|blood|insulin",
			"missed ~4 cancer|tumour|tumor|sepsis|meningitis|stroke|fracture|appendicitis|diagnosis|heart",
			"misdiagnosed|misdiagnosis|misdiagnosing ~8 nearly|almost|died|dead|death|icu|intensive|permanent|spread|sepsis|lost|worse",
			"gave|given ~2 me|him|her|them|my ~2 an|the ~1 infection|sepsis|hepatitis|hiv",
			"killed|murdered ~1 my ~1 @kin",
			"they|he|she|dr|doctor|nurse|surgery|practice ~1 killed|murdered",
			"murderer|murderers",
			"dnr|dnrs|resuscitate ~8 without ~2 asking|consent|consulting|telling|permission",
		}},
		{cat: D, kind: "records", reason: "falsified records", patterns: []string{
			"altered|altering|alters|changed|changing|changes|falsified|falsifying|doctored|fiddled|fabricated|deleted|deleting|edited|tampered|forged|faked|rewrote|rewritten|backdated ~4 record|records|notes|log|logs|entry|entries|results|history|referral",
			"record|records|notes|log|referral|entry ~2 were|was|have|has|had|been ~2 changed|altered|falsified|doctored|edited|tampered|deleted|rewritten|backdated",
		}},
		{cat: D, kind: "coverup", reason: "covered up wrongdoing", patterns: []string{
			"cover ~1 it|this|that|them ~1 up",
			"covered ~1 it|this|that|them ~1 up",
			"cover-up|coverup|covering",
		}},
		{cat: D, kind: "hides", reason: "destroys complaints or records", patterns: []string{
			"bins|binned|binning|bin|shred|shreds|shredded|shredding|destroys|destroyed|destroy|hides|hid ~4 complaint|complaints|letters|letter|records|evidence",
		}},
		{cat: D, kind: "abuse", reason: "abused patients", patterns: []string{
			"abuses|abused|abusing|abuse ~3 patients|children|kids|elderly|residents|vulnerable",
			"sexually ~1 assaulted|assaulting|assaults|abused|abusing",
			"groped|gropes|groping|molested|molests|molesting|raped|rapes",
			"touched ~3 inappropriately",
			"sleeping|slept|sleeps|affair ~2 with ~4 patient|patients",
			"assaulted|attacked|slapped|punched|manhandled|shoved|strangled ~2 my|a|the ~1 patient|son|daughter|mum|dad|child|baby|nan|gran|husband|wife",
		}},
		{cat: D, kind: "racism", reason: "discriminates against patients", patterns: []string{
			"is|are|she's|shes|he's|hes|they're|theyre|a|bloody|total|complete|absolute|openly ~1 racist|racists|sexist|homophobic|bigot|bigots|bigoted|islamophobic|antisemitic|transphobic",
			"discriminates|discriminated|discriminating|discriminate",
			"own kind",
		}},
		{cat: D, kind: "breach", reason: "breached patient confidentiality", patterns: []string{
			"read|reading|reads|shouted|announced|discussed ~4 results|diagnosis|notes|records|condition ~2 out ~1 loud",
			"read|reading|reads|shouted|announced ~4 results|diagnosis|notes|records|condition ~2 aloud|across",
			"told|telling|tells|gossiping|gossiped|gossip|blabbed|blabbing ~3 mates|friends|everyone|pub|town|village|family",
			"data breach",
			"breach|breached|breaching ~2 confidentiality",
			"shared|sharing|shares|leaked|leaking|leaks|sold|selling|sells ~3 my|our|patients'|patients|patient ~1 results|records|notes|data|details|information",
		}},

		// Health myths and dangerous cures stated as fact.
		{cat: M, kind: "myth", reason: "states a health myth as fact: %s", patterns: []string{
			"@vax ?test|tests|jab|jabs|vaccine|vaccines|shot|shots ~4 @causes ~3 @harm",
			"hpv jab|jabs|vaccine|vaccines|vaccination ~4 @causes ~3 @harm",
			"@vax ?jab|jabs|vaccine|vaccines ~3 is|are|contains|contain|has|have|full|laced ~3 poison|poisonous|toxic|mercury|graphene|microchip|microchips|chip|chips|tracker|trackers|nanobots|antifreeze|aborted|foetal|fetal|foetuses",
			"@vax ?jab|jabs|vaccine|vaccines ~3 poisoning|poisoned|poisons|killing|killed|kills|murdering|maiming ~3 people|more|thousands|millions|kids|children|babies|young|us|our",
			"@vax ?jab|jabs|vaccine|vaccines ~4 alter|alters|altering|change|changes|changing|modify|modifies|rewrite|rewrites ~3 dna|genes",
			"shed|shedding|sheds ~2 spike|proteins",
			"5g ~4 caused|causes|cause|spread|spreads|spreading ~2 covid|coronavirus|cancer|virus",
			"track|tracking|control|controlling ~2 you|us|people ~3 5g",
			"fluoride ~4 neurotoxin|poison|poisoning|poisons|toxic|dumb|calcifies",
			"chickenpox|measles|pox ~1 parties|party",
			"natural ~1 immunity ~3 better|best",
			"@vax ?jab|jabs|vaccine|vaccines ~3 is|are|still|was|were ~2 experimental|untested|unlicensed",
			"@remedy ~4 better ~1 than ~2 antibiotics|antibiotic|medicine|medication|vaccines|vaccine|chemo|insulin|tablets|drugs|inhalers",
			"antibiotics|antibiotic ~3 needed|required|necessary|essential ~2 for ~1 every|all|any",
			"antibiotics|antibiotic ~4 clear|cure|cures|fix|fixes|treat|treats|kill|kills|sort|sorts|get ~3 cold|colds|flu|virus|viruses|viral|cough|coughs",
			"calpol|paracetamol|ibuprofen|nurofen ~4 hides|hide|masks|mask|hiding ~3 infection|infections|fever|illness",
			"calpol|paracetamol|ibuprofen|nurofen|fever ~6 last|lasts ~1 longer",
			"covid|coronavirus|pandemic|virus ~2 is|was|isn't ~2 hoax|fake|planned|plandemic|scam|real",
		}},
		{cat: M, kind: "cure", reason: "states a dangerous or false cure as fact: %s", requires: "remedy", patterns: []string{
			"@cure ~5 @disease",
			"@cure ~3 my|his|her|their|your ~3 @disease",
			"cleared|clears ~4 my|his|her ~2 autism|diabetes|cancer",
		}},
		{cat: M, kind: "remedy", reason: "", patterns: []string{"@remedy"}},
		// Widely debunked covid myths (after the WHO's myth busters).
		{cat: M, kind: "covid", reason: "states a health myth as fact: %s", patterns: []string{
			"@remedy|hydroxychloroquine|chloroquine|alcohol|heat|sunlight ~4 prevents|prevent|protects|protect|kills|kill|stops|stop|cures|cure ~3 covid|coronavirus|covid-19|virus",
			"covid|coronavirus ~3 no ~1 worse ~1 than ~2 flu|cold",
			"covid|coronavirus ~3 just|only ~2 ?a flu|cold",
			"masks|mask ~4 cause|causes|causing|starve|starves ~3 oxygen|co2|hypoxia|pneumonia|deprivation",
			"gates ~6 microchip|microchips|chip|chips|depopulation|depopulate",
			"plandemic|scamdemic",
		}},
		// Telling others to stop treatment (checked for the imperative in code).
		{cat: M, kind: "stopmeds", reason: "tells people to stop their treatment: %s", patterns: []string{
			"ditch|bin|chuck|stop|quit|ditched|binned|binning|dump|bin ~3 the|your|ur|those|all|their ~2 pills|meds|medication|medications|medicine|medicines|tablets|insulin|inhaler|inhalers|antidepressants|statins|chemo|antibiotics",
			"don't|dont|never ~1 let ~2 them|anyone|doctors|gp ~3 give|inject|vaccinate|jab",
		}},
		{cat: M, kind: "service", reason: "makes a false claim about the practice's services: %s", patterns: []string{
			"shutting|closing|shut|close|closes|closed ~1 down|permanently|forever",
			"shutting|closing|shut|close|closes|closed ~1 for ~1 good",
			"not|isn't|isnt|aren't|arent|no|stopped|stopping ~2 taking|accepting|registering|longer ~1 new ~1 patients",
			"list|lists ~1 is|are|'s|has|have ~1 closed|shut",
			"charging|charge|charges|cost|costs|costing ~3 @num ~2 for|per ~2 appointments|appointment|seeing|see|consultations|consultation|prescriptions|gp",
			"[doesn't|doesnt|don't|dont|no longer|won't|wont|stopped|stopping] ~1 do|doing|offer|offering|provide|providing ~3 @service ~3 anymore|now",
			"[isn't|isnt|not|aren't|arent|no longer] ~1 free ~3 anymore",
			"have|got|need ~1 to ~1 pay ~2 for ~3 @service|appointment|appointments|jab|jabs|gp|doctor",
			"merging|merge|merged|merges ~2 with ~3 practice|surgery|practices|surgeries",
			"being|been|getting ~1 taken ~1 over",
			"building's|building ~4 sold",
		}},

		// Scams, spam and sales of medicines (the rest is in fraud.go).
		{cat: F, kind: "cred", reason: "asks for personal or bank details: %s", patterns: []string{
			"@send ~3 your|ur|us ~4 @credential",
			"@send ~3 @strongcred",
			"verify|confirm|reconfirm|re-confirm|validate|update ~3 your|bank|card ~2 details|information|account|identity",
		}},
		{cat: F, kind: "giveaway", reason: "fake offer or giveaway: %s", patterns: []string{
			"free|win|won|winner|winning|claim|giving ~1 away|chance|earn|earning ~5 voucher|vouchers|gift|prize|prizes|iphone|ipad|cash|reward|rewards",
			"like ~2 share ~4 claim|win|enter|click|link",
			"just|only ~1 pay ~3 postage|delivery|shipping|p&p",
			"only ~1 @num ~1 left|places|spaces|remaining",
			"click ~3 link ~3 claim|win|enter",
		}},
		{cat: F, kind: "invest", reason: "investment or crypto spam: %s", patterns: []string{
			"bitcoin|btc|crypto|cryptocurrency|forex|fx|binary|nft|nfts ~4 trading|signals|investment|invest|platform|profit|profits|returns|mining|account|manager|expert",
			"trading|investment ~1 platform|signals|expert|manager|account",
			"turned ~3 @num ~1 into",
			"portfolio ~3 up",
			"drowning ~1 in ~1 debt",
		}},
		{cat: F, kind: "romance", reason: "romance scam: %s", patterns: []string{
			"peacekeeping|army|marine|soldier|navy|deployed ~3 mission|surgeon|doctor|general|officer|syria|afghanistan",
			"hello|hi|dear ~1 dear|beautiful|friend",
			"saw|seen|came ~2 your ~1 profile",
			"know ~1 you ~1 more|better",
			"kindly ~2 message|contact|reply|write|add",
		}},
		{cat: F, kind: "job", reason: "fake job offer: %s", patterns: []string{
			"work|working ~1 from ~1 home",
			"earn|earning|make|making ~2 @num ~3 a|per|every ~1 day|week|hour|month",
			"no ~1 experience ~1 needed|required|necessary",
		}},
		{cat: F, kind: "smish", reason: "scam message: %s", patterns: []string{
			"parcel|package|delivery|item ~5 could|couldn't|failed|unable|missed|held|awaiting",
			"redelivery|re-delivery|customs ~2 fee|charge|payment",
			"refund ~4 ready|due|waiting|pending|approved|available",
			"fee|fine|charge|penalty ~1 applies|apply|will",
			"pay ~1 now|today|immediately",
			"avoid ~3 cancel|cancelled|cancellation|suspended|suspension|removal|removed|losing|disconnection|penalty",
			"cancel|cancelled ~2 at|via|here",
			"account ~3 suspended|locked|blocked|compromised|deactivated",
			"you ~2 have ~1 been ~1 selected|chosen",
			"lose ~2 your ~1 place|slot|gp|registration|spot",
			"within ~1 @num ~1 hours|hrs|hr|days",
			"has ~1 been ~1 ordered ~2 in ~1 your ~1 name",
			"if ~1 this ~1 wasn't|wasnt|was ~1 you|not",
		}},
		{cat: F, kind: "bulk", reason: "bulk marketing message: %s", patterns: []string{
			"reply|txt|text|send|sms ~2 stop|end|unsub|unsubscribe|optout",
			"to ~1 stop|unsubscribe ~2 receiving|these|messages|texts",
			"ringtone|ringtones|polyphonic|wallpapers|wap",
			"t&c|t&cs|t&c's|t's",
			"@num ~1 msg|min|mins|pmsg|ppm|msgrcvd|per ~1 msg|min",
			"txt|text|send ~2 to ~1 @num",
		}},
		{cat: F, kind: "notice", reason: "", patterns: []string{
			"urgent|important|official|attention|alert|notice|warning|update|announcement",
			"patient ~1 support|services|team|care ~1 team|here|desk|line",
			"our ~1 records ~1 show|indicate",
			"all ~1 patients ~2 must|need|should|will",
		}},
		// Offers to sell: strong signals on their own, weak ones only together.
		{cat: F, kind: "sell", reason: "", patterns: []string{
			"selling|sell|sells",
			"for ~1 sale",
			"sensible|best|any ~1 offers",
			"discreet|discrete ~2 delivery|post|postage|shipping|packaging|service",
			"next|same ~1 day ~1 delivery|dispatch|shipping|post",
			"in ~1 stock",
			"going ~1 cheap",
			"dm|inbox|pm|message|msg|whatsapp|text|contact ~1 me|us ~2 for|to|now|$",
			"dm|inbox|pm ~1 me|us",
			"no ~1 prescription|consultation|script|questions ?needed|required|necessary|asked",
			"without ~1 a ~1 prescription|consultation|script",
			"without ~1 prescription|consultation|script",
			"anyone ~1 want|need|fancy|interested ~2 my|some|these",
			"@num ~1 a|per|each ~1 strip|box|pack|packet|pen|go|pill|tab|tablet|note|script",
			"guaranteed ~3 appointment|appointments|same",
			"backdated",
			"contact|someone|friend|mate ~1 on ~1 the ~1 inside",
			"skip ~2 queue|queues|wait|waiting|list",
		}},
		{cat: F, kind: "sellweak", reason: "", patterns: []string{
			"buy|available|offer|unopened|spare|leftover|delivery|shipping|post|posted|whatsapp|telegram|snapchat|wa",
		}},
		{cat: F, kind: "promo", reason: "advertises a product: %s", patterns: []string{
			"@num ~1 off",
			"discount|promo|voucher|coupon ~1 code",
			"with|use|using|enter ~1 code",
			"get ~1 yours ~1 at|from|here|now|today",
			"order ~1 now|today|yours",
			"shop ~1 now",
		}},
		{cat: F, kind: "tradeable", reason: "", patterns: []string{
			"@med",
			"sick|fit ~1 note|notes",
			"appointment|appointments|prescriptions|scripts",
			"get|getting ~1 you ~1 seen|booked|in ~2 today|gp|doctor|tomorrow|same",
		}},
		{cat: F, kind: "warning", reason: "", patterns: []string{
			"scam|scams|scammer|scammers|scammed|scamming|phishing|fraudsters|smishing",
			"is ~1 this|it|that ~1 legit|real|genuine|true|official",
			"beware|warn|warning ~1 everyone|people|others|you",
			"please ~1 warn|share",
			"heads ~1 up",
			"hung ~1 up",
			"don't|dont|do ~1 not|never ~1 click|reply|give|pay|send",
			"be ~1 careful|aware|wary",
			"watch ~1 out",
			"claiming ~1 to ~1 be|from",
			"pretending ~1 to ~1 be ~1 from",
			"reported ~1 it|them",
			"fake ~1 text|texts|email|emails|message|messages|call|calls|account|page",
		}},
	}
}
