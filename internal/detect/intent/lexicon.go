package intent

import "github.com/pagekeeper/pagekeeper/internal/moderation"

// cue is one kind of evidence a phrase gives: a sign of a category, or
// context (a time word, a relative, a question about process) that the rules
// read to decide whether a sign counts.
type cue uint8

// Signs of safeguarding.
const (
	cueNone       cue = iota
	sgSuicide         // direct talk of ending one's life
	sgSuicideWord     // the word suicide/suicidal: may be hyperbole or a title
	sgFarewell        // indirect signs: goodbyes, giving things away, a plan
	sgHopeless        // hopelessness: weak alone
	sgSelfHarm        // cutting, burning, hurting oneself
	sgEating          // making oneself sick, starving
	sgAbuse           // someone being hit or hurt by another
	sgControl         // coercive control by a partner or family member
	sgNeglect         // a child or vulnerable adult left without care
	sgWelfare         // a vulnerable person not seen, missing, wandering
	sgExploit         // grooming or exploitation of a child
	sgVoices          // voices or thoughts about harming someone
	sgDanger          // a dangerous "cure" or medicines stopped for someone vulnerable
	sgStopMeds        // someone stopping vital medicine
	emStroke          // stroke signs
	emChest           // chest pain that may be cardiac
	emBreath          // cannot breathe, turning blue
	emOverdose        // has taken too many tablets
	emAllergy         // anaphylaxis signs
	emChild           // a seriously ill baby or child
	emCollapse        // collapsed, unconscious, fitting, won't wake
	emBrain           // signs of meningitis or a bleed on the brain
	emWeak            // a symptom that is urgent only with others or "now"

	// Signs of a clinical request.
	crAdvice  // asks what to do about symptoms
	crCallMe  // asks to be rung back
	crSee     // asks to see or speak to a clinician
	crReq     // a request form: can you, please, need, chase
	crAfter   // a request word that follows its object: my inhaler reissued please
	crRedo    // asks for something to be redone: resend, reissue, chase
	crObj     // an object of care: appointment, prescription, results
	crPending // asks whether their care has happened: is my referral through?
	crMedQ    // a question about how to take their own medicine (only in a question)
	crAppt    // asks whether there are appointments soon: any appointments this week?

	// Signs of a complaint.
	coExplicit // says it is a complaint or that the service is a disgrace
	coAccess   // phones, queues, waiting, nobody getting back
	coAttitude // rudeness, dismissiveness
	coError    // mistakes in care or admin
	coPremises // the building, facilities, parking
	coWeak     // grumbles that need another sign

	// Signs of a review.
	rvVerdict // stars, ratings, recommend/avoid, best/worst
	rvStrong  // praise that needs no more context: can't fault, angels
	rvPraise  // praise words that need a practice subject nearby

	// Context.
	auxNow      // happening now: now, minutes ago, for the last 20 mins
	auxPast     // in the past: last year, years ago
	auxHypo     // hypothetical or informational: signs of, if you have
	auxLaugh    // lol, haha, I swear, one more time: hyperbole markers
	auxChild    // a child: son, daughter, baby, 14 year old
	auxSecret   // secrecy: don't tell, nobody knows, without them finding out
	auxPlea     // a plea for help: please someone, help
	auxMine     // first person or the poster's dependant: my, me, I, our
	auxProcess  // a general service or process question: what time, how do I
	auxAdmin    // admin: update my mobile number
	auxOffer    // an offer or sale: selling, £10 a strip, DM me
	auxOthers   // an instruction to others: get your repeats in, folks
	auxGeneral  // the NHS or government in general, not this practice
	auxInfoThx  // thanks for information or an announcement
	auxPractice // the practice or its people as a subject
	auxOurs     // this practice in particular: this surgery, you lot, here, its name
	auxOtherOrg // another place (the hospital, the chemist, the cafe) as a subject
	auxNeg      // a negator just before a sign
	auxVeto     // an idiom or title that looks like a sign but is not one
	auxSignpost // signposting to help lines
	auxGenericQ // "can you have the jab if ...": a generic "you"
	auxSexual   // a sexual remark: not praise
	auxNotCo    // "complaining of tummy pain": a symptom, not a complaint
	auxWish     // a greeting or good wishes: welcome, goodbye, congratulations
	auxElse     // asks where else or how else a service is had: at a pharmacy instead, go private
	auxNotRv    // praise words about something else: a great way to, brilliant news
	numCues
)

// category returns the category a cue is a sign of, or "" for context.
func (c cue) category() moderation.Category {
	switch {
	case c >= sgSuicide && c <= emWeak:
		return moderation.Safeguarding
	case c >= crAdvice && c <= crAppt:
		return moderation.ClinicalRequest
	case c >= coExplicit && c <= coWeak:
		return moderation.Complaint
	case c >= rvVerdict && c <= rvPraise:
		return moderation.Review
	}
	return ""
}

// emergency reports whether c is a sign of a medical emergency.
func (c cue) emergency() bool { return c >= emStroke && c <= emWeak }

// reasons say in plain words what each sign means, for the staff member who
// reviews the post.
var reasons = [numCues]string{
	sgSuicide:     "talks about ending their life",
	sgSuicideWord: "mentions suicide",
	sgFarewell:    "sounds like a goodbye or a plan to end their life",
	sgHopeless:    "sounds hopeless",
	sgSelfHarm:    "describes self-harm",
	sgEating:      "describes making themselves sick or not eating",
	sgAbuse:       "describes someone being hit or abused",
	sgControl:     "describes a partner or relative controlling or threatening them",
	sgNeglect:     "describes a child or vulnerable adult being neglected",
	sgWelfare:     "a vulnerable person may be missing or unsafe",
	sgExploit:     "an adult may be exploiting a child",
	sgVoices:      "hears voices or has thoughts about harming someone",
	sgDanger:      "someone vulnerable is being given a dangerous remedy or taken off medicines",
	sgStopMeds:    "someone has stopped vital medicine",
	emStroke:      "describes stroke signs happening now",
	emChest:       "describes chest pain that may be a heart attack",
	emBreath:      "describes breathing difficulty happening now",
	emOverdose:    "describes a possible overdose",
	emAllergy:     "describes a severe allergic reaction happening now",
	emChild:       "describes a seriously ill baby or child",
	emCollapse:    "someone has collapsed or will not wake",
	emBrain:       "describes signs of meningitis or a bleed on the brain",
	emWeak:        "describes worrying symptoms happening now",
	crAdvice:      "asks for advice about symptoms",
	crCallMe:      "asks for a call back",
	crSee:         "asks to see or speak to a clinician",
	crReq:         "asks for care",
	crAfter:       "asks for care",
	crRedo:        "asks for something to be sent again",
	crObj:         "asks for care",
	crPending:     "chases care that has not happened yet",
	crMedQ:        "asks how to take their medicine",
	crAppt:        "asks for an appointment",
	coExplicit:    "complains about the service",
	coAccess:      "complains about getting through or waiting",
	coAttitude:    "complains about how staff treated them",
	coError:       "complains about a mistake in their care",
	coPremises:    "complains about the building or facilities",
	coWeak:        "grumbles about the service",
	rvVerdict:     "a review-style verdict",
	rvStrong:      "praises the practice or its staff",
	rvPraise:      "praises the practice or its staff",
}

// lexicon lists the phrases of each cue (pattern syntax in match.go).
// Apostrophes are left out: "can't" is written cant.
var lexicon = []struct {
	cue    cue
	weight float32 // how much one phrase counts towards the category (1 = enough alone); 0 means 1
	pats   []string
}{
	{sgSuicide, 0, []string{
		"kill|killing myself|meself|himself|herself|themselves",
		"end|ending it all",
		"end|ending|take|taking my|his|her|their own? life",
		"top|topping myself|meself|himself|herself",
		"want|wanna|wanted|wanting to die", "wanna die", "wanting to end it|disappear", "i|im ~2 ready to die",
		"wish i|id was|were dead", "wish i|id was|were never born", "wish i|id could ~1 disappear",
		"better off dead",
		"dont|didnt want to live", "do not want to live", "dont|didnt want to be alive|here ~1 anymore", "dont want to wake up",
		"no|any reason to live", "nothing ~1 left? to live for", "done with it all|everything|life", "point in|of me ~1 being here|alive|around", "if i ~2 wasnt|werent here|around|alive", "wish i wasnt|werent here|around|alive", "if i was|were gone|dead", "no reason to go on", "not want to be here anymore",
		"hang|hanging myself|himself|herself", "jump|jumping off ~3 bridge|building|roof|cliff",
		"jump|jumping|throw|throwing myself? in front of", "slit my wrists",
		"thoughts|thinking|thought of|about dying|death|suicide|jumping|hanging|overdosing", "thoughts|thinking|thought of|about ending it|everything|things", "thoughts|thinking|thought of|about killing myself",
		"sleep and never wake", "have|got|made ~1 a plan ~4 when|how|tonight", "know when|how ~3 do it", "going to do it tonight|tomorrow|soon", "pillow over", "end it for both of us", "kill|end ~2 both of us|us both", "want|wish|hope ~3 not|never wake up",
		"cant|cannot go on", "cant do this anymore", "cant do this any more", "cant do this|it no more", "what i might|could|will do to myself", "scared|afraid|frightened of ~2 myself", "do something stupid", "cant cope anymore", "cant cope any more",
	}},
	{sgSuicideWord, 0, []string{"suicide", "suicidal", "unalive", "kms", "kys"}},
	{sgFarewell, 0, []string{
		"better off without me", "happier without me", "everyone|everybody|family|kids ~3 better off|happier ~2 if i", "nobody|noone|one will|would miss me", "no one will|would miss me",
		"nobody|noone would even notice", "no one would even notice",
		"giving ~2 my|away ~1 stuff|things|belongings|possessions", "given away ~1 my",
		"wont be needing|need ~1 it|them", "where im going", "where i am going",
		"tonights the night", "tonight is the night", "sorry to everyone", "sorry for everything",
		"goodbye everyone", "goodbye all", "say goodbye", "final goodbye", "last goodbye",
		"saved|saving|stockpiled|stockpiling|hoarding ~2 tablets|pills|meds",
		"written|wrote|writing ~1 letters|note|notes to ~1 my|everyone",
		"thank you ~2 for trying", "for trying to help me",
		"this is goodbye", "wont be here", "wont|not be around ~1 much|for long|longer", "wont|not be around anymore", "not be here much longer", "not be here tomorrow",
		"then someone would notice", "maybe then someone", "stood|standing|sat|sitting|went ~2 on|at|to the ~1 bridge|edge|cliff|railway|tracks|roof", "made|making my peace", "wont be a bother|burden|problem ~3 anyone|anybody|after|much", "after tonight", "pills|tablets|meds lined up", "why am i ~1 still? alive|here", "why bother living|being alive", "point of me ~1 being alive|here",
	}},
	{sgFarewell, 0.5, []string{"be around|here much|for longer|long", "thanks for everything", "thank you for everything", "this is it", "love you ~1 mum|dad|all|everyone|guys", "sorry everyone|all|mum|dad"}},
	{sgHopeless, 0.5, []string{
		"dont|cant see the point ~2 anymore|any|living|more",
		"no point ~2 anymore|living|going", "no point in life", "no point any more",
		"whats the point in|of living|anything|life", "what is the point in|of living|anything|life",
		"says theres no point", "says there is no point",
		"hopeless", "worthless", "a burden", "burden to everyone|everybody|them|us", "burden to my family",
		"nothing to live for", "given up on life", "cant take it anymore", "cant take it any more",
		"at breaking point", "end of my tether", "im done", "i am done", "had enough of everything|life",
	}},
	{sgSelfHarm, 0, []string{
		"cutting again|myself|herself|himself", "cut myself|herself|himself", "cut|cutting my|her|his arm|arms|wrists|legs|thighs",
		"self harm|harming|harmed|harmer", "selfharm", "selfharming",
		"hurting|hurt|burning|burnt|burned|burn|burns|punching|hitting|harm myself",
		"scratch|scratching myself ~2 until|till ~2 bleed|bleeds|bleeding", "harming myself",
	}},
	{sgEating, 0.6, []string{
		"make|making|made myself|herself|himself sick|throw|vomit",
		"starving|starve|starved myself|herself|himself",
		"stopped|stop|not eating", "hasnt|havent|hasn't eaten ~2 days|week|weeks",
		"not ~1 eaten ~2 days|week|weeks",
		"binge|binging|bingeing and? purge|purging|purging", "purging",
		"anorexia|anorexic|bulimia|bulimic",
		"throwing up after ~1 i|she|he eat|eats|meals",
	}},
	{sgAbuse, 0, []string{
		"hurts|hits|hit|hitting|beats|beat|beating|punches|punched|kicks|kicked|slaps|slapped|smacks|smacked|chokes|choked|strangled|shoves|pushed|shoved|burns|burnt me|her|him|us",
		"smacked|slapped|hit|punched|kicked|hurt|bruised my|our ~3 #num? year|yr|month? old|son|daughter|baby|toddler|boy|girl|kid|child|lad",
		"handprint|handprints", "hand print", "black eye", "marks on her|his|my neck|face|arms|back|legs|body",
		"abuses|abused|abusing me|her|him|them|us", "abusive", "dragging|dragged|grabbed|grabbing|bundled ~4 girl|boy|child|kid|kids|baby|toddler ~3 into|car|van",
		"touched|touches|touching me|her|him inappropriately?",
		"made|makes me|her|him do things", "sexually abused|assaulted|touched",
		"scared|afraid|frightened|terrified of him|her", "scared|afraid|frightened|terrified of my ~1 dad|stepdad|husband|partner|boyfriend|mum|wife",
		"scared|afraid|frightened to go home",
		"hell|shell|hes|shes kill|hurt|kills me|us", "he|she will|would kill|hurt ~1 me|us|baby|kids|children|son|daughter", "hes|shes|he|she is? going to kill|hurt me|us",
		"threatened|threatens|threatening to kill|hurt|take",
		"violent towards|to me|us|her",
	}},
	{sgControl, 0, []string{
		"locks|locked|lock me|us in|out",
		"takes|took|taken|checks|checked|reads|controls my phone|messages|money|bank|card", "goes through my phone|messages",
		"he|she|husband|partner|boyfriend|girlfriend|wife|dad|stepdad|mum|hubby wont|doesnt|dont|never let|lets me",
		"not allowed to see|go|leave|speak|talk|have",
		"controls|controlling everything|all", "controls|controlling my ~1 money|life|finances|phone", "coercive|coercion",
		"domestic abuse|violence", "dv", "being followed", "follows|followed|following me ~3 home|every|everywhere", "non molestation", "restraining|protection|injunction order", "stalking|stalked|stalks|stalker",
	}},
	{sgNeglect, 0, []string{
		"wet|soiled|dirty pads|pad", "left|sitting|sat|lying|same ~3 wet|soiled|dirty nappy|nappies|sheets|bed|clothes",
		"left ~2 sat|lying|alone ~4 all|hours|days|day|night",
		"out on his|her|their own until|till|at|after|all",
		"asking|asks|begging ~2 for food", "always|constantly hungry", "no food in the house",
		"home alone", "left alone ~3 night|nights|day|hours", "leaves|left|leaving ~5 kids|children|baby|toddler|son|daughter|child ~4 car|alone|unattended|own", "baby|child|toddler|kids|children|kid ~2 left ~3 alone|car|unattended",
		"nobody|noone feeds|washes|changes", "no one feeds|washes|changes",
		"not fed|unfed", "living in filth|squalor", "self neglect|neglecting", "left ~3 bed|chair|room ~3 all|hours|days|night", "carer|carers ~3 not|havent|hasnt|didnt|never turned|come|shown|visited|been", "carer|carers ~2 keep|kept|keeps missing|skipping", "left without food|water|heating|care|help|medication", "had nothing to eat|drink", "nothing to eat ~3 days",
	}},
	{sgNeglect, 0.5, []string{"taking|taken|takes|stealing|steals|stole money|cash from|out", "never visit|visits|comes", "never checks on her|him", "no coat|coats|shoes|food", "look|looks|looking so? thin|hungry|dirty|neglected|unkempt|scruffy", "pressure sores", "bedsores", "got sores", "in just a t|tshirt|nappy", "neglect|neglected|neglecting"}},
	{sgWelfare, 0, []string{
		"nobody|noone|nobodys|noones has? seen", "no one has|s? seen",
		"nobodys|noones seen",
		"hasnt|havent|not been seen", "not seen him|her|them for", "havent|hasnt|not|nobody|noone seen ~1 her|him|them ~2 for|in ~1 days|ages|#num|two|three|four",
		"wandering|wanders|wandered ~3 night|streets|road|roads|motorway|nightie|pyjamas",
		"found her|him ~2 road|street|wandering|floor",
		"went missing", "gone missing", "is missing", "stuck|lying|been ~1 on the floor", "fallen and cant get up", "hasnt|not|never come|came|been home ~3 night|nights|days", "run|ran|runs away from home", "run|ran|runs away again", "has|have run|ran away", "not|without moved|moving|eating|drinking ~3 days|hours|day", "for #num|two|three days without",
	}},
	{sgWelfare, 0.5, []string{
		"curtains ~2 shut|closed|drawn", "milk|milks|post ~2 on the step|doorstep|mat",
		"not answering ~2 door|phone", "wont answer the door",
		"sleeping in ~1 car|rough|street|tent|doorway", "doorway|outside|street ~4 freezing|shivering|cold", "sleeping rough", "kicked him|her|me out",
	}},
	{sgExploit, 0, []string{
		"groomed|grooming", "man|men|someone|guy|bloke|adult he|she|they met online", "share|post|send my|her|his ~1 pictures|photos|pics|nudes|images unless|if|to", "unless i|she|he send", "asked her|him for photos|pictures|pics|nudes", "gives|giving|supplies|supplying|selling ~2 kids|children|teenagers|teens|youngsters ~1 drugs|alcohol|vapes|weed|cigarettes", "takes|taking them|kids|her|him to parties",
	}},
	{sgExploit, 0.5, []string{
		"older|grown|adult man|men|guy|lad|bloke", "sending her|him pictures|photos|pics", "sent ~1 pics|pictures|photos|images|videos by|from",
		"picks her|him up from school", "buys her|him presents|gifts|phones|vapes",
		"boyfriend|girlfriend whos|who is|is #num", "asked|asking|wants|wanted her|him to meet", "talking|chatting|messaging to|with ~2 man|men|stranger|strangers|adult|older ~2 online|snapchat|instagram|tiktok|game",
	}},
	{sgVoices, 0, []string{
		"voices ~3 telling|tell me|her|him",
		"hearing voices",
		"thoughts ~2 hurting|harming|killing my|the ~1 baby|son|daughter|kids|children|child",
		"want|wanted|going to ~1 hurt|harm my|the ~1 baby|son|daughter|kids|children|child",
		"shake|shook|shaking the|my baby",
	}},
	{sgDanger, 0.5, []string{
		"mms", "chlorine dioxide", "drink|drinking|drank|giving|gave|give ~2 bleach|turpentine",
		"stopped|stop|taken ~1 all|off his|her|their ~1 other? meds|medication|medicine|insulin|tablets",
		"off all his|her ~1 meds|medication|tablets",
	}},
	{sgStopMeds, 0.7, []string{
		"stopped|stopping|not taking|refusing ~1 his|her|my|their insulin",
	}},
	{sgStopMeds, 0.4, []string{
		"stopped|stopping|not|refuses|refusing taking ~1 his|her|my|their meds|medication|tablets",
	}},
	{emStroke, 0, []string{
		"face ~2 dropped|drooping|droopy|drooped|fallen|sagging", "face ~2 gone funny",
		"speech ~2 slurred|slurring|gone|funny|strange", "slurring ~1 words|speech",
		"cant|cannot lift ~2 arm|arms", "arm|arms ~2 weak|numb|dead",
		"one side ~3 dropped|numb|weak|drooping", "cant|cannot move ~3 arm|leg|face|side", "one side of ~2 body|face", "stroke ~1 signs|symptoms",
		"having a stroke", "think ~2 stroke", "is it a stroke", "fast symptoms",
	}},
	{emChest, 0, []string{
		"chest pain|pains", "crushing ~2 pain|chest", "pain|pains|ache|pressure|tightness in ~1 my|his|her|the chest", "spreading|radiating|going ~1 to|down|into ~1 my|his|her jaw|arm|neck|back", "pain ~3 down my|his|her left? arm|jaw",
		"tight|tightness ~1 chest", "chest ~2 tight|tightness|crushing|heavy",
		"having a heart attack", "think ~3 heart attack", "is it a heart attack",
	}},
	{emBreath, 0, []string{
		"cant|cannot|couldnt breathe|breath", "can not breathe", "cant catch ~1 breath",
		"struggling|fighting|gasping to|for breathe|breath|air",
		"lips|lip|face|fingers ~2 blue|grey", "turning|turned|gone|going blue",
		"not breathing", "stopped breathing", "gasping", "breathing ~2 weird|funny|strange|shallow|noisy|fast",
		"inhaler ~2 not|isnt|isn't helping|working", "harder ~3 to breathe|breath", "barely|hardly breathe|breathing", "can barely|hardly speak|talk",
	}},
	{emOverdose, 0, []string{
		"taken|took|swallowed|had all ~1 my|her|his|the|of ~2 pills|tablets|meds|medication",
		"taken|took|swallowed ~2 oxycodone|tramadol|codeine|morphine|diazepam|paracetamol|sleeping",
		"overdose|overdosed",
		"whole|full packet|bottle|box|pack|strip of ~1 pills|tablets|paracetamol|sertraline|oxycodone|codeine|diazepam|tramadol|ibuprofen|meds",
		"taken too many", "took too many", "toddler|baby|son|daughter|child|kid|old|boy|girl|one ~3 swallowed|eaten|ate|drank|drunk|into ~4 tablets|pills|antidepressants|medicine|meds|medication|paracetamol|painkillers|battery|batteries|bleach|magnet|magnets|washing|cleaner|liquid|capsules|detergent", "took|taken|had|swallowed more ~5 than ~3 should|prescribed|meant|allowed", "double|triple dosed|dose ~2 by mistake|accident", "swallowed|taken|took|necked|had ~3 load|lot|handful|loads|bunch|packet|packets|box|boxes|bottle of ~1 pills|tablets|paracetamol|meds|painkillers|sleeping", "dont know how many ~3 taken|eaten|swallowed|had", "do not know how many ~3 taken|eaten|swallowed|had",
	}},
	{emOverdose, 0.5, []string{
		"taken|took|swallowed ~2 #num ~3 pills|tablets|paracetamol|sertraline|oxycodone|codeine|diazepam|tramadol|ibuprofen|co|citalopram|fluoxetine|zopiclone|amitriptyline",
	}},
	{emAllergy, 0, []string{
		"lips|lip|tongue|throat|face|mouth ~2 swelling|swollen|swelled|closing|puffing",
		"swelling|swelled up", "anaphylaxis|anaphylactic", "epipen", "epi pen",
	}},
	{emAllergy, 0.5, []string{"allergic reaction", "seizure|seizures", "fitting"}},
	{sgAbuse, 0.5, []string{"bruises|bruising|bruised", "flinches|flinch|flinched|cowers|cowering"}},
	{emChild, 0.5, []string{"screaming|crying|howling in pain", "inconsolable"}},
	{emChild, 0.5, []string{"wont|isnt|not feed|feeding|drink|drinking", "hard to wake", "not waking|rousing"}},
	{emChild, 0, []string{
		"floppy", "not feeding",
		"rash ~5 doesnt|dont|didnt|doesn't|wont|not go|fade|disappear",
		"glass test", "hands and feet ~3 cold|freezing|icy|blue|mottled", "mottled|blotchy skin", "temperature|temp|fever of ~1 40|41|42", "throwing up ~1 green|bile", "green vomit|sick", "non blanching", "nonblanching", "blanching", "sunken ~1 soft spot|fontanelle|eyes", "soft spot ~2 sunken", "no|hasnt|not|havent had ~1 a|any wet nappy|nappies",
		"wont|cant|cannot|doesnt wake|rouse ~1 him|her|up|them", "wont wake up", "cant wake ~1 him|her|them|up",
		"gone|is|went|floppy limp", "high pitched cry",
	}},
	{emCollapse, 0, []string{
		"collapsed", "unconscious", "unresponsive", "passed out",
		"having a fit|seizure", "fitting now|still",
		"choking", "wont stop bleeding", "bleeding heavily|badly|everywhere",
		"cant stop being sick", "cant stop vomiting|shaking", "blood everywhere",
	}},
	{emBrain, 1, []string{"worst headache ~3 life", "thunderclap headache", "sudden ~1 severe|terrible|blinding|worst headache"}},
	{emBrain, 0.6, []string{"cant|cannot|couldnt look at ~1 the? light|lights", "light ~2 hurts|hurting ~2 eyes", "stiff neck", "neck ~2 stiff", "terrible|severe|blinding headache", "not making ~1 much|any? sense", "talking gibberish|nonsense"}},
	{emWeak, 0.3, []string{
		"wheezing|wheezy", "sweating", "clammy", "dizzy", "confused", "drowsy", "very sleepy",
		"being sick", "vomiting", "pain", "blood", "rash", "temp|temperature|fever",
	}},

	{crAdvice, 0, []string{
		"should i|we be worried|concerned", "is this|that|it normal|serious|worrying",
		"what do|should i|we do", "what shall i|we do", "tell me what to do", "what to do",
		"do|should i|we need to see|get|go|come|ring|call|bring|take|be", "should i|we see|go|get|take|ring|call|come|book|worry",
		"do i need antibiotics|a|an", "can i take", "is it safe for me|him|her|my", "anything ~3 i|he|she|we can ~1 take|have|try|use", "anything ~3 i|he|she|we can be given", "can i|he|she be given|prescribed", "should|shall|do i|we bring|take him|her|them|it|my ~3 in|down|to|along",
		"any advice", "advice please", "please advise", "does this sound like", "could it be",
		"were they|it normal|ok|okay|clear|fine", "are they normal", "is it normal",
		"what does it mean", "what does that mean", "wat does that mean",
		"how long should", "what now|next", "something ~2 the? gp|doctor|nurse|you can ~1 help|do|sort|prescribe", "can|could the|a gp|doctor|nurse help", "what else can|should|could i|we try|do|use|give", "what can i|we try|give|use", "something ~1 i|we|he|she should ~2 come|see|get|go|worry|book|bring|take", "please help", "please someone", "someone help",
	}},
	{crCallMe, 0, []string{
		"ring|call|phone|contact me|him|her|us|my ~2 back",
		"ring|call|phone me|him|her|us on|when|today|asap|please|pls|between|before|after",
		"call|ring|phone me|him|her pls|please", "ring|call me",
		"have|get|need|want|request|like|arrange|book a|another call back", "have|get|need|want|request|like|arrange|book a|another callback",
		"can|could someone|somebody|some1|you|anyone ~2 ring|call|phone|contact|come|visit|assess",
		"can|could the|a doctor|docter|nurse|gp|pharmacist ~1 call|ring|phone|see|look|check|write|sign|send|do|prescribe|give|refer|increase|change|visit|come",
	}},
	{crSee, 0, []string{
		"can|could|may|need|want i|we|he|she|my ~2 see|speak|talk to? ~1 a|the doctor|docter|gp|nurse|someone|clinician",
		"need|want|needs to see a|the ~1 doctor|docter|gp|nurse|someone", "need|want|needs to speak|talk to a|the ~1 doctor|docter|gp|nurse|someone",
		"can|could a|the doctor|docter|gp|nurse look|see|check|examine",
		"check on him|her|them|my", "how can|do|does|could he|she|i|we get ~1 help|seen|support", "how can|do|does|could he|she|i|we get an|some? appointment", "can|could my|he|she|i|we ~3 be referred|tested|checked|prescribed|given", "can|could|who ~2 refer me|him|her|us|my", "my|his|her ~3 needs|need reviewing|checking|changing|renewing|increasing|sorting|redoing|repeating", "looked at|checked ~1 today|asap|tomorrow|urgently", "get ~4 looked at|checked|seen", "am i due ~1 a|an|my", "im|hes|shes due ~1 my|his|her|a|an", "i|he|she am|is due ~1 my|his|her|a|an", "is he|she due ~1 a|an|his|her", "are we due", "be seen ~1 today|tomorrow|asap|urgently|quickly|soon", "be looked at ~1 today|tomorrow|asap|urgently|quickly|soon", "can|could my|he|she|i|we ~3 be seen", "how ~1 quickly|soon|long can|could|will|until i|we|he|she ~1 be seen|get",
	}},
	{crReq, 0, []string{
		"can|could|would|will you|u", "can|could someone|somebody|some1|anyone", "can|could the surgery|practice|doctor|nurse|gp|pharmacist",
		"can|could|may i|we|he|she|they ~1 get|have|order|book|request|ask|make", "can|could my ~2 get|have", "any chance ~1 of|for|i|we|my|he|she", "is it possible ~1 to|for|i|we|my|he|she",
		"please|pls|plz|pleasee", "need|needs|needed|neeed", "id like", "i would like", "requesting",
		"sort", "send", "extend|extension|renew", "order|ordering", "book me|him|her|us",
		"get|gets|getting my|his|her|our",
		"want my|his|her|an|a", "make sure", "book in", "book me|him|her|us in", "im|were after", "i am after",
	}},
	{crAfter, 0, []string{
		"reissued|reissuing|extending|extended|renewed|renewing|checking|increasing|increased|resending|please|pls|plz|asap|urgently|moved|rearranged|rebooked|reviewing|reviewed",
	}},
	{crRedo, 0, []string{"resend|reissue|chase|chasing", "correct|fix|amend ~1 it|this|them|my", "need it|them before i run out", "sort it|this out please|pls|asap|today", "sort|fix this|it ~1 today|asap|please|now|urgently", "no tablets|meds|medication|inhaler|pills|insulin left", "run|ran out of my", "send ~2 again", "re send", "re issue", "print|send|issue|give|do me another", "print|send|issue|give|do me a new|copy"}},
	{crObj, 0, []string{
		"appointment|appointments|appt|appts|apointment|appoinment|apt|appointmnt",
		"prescription|prescriptions|perscription|prescripton|presciption|perscriptions|script|scripts",
		"repeat|repeats", "meds|medication|medications|medicine|inhaler|inhalers|antibiotics|tablets|cream|painkillers|drops|patches|spray|hrt|pill|injection", "pain relief", "assessment", "phone|telephone call|appointment|consultation",
		"results|result|bloods", "blood test|tests", "fit|sick note|notes", "fitnote|sicknote|med3", "doctors|gp|drs|doctor note|letter",
		"referral|refferal|referal|referrals", "home visit|visits", "dose", "midwife|antenatal", "booking appointment",
		"adhd|medication|med|meds|asthma|diabetes|diabetic|annual|pill|contraception|his|her|my ~1 review",
		"my|his|her|our|their ~2 jab|jabs|vaccine|vaccination|vaccinations|booster|immunisations",
		"dressing|dressings", "my|his|her ~1 record|records|notes", "warfarin|inr|anticoagulation|diabetic|asthma|baby|wound ~1 clinic|check|test|review", "referral|hospital letter", "letter|note ~2 from ~1 my|the gp|doctor|surgery", "scan|xray|ultrasound",
	}},
	{crPending, 0, []string{
		"is|has|are|have my|his|her|our ~3 through|ready|sent|back|done|arrived|booked",
		"is my|his|her ~3 booked", "has my|his|her ~3 been", "has|have|is ~1 gone|been|come through", "gone through yet", "are|is they|it|them|these|those ~1 back|in|ready|through", "has|have been sent|done|received|processed|approved|actioned|signed",
		"where is|are my|his|her", "my|his|her ~2 still? isnt|hasnt|havent|not ~1 been? ready|through|sent|done|come|arrived", "still waiting for|on my|his|her|the", "waiting ~4 for|on my|his|her", "my|his|her ~3 yet", "any news on|about my|his|her", "heard anything ~2 my|his|her",
		"when will|can my|his|her|i", "how long for|until|till|before my",
		"havent|not had my|any", "no sign of my",
		"if|unless my|he|she ~2 doesnt|dont get",
	}},

	{crAppt, 0, []string{
		"any ~1 appointments|appts|appointment|slots|availability|space|spaces ~5 today|tomorrow|tonight|week|monday|tuesday|wednesday|thursday|friday|saturday|morning|afternoon",
	}},
	{crMedQ, 0, []string{
		"take|use|inject|taking|using my|his|her ~4 tablets|medication|meds|inhaler|insulin|pills|patches|injections|antibiotics|dose",
		"take|use ~1 these|this|them ~2 with|before|after|together|at", "which is right|correct", "says take", "how many ~2 should i|he|she|we take|give|have",
	}},
	{coExplicit, 0, []string{
		"complain|complaint|complaints|complained|complaining",
		"disgrace|disgraceful|shambles|shambolic|appalling|unacceptable|ridiculous|diabolical|atrocious|incompetent|incompetence",
		"not good enough", "a|absolute|total|complete|fkn|fucking|f*cking|bloody joke",
		"joke this|of a place", "joke of a surgery|practice|service", "joke this surgery|practice|service|place",
		"sort it|yourselves|this out", "sort your ~3 out", "sort out your|the",
		"piss poor", "fed up", "sick|tired of ~1 this|being|the|it", "sick and tired",
		"phones|phone|appointments|system|booking|reception|receptionists|parking|website|service|lines ~3 nightmare|shambles|joke|useless|awful|terrible|hopeless|impossible|rubbish|appalling|atrocious|dreadful|shocking",
		"terrible|awful|shocking|poor|rubbish|shite|shit|sh*t|crap|crappy|dreadful|horrendous|woeful|sh1t service|attitude|care|phones|phone|parking|system|communication|organisation|reception|everything|treatment",
		"whats the point of|in", "what is the point of", "what the ~1 is the point", "whats the point",
		"nobody|noone ever? reads|answers|listens|cares", "no one ever? reads|answers|listens|cares",
		"bollocks|b0ll0cks that", "hate|hated the ~2 phone|phones|system|triage|booking|new", "farce|fiasco|travesty", "hard|difficult|impossible|confusing to use", "anyone else find|finding|struggle|struggling ~3 hard|difficult|impossible|confusing|frustrating", "shitshow|sh*tshow|circus|madhouse|clown show", "nobody|noone knows what ~2 doing", "no one knows what ~2 doing", "had to beg", "shouldnt|should not be this hard|difficult", "same excuse|excuses", "always an excuse", "nightmare ~3 trying|getting|to get", "how hard is it|can it be", "not being funny but", "non existent|nonexistent", "lack of ~2 communication|empathy|care|compassion|respect|information|continuity|organisation", "stopped the|their ~2 clinic|clinics|service|surgery|appointments", "disgusted|appalled|horrified|livid|furious|gutted that|by|with|at", "need|needs more staff|receptionists|doctors|people|lines|appointments", "really|so|very|absolutely upset|disappointed|angry|annoyed|gutted that|with|about|by", "not acceptable", "not ok|okay|right that", "is not on", "shame about ~2 the|your", "what a shame", "so|really|very|incredibly annoying|frustrating|infuriating", "pretty|really|very poor|bad|rubbish that", "stopped|stop doing|offering|providing", "no longer do|does|doing|offer|offers|offering|provide|see|take", "cant|cannot|couldnt book ~3 ahead|advance|more than", "cant|cannot i|we|you book ~3 ahead|advance|more than", "something|anything ~2 going to be|be done about", "going on for months|weeks|years|ages", "every|any other surgery|practice|gp|doctors", "other surgeries|practices ~3 do|manage|can|offer", "stop|keep sending|texting|ringing me", "raise ~2 concern|concerns|issue|issues", "concerns about the", "is failing", "failing patients|people", "not happy|impressed|pleased ~2 with|about", "not happy|impressed|pleased at all", "how i|we|he|she|my|mum|dad ~2 was|were|been treated|spoken",
		"let down by", "let me|us|him|her down", "feel ~1 let down", "failed|failing my|him|her|me|us|patients",
		"lottery", "gatekeeping|gatekeepers|gatekeeper", "gatekeep",
	}},
	{coAccess, 0, []string{
		"on hold", "hold music", "caller|callers number|no", "you are caller", "youre caller", "position ~1 #num in", "#num in the queue", "in the queue for ~1 #num|an|half|ages|over",
		"phone queue", "cut off", "got cut", "rings|ringing|rang out", "cant|couldnt|cannot|never get through",
		"8am|8 ~2 lottery|scramble|rush|queue|free|battle|nonsense|madness|race",
		"ringing at 8", "phone scramble", "phone|phones ~3 never|nobody|not|always engaged|busy", "engaged tone",
		"no appointments|appts|appointment ~1 left|available", "no appointments",
		"cant|couldnt|cannot|never get ~2 appointment|appointments|appt|seen|anyone|anybody|answer", "cant|cannot|never speak|talk to anyone|anybody", "cant|cannot|never speak|talk to a human|person|doctor|clinician", "ago and nothing", "ago and still nothing|waiting|no", "ago and no reply|response|answer|call", "anyone|anybody actually reading|read|reads",
		"impossible to get", "hard to get ~2 appointment|appointments|through|seen",
		"been trying|tryin|tried ~5 since|for|all|every", "blood out of a stone", "like pulling teeth",
		"trying to get ~3 for a month|week|fortnight", "trying to get ~3 for #num days|weeks|months",
		"nobody|noone|nobodys|noones ~3 back|rang|called|replied|responded|answered|rung", "no one ~3 back|rang|called|replied|responded|answered|rung",
		"never rang|called|rung|replied|got ~1 back", "no reply|response|answer|callback", "no call back",
		"still waiting", "still nothing", "still no", "still ~1 isnt|hasnt|havent|not ~1 ready|sent|through|done|come|arrived|heard", "still havent|hasnt|not ~1 had|got|received|heard", "so hard|difficult|impossible to get|see|book", "why is it so hard|difficult", "still not ~2 heard|had|got|been|sent",
		"waited|waiting|wait #num ~1 weeks|days|hours|hrs|mins|minutes|months|weeks|week|day|hour|hr",
		"waited|waiting ~1 over|nearly|almost|for ~1 a|an|three|two|four|five|six|eight|ten weeks|days|hours|hrs|mins|minutes|months|week|month|hour",
		"waited|waiting ~1 over|nearly|almost|for ~1 #num weeks|days|hours|hrs|mins|minutes|months|week|month|hour",
		"three|two|four|five|six weeks|days|months ~3 waiting|wait|later", "#num weeks|days|months ~3 waiting|wait|later",
		"sat on ~1 my|his|her|it",
		"form ~3 shut|closed", "form ~3 switched|turned off", "closed by|at #num",
		"getting in ~2 problem|impossible|nightmare", "pillar to post", "round in circles", "passed around|about", "cant|cannot wait on the ~1 phone|telephone",
		"supposed to ~1 see|get|speak", "wish the phones", "fob|fobs|fobbed ~2 off",
		"past my appointment", "late for my appointment", "running ~1 late", "kept ~1 waiting",
		"not ~1 got back", "hasnt|havent ~2 got|gotten back",
		"in the waiting room for ~2 hours|hour|ages", "took|takes ~2 weeks|months|ages",
		"every time i ring|call", "wont|wouldnt|doesnt anyone|anybody|someone ~1 tell|explain|call|ring|reply", "waited|waiting|wait ~1 a|an fortnight|week|month|year", "recorded|automated message ~3 minute|minutes|long|ages", "minute|minutes|min ~2 recorded|automated message|messages", "high|large call volumes|volume", "second|third|fourth|fifth|umpteenth time ~3 this|now|in|running|that", "given|gave up ~2 trying|ringing|calling|phoning", "waiting list ~5 year|years|months", "only time i|we can|could ~1 come|ring|call|get|make", "no one ~2 has? turned|shown|come up", "nobody|noone ~2 has? turned|shown|come up|came", "need|have to be dying", "need|have to be at deaths door", "system|app|form|website|booking ~3 confusing|complicated|impossible|difficult", "cant|cannot|couldnt use ~1 it|the|online|computers|app", "only ~1 book|order|contact ~1 online", "only do it online", "dont have a|the|any smartphone|computer|internet", "do not have a|the|any smartphone|computer|internet", "dont have internet|computers", "ran|run|running out of ~1 slots|appointments|appts|vaccine|vaccines|jabs", "waste of ~2 time|morning|day|afternoon", "second|third|fourth|fifth|sixth attempt|attempts", "#num attempt|attempts", "nothing has|had come|gone through", "nothing since", "heard nothing", "waited|waiting|wait ~1 two|three|four|five|six|eight|ten|several|many weeks|days|months|hours", "phones|phone|lines ~2 diverted|switched|go off", "diverted to", "black hole", "letters|letter|referral|referrals|results|forms|prescription|requests|notes ~4 disappear|disappeared|disappears|vanish|vanished|missing|lost", "closed|shut|closing ~2 early", "closed|shut|closing ~2 without notice", "with no|without notice|warning", "nobody|noone picked|picks|answered|answers", "no one picked|picks|answered|answers", "system|website|app|phones|line|lines|booking ~3 down|broken|crashed ~2 all|for|since|again", "system|website|app|phones|line|lines|booking ~3 not working", "told to ring|call|try ~3 back|again|tomorrow", "second|third|fourth|fifth|sixth|#num day|days|week|weeks|time|times running", "#num|second|third|fourth|fifth|another week|time|day ~2 chasing|asking|waiting|ringing|of", "been asking|chasing for", "nobody|noone seems to know", "no one seems to know", "closes|shuts|closed|shut for lunch", "only time i can ring|call", "asked|chased|rung|phoned|rang ~3 three|two|four|five times", "asked|chased|rung|phoned|rang ~3 #num times", "no word|news|update|contact ~2 from|since", "been #num months|weeks and", "been nine|six|eight|ten months|weeks and", "rang|called|phoned|rung|tried ~2 #num times", "try|ring|call again tomorrow", "had to repeat|explain ~2 my|myself|everything", "three|four different people|doctors|receptionists|staff", "#num different people|doctors|receptionists|staff", "waiting times|time|list|lists ~3 shorter|long|longer|ridiculous|terrible|awful|shocking|disgraceful", "#num mins|minutes|hours|hrs|hr on|in ~1 hold|queue|phone",
		"on the phone for", "weeks for ~1 a|an appointment|callback|call", "call back ~3 window|anytime", "call back ~3 any time",
	}},
	{coAttitude, 0, []string{
		"rude|rudest|rudely|arrogant|abrupt|dismissive|patronising|condescending|unprofessional|unhelpful|uncaring|snotty|stroppy|sarcastic",
		"eye roll|eyeroll", "rolled ~1 her|his|their eyes", "shrugged|sniggered|laughed|scoffed ~1 at me|him|her|us",
		"short with", "barely ~2 looked|listened|spoke", "didnt|wouldnt ~1 look|listen|care", "did not ~1 look|listen|care",
		"wasnt|werent|not ~2 listening", "they|he|she|doctor|doctors|gp|gps|receptionists|nobody ~1 doesnt|dont|never listen|listens",
		"couldnt|cant care less", "could not care less", "couldnt|cant be bothered", "could not be bothered",
		"nobody|noone ~2 said|says sorry", "no one ~2 said|says sorry", "not ~1 even ~1 an? apology|sorry", "no apology",
		"a talking to", "like i was something", "treated ~2 like", "made me feel ~1 like|stupid|small",
		"left without ~2 answer", "spoke to me like", "attitude problem", "bad attitude", "stinking attitude",
		"power mad", "jobsworth|jobsworths", "was|were|so|really|very|too rough with", "heavy handed", "no|zero|poor|terrible|awful bedside manner", "felt|feel|was|were ~2 rushed", "rushed ~2 out|through", "isnt|not|wasnt enough time", "not ~1 taken seriously", "dont|doesnt|didnt take me|him|her|it seriously", "learn some manners", "no manners", "need|needs ~2 some? training|manners", "not their|my|our|your problem|job|responsibility", "left in tears", "made me feel ~2 like i was", "shouted|announced|discussed ~6 across the", "shouted|announced|discussed|read ~6 loudly|aloud", "in front of everyone|everybody", "left ~4 undressed|waiting|alone ~3 for", "half undressed", "have|had to explain|repeat ~3 every|each|again|whole|history", "never|didnt ~1 looked|look at ~2 me|him|her|my|us", "whole|entire appointment|consultation|time typing|on", "dont|doesnt|didnt ~1 seem to? know what|how", "had to ask me what", "wasting ~2 time", "told me|him|her|us ~1 to stop|leave", "told me|him|her|us to go away", "hung|hangs|hang up on me|us", "put|puts the phone down on", "not medically trained|qualified", "not even a doctor|nurse|clinician", "none of their|your business",
	}},
	{coError, 0, []string{
		"wrong address|injection|medication|meds|dose|patient|results|person|drug|prescription|name|date|letter|pharmacy|vaccine|jab|arm",
		"lost|losing|misplaced my|his|her|the|our ~2 results|bloods|sample|samples|referral|prescription|notes|letter|forms|form", "late|wrong|missing|lost ~4 months|weeks|times running", "in a row", "interacts|interacted|interaction with ~2 my|his|her|other", "could have killed|harmed", "caught it",
		"not ~1 issued", "hadnt|not|never been actioned",
		"missed my|his|her|their ~2 cancer|diagnosis|tumour|fracture|appendicitis|sepsis",
		"was|been|were refused|denied ~2 an? appointment|appt|appointments|prescription|referral|visit|help", "refused|refuse|refuses|refusing to prescribe|refer|see|visit|come|give|help|book|let|treat|register",
		"wont|wouldnt tell me|us", "refused to tell me", "nobody|noone flagged|checked|noticed", "no one flagged|checked|noticed",
		"cancelled|canceled my|his|her appointment|appt", "cancelled|canceled ~3 by text", "cancelled|canceled ~3 last minute", "cancelled|canceled ~4 hour|day before", "my|his|her appointment|appt ~1 was|got|been cancelled|canceled|moved", "didnt|doesnt|never say|explain why", "did not say|explain why", "didnt|never tell us|me why", "no reason|explanation ~1 given|why", "altered|changed|falsified my|the ~2 record|records|notes",
		"redone|re-done", "without asking|consulting|telling", "told me|said ~1 it was nothing|fine|just", "misdiagnosed|misdiagnosis", "someone elses|another patients ~1 prescription|results|letter|meds|notes|medication", "could|might of|have been dangerous|fatal|serious", "negligence|negligent|neglect",
		"breach|breached", "read ~3 out loud", "didnt change ~1 gloves", "gave me ~1 infection",
		"gave|given|prescribed ~4 allergic to", "drunk", "stinking of drink|booze|alcohol", "smelled|smelt of drink|alcohol|booze",
		"left ~3 on the floor", "mistake|mistakes|mixup|cockup", "messed|mixed|cocked up", "mix up",
		"never arrived", "went to the wrong", "lost in the|your system", "lost them|it|the first", "didnt|never tell|inform ~1 my|the|me|us|anyone", "did not tell|inform ~1 my|the|me|us|anyone", "wrong opening hours|information|info|number|details|times", "keeps|kept getting postponed|cancelled|canceled|moved|delayed", "didnt|did not|havent|hasnt|never send|sent it|them|my|the", "charged ~3 for", "should be|have been free", "had to pay for", "wasnt|werent|not ~1 recorded|updated|noted", "wasnt|werent|not ~1 passed on", "you havent|hasnt|didnt|never sent|passed|forwarded|replied|done|bothered|signed", "blame each other", "who do i believe", "no record of ~1 it|my|the|him|her", "said ~3 send it", "still not been sent",
		"shred|shreds|shredded|bin|bins|binned ~2 complaint|complaints|letters",
		"sell|sells|selling ~2 appointments",
		"turned|sent|turn me|him|her away", "sent|turned away", "sent home without|after|because", "without being seen", "never|not added|updated|recorded ~3 record|records|notes|system", "no one knew", "nobody|noone knew",
	}},
	{coPremises, 0, []string{
		"out of order", "toilet|toilets ~3 broken|filthy|dirty|disgusting|locked|closed",
		"lethal", "someone|somebody ~2 going to ~1 break|fall|slip|trip", "nearly went flying",
		"filthy", "freezing in", "too hot|cold in", "too loud", "turned down|off",
		"no parking", "parking ~2 nightmare|awful|terrible|impossible",
		"polite suggestion", "suggestion", "nearly|almost tripped|fell|slipped|fallen", "pitch black", "no lighting|lights", "trip hazard", "would be nice if", "could the ~4 be",
		"nowhere to sit", "no seats|chairs|seating", "made to stand|wait", "no wheelchair|disabled access", "not wheelchair", "heating|lights|lift|doors|door|toilets|toilet|ramp|dryer|machine|machines|screen|phones|kiosk ~3 broken|smashed", "heating|lights|lift|doors|door|toilets|toilet|ramp|dryer|machine|machines|screen|phones|kiosk ~3 not working", "no accessible|disabled ~1 parking|space|spaces|bays", "without badges", "broken ~2 for weeks|days|months|ages", "waiting room|area|surgery ~2 freezing|cold|filthy|dirty|boiling",
	}},
	{coAccess, 0.6, []string{"said|promised ~3 ring|call|phone|send|get|sort", "told me ~3 ring|call|phone|send|get|sort"}},
	{coWeak, 0.4, []string{
		"again", "every single time", "as usual", "typical", "why do|does|is|cant",
		"moan|moaning", "annoying|annoyed|frustrating|frustrated|angry|furious|livid",
		"useless|pathetic|disgusting|hopeless", "every time", "short staffed", "every single day|week", "its now? monday|tuesday|wednesday|thursday|friday|saturday|sunday", "it is now? monday|tuesday|wednesday|thursday|friday|saturday|sunday", "have to travel|drive|go miles", "why cant|wont|dont i|we|you", "forgot|forgotten to", "ran out", "for a month", "gave|give up",
	}},

	{rvVerdict, 0, []string{
		"#num star|stars", "zero|no|one|two|three|four|five|0|1|2|3|4|5 star|stars",
		"would not|never recommend", "wouldnt|dont|cant|cannot recommend", "do not recommend",
		"would|highly|definitely ~1 recommend", "recommend ~2 this|millbrook|them|it|highly",
		"avoid this|like|at", "stay away", "steer clear", "find another ~1 surgery|practice|gp",
		"worst ~2 surgery|practice|gp|gps|doctors|service|place|experience|reception|receptionists|receptionist|medical|care",
		"best ~1 surgery|practice|gp|gps|doctor|doctors|nurse|nurses|receptionist|receptionists|team|service|care|practice|healthcare",
		"surgery|practice|doctors|nurses|staff|team|receptionists|gps|they|millbrook are|is|were ~1 the best",
		"still the best", "the best ~2 around|in|going", "gone|going downhill", "used to be ~3 good|great|brilliant|better|excellent|lovely", "best|worst experience", "kindest|nicest|friendliest|loveliest|best|greatest nurses|nurse|doctors|doctor|staff|team|receptionists|gp|gps|surgery|practice", "most caring|helpful|professional|efficient nurses|nurse|doctors|doctor|staff|team|receptionists|gp|gps|surgery|practice", "rating", "out of five|ten", "#num out of #num",
	}},
	{rvStrong, 0, []string{
		"cant|cannot|couldnt fault", "could not fault", "can not fault", "no complaints", "never had any? complaints|problems|issues",
		"changed my life", "cant thank ~3 enough", "cant|cannot say enough ~2 good|nice|positive", "nothing but good|praise", "cant praise|rate|recommend ~3 enough|highly",
		"above and beyond", "credit to", "top notch", "first class", "kudos", "five star", "gold star",
		"dont|cant know|see|understand what ~3 moaning|complaining|moan|complain", "do not know|see|understand what ~3 moaning|complaining|moan|complain",
		"credit where", "well done ~3 team|staff|reception|receptionists|nurses|doctors|dr|nurse", "thanks for listening", "thank you for listening", "cant believe how quick|quickly|fast|easy|efficient", "seen within #num", "in and out in", "big|huge|massive thank|thanks|thankyou",
		"thank you ~2 team|dr|nurse|doctor|staff|doctors|nurses", "thank you so much", "thanks so much", "thanks ~2 team|dr|nurse", "thanks to everyone at", "grateful to ~2 dr|nurse|team|you|staff|surgery",
		"love the new", "love this|the surgery|practice|place|team",
		"great to see", "keep up the good work", "good job",
	}},
	{rvPraise, 0.6, []string{
		"brilliant|amazing|fantastic|excellent|outstanding|superb|wonderful|incredible|lovely|fab|fabulous|marvellous|great|perfect|caring|compassionate|helpful|efficient|friendly|reassuring|thorough|gentle|smooth|painless|organised|organized|impressed|impressive|stars|star|legend|legends|gem|diamond",
		"so|very|really|always|incredibly|genuinely kind|patient", "patient with", "quick|quickly seen|service|response|appointment",
		"didnt feel a thing", "remembered my", "came out smiling", "took ~2 time with|to listen|to explain", "put ~1 me|him|her|us|them at ease", "took the time",
		"really listened", "actually listened", "listened to me", "really|actually listens", "the only one who|that ~2 listens|cares|helps|bothers",
		"sorted ~3 flat|minutes|mins|quickly", "sorted ~3 straight away", "sorted ~3 same day",
		"how quick|fast ~2 was|that", "sorted ~3 within|in an|the hour|minutes", "got through ~2 first|straight|quickly", "got through at #num", "same day appointment",
		"actual appointment", "on the ball", "spot on", "well run|managed",
	}},
	{rvPraise, 1, []string{
		"they|theyve|youve|youre|you|she|shes|he|hes|everyone|everybody ~2 been|are|were|was|is ~1 always|so|really|absolutely|just|honestly? excellent|brilliant|amazing|fantastic|wonderful|lovely|great|fab|superb|outstanding|kind|helpful|caring",
	}},
	{rvPraise, 0.6, []string{"thank you|thanks ~3 for sorting|helping|fitting|squeezing|organising|arranging"}},
	{rvPraise, 1, []string{"best thing|part about|of", "are|is|were the ~1 friendliest|kindest|nicest|loveliest|best"}},
	{rvPraise, 1, []string{"angel|angels|lifesaver", "life saver", "saved my|his|her life", "deserves|deserve a medal|award|payrise|raise", "been|is|are a rock",
		"brilliant|amazing|fantastic|excellent|outstanding|superb|wonderful|incredible|lovely|fab|fabulous|marvellous|great|good|caring|helpful|friendly|efficient|kind surgery|practice|staff|team|nurse|nurses|doctor|doctors|gp|gps|receptionist|receptionists|reception|service|care|lady|man|people|bunch|clinic",
	}},
	{rvPraise, 0.4, []string{"thank you", "thanks", "thankyou", "ta", "cheers"}},
	{rvPraise, 0.6, []string{"thank you ~2 all|everyone|us", "well done all|everyone", "shout out", "shoutout", "so|really|very|brilliant|great|amazing good with ~1 my|him|her|the|kids|children|us"}},
	{rvPraise, 1, []string{"love|loved|loving the|your ~3 decorations|display|garden|mural|tree|artwork|music|benches|plants|flowers|decor|makeover|refurb|building|waiting"}},

	{auxNow, 0, []string{
		"now", "right now", "just now", "currently", "at the moment", "tonight", "today",
		"#num mins|minutes|min|hours|hour|hrs|hr ago", "an hour ago", "half an hour ago", "minutes ago", "mins ago",
		"for the last|past an|a|few mins|minutes|hours|hour", "for the last|past half ~1 hour", "half an hour", "for the last|past #num mins|minutes|hours|hour", "started ~3 ago",
		"since this morning", "since last night", "since lunch|tea|dinner",
		"keeps|keep getting worse", "getting worse", "is swelling", "are swelling", "going blue",
		"ive|hes|shes just", "i|he|she|we|weve|theyve just", "just taken|took|had|swallowed",
	}},
	{auxPast, 0, []string{
		"last year|month|week|summer|christmas", "years|months|weeks ago", "when i was", "had a|an ~2 allergic|anaphylactic|seizure|reaction", "i|he|she had ~2 seizure|seizures|reaction", "went away", "in the past", "history of",
		"back in", "used to", "as a teenager|child|kid", "had a stroke", "after his|her|my stroke", "since his|her|my stroke",
	}},
	{auxHypo, 0, []string{
		"signs of", "symptoms of", "know the signs", "if you|anyone|someone|your|ur ~2 have|has|notice|notices|see|get|experience",
		"what are the", "awareness", "remember fast|f.a.s.t", "call 999 if", "in case",
		"first aid", "training|course|webinar", "as a joke", "pretend|pretends|pretending|pretended", "for|from laughing", "does|do anyone else", "anyone else get|gets|had|have", "always turn|turns out", "turn|turns|turned out to be nothing", "when he|she|i|they walks|walk|walking|exercise|exercises|climb|climbs|run|runs|lies|bend", "side effect|effects", "can|may|might|could cause", "known to cause", "causes", "reduction|improvement|prevention in|of", "always said|says|thought", "anti seizure", "i was given", "was prescribed", "what happens if", "do you know", "reminder",
	}},
	{auxLaugh, 0, []string{
		"lol|lmao|lmfao|rofl|haha|hahaha|hahah|jk|joking|kidding|jokes", "i swear", "one more time",
		"if i ~1 hear|see|have ~5 again|more|time", "top|kill myself if",
	}},
	{auxChild, 0, []string{
		"son|sons|daughter|daughters|baby|babys|babies|toddler|child|childs|children|kid|kids|boy|girl|lad|newborn|infant|grandson|granddaughter|stepson|stepdaughter|teen|teenager|nephew|niece|grandchild|grandkids|pupil|pupils", "little one",
		"#num year|yr|month|week old", "#num yo|yr|yrs|mo", "im|shes|hes|aged #num", "i|she|he am|is #num",
	}},
	{auxSecret, 0, []string{
		"dont tell", "please dont tell", "do not tell", "nobody|noone knows", "no one knows", "without them|him|her ~2 finding out", "without them|him|her ~2 knowing",
		"please dont reply", "dont reply", "not to call anyone|anybody", "dont call anyone|anybody", "dont want to bother", "dont know who to tell", "who do i tell",
		"dont want them to know", "on my sisters|friends|mates", "delete this",
	}},
	{auxPlea, 0, []string{
		"please someone", "someone help", "help me", "please help", "help please", "help",
		"what do i do", "what should i do", "what do we do", "tell me what to do", "please",
	}},
	{auxMine, 0, []string{
		"my|me|mine|i|im|ive|id|myself|our|us|we|ours|mines",
		"son|daughter|baby|husband|wife|partner|mum|mom|dad|nan|gran|grandad|grandma|grandpa|nana|mother|father|brother|sister|child|kids",
	}},
	{auxProcess, 0, []string{
		"how do|can|would|should i|we|you|one", "how to", "what time", "where do|can|should i|we", "do you ~1 still? do|offer|have|run|take",
		"is there a|an", "are there any", "when is|are the|your", "can i bring", "whats|what the email|number|address|website", "what is the email|number|address|website", "best way to",
		"opening hours", "set up", "proxy access", "temporary resident", "register|registering|registered|deregister",
		"do we|i need to book", "is it walk", "walk in", "what are your", "who do i", "is|are the ~2 clinic|clinics",
		"does the|anyone", "anyone know", "does anyone", "is it still", "are you still", "do i|we need to bring a|any|anything|id|proof|photo|my|our",
		"do we need a|an|to book|register|bring", "is it ok to", "normal to wait", "how long ~1 do|does|should|after|before", "need|have to wait", "are you open", "what do we do if", "what do i do if",
	}},
	{auxAdmin, 0, []string{
		"update|updated|change|changed ~1 my|his|her|our mobile|number|phone|address|email|details|name|surname",
		"my new number|address|mobile|email", "changed numbers|address", "changed my number|address|mobile",
		"carers register", "ppg", "newsletter",
	}},
	{auxOffer, 0, []string{
		"selling|whatsapp|discreet", "for sale", "inbox|dm|pm|message me|us", "sensible offers", "no prescription ~1 needed", "no questions",
		"anyone want my", "guaranteed", "contact on the inside", "discount|promo|voucher code", "with|use code", "off with code",
	}},
	{auxOthers, 0, []string{
		"get your|ur ~2 repeat|repeats|orders|prescriptions|prescription|requests|in",
		"folks|everyone|everybody|guys|people ~1 remember", "dont forget to", "remember to",
		"for those asking", "tip for anyone", "if anyone needs", "try the|using ~2 online|form|app|website|pharmacy|walk", "much quicker|easier", "fyi", "heads up", "just so you know", "save yourself|yourselves", "for anyone wondering",
	}},
	{auxGeneral, 0, []string{
		"government|govt|ministers|tories|labour|parliament|westminster",
		"the nhs", "nhs app", "nhs in general", "our nhs", "nhs nurses|staff|doctors|workers|heroes", "everywhere", "nationally", "on the news", "gp funding", "funding",
		"across the country", "all gps", "every surgery", "every gp",
	}},
	{auxInfoThx, 0, []string{
		"thanks|thankyou|cheers for ~1 posting|sharing|letting|info|information|reminder|heads|update|link|tip|this|that|clarifying",
		"thank you for ~1 posting|sharing|letting|info|information|reminder|heads|update|link|tip|this|that|clarifying",
		"thanks|thankyou for the ~1 info|information|reminder|heads|update|link|tip|text|post|letter|notice",
		"thank you for the ~1 info|information|reminder|heads|update|link|tip|text|post|letter|notice",
		"thanks for posting", "interesting read", "thanks|thank|thankyou you? so much for ~2 update|info|information|reminder|heads|post|link|letting|sharing|posting", "useful to know", "good to know", "noted", "useful info",
		"thanks for the heads up", "for the reminder",
	}},
	{auxPractice, 0, []string{
		"surgery|practice|dr|doctor|doctors|docs|gp|gps|nurse|nurses|receptionist|receptionists|reception|team|staff|hca|pharmacist|phlebotomist|clinician|clinicians|paramedic",
		"you all", "you lot", "you guys", "this place", "here", "flu clinic", "clinic", "online consultation|system|form|booking", "new system", "extended|new|late|evening|weekend|saturday hours|opening|clinic|clinics", "waiting room",
		"appointment", "service", "care", "everyone at", "all of you",
	}},
	{auxOurs, 0, []string{
		"this|the|our|my surgery|practice|place|reception|receptionists|receptionist", "you lot|guys|all", "here", "your receptionists|reception|staff|surgery|phones|phone",
	}},
	{auxOtherOrg, 0, []string{
		"bank|banks|airline|insurance|broadband|provider|energy|newsletter|read|article|post|poster|leaflet|day|weather|sunshine|walk|photo|picture|pic|idea|news|cafe|chemist|hospital|111|dentist|boots|coop|council|bus|school|radio|tv|news|app|government|physio|pharmacy|telly|shop|supermarket|tesco|asda|film|movie|weather", "walk in", "a e", "a and e", "co op",
		"the nhs",
	}},
	{auxNeg, 0, []string{
		"not|never|no|cant|cannot|dont|didnt|doesnt|wasnt|isnt|wont|wouldnt|couldnt|without|hardly|nobody|noone|neither|nor", "trying|tried|struggling to",
	}},
	{auxVeto, 0, []string{
		"suicide squad", "suicide prevention|awareness|helpline|line|hotline",
		"nearly|almost|practically|literally had|have a heart attack", "heart attack at|over|about the", "gave me a heart attack", "heart attack when",
		"dying for a|to", "killing me", "could murder", "kill for", "nearly died|died of", "my heart sank",
		"self assessment", "cutting edge", "take my breath away", "breathe a sigh",
		"blue light", "once in a blue", "swelling of|after ~1 the|my jab|injection", "collapsed umbrella|tent",
		"killing two birds", "killed two birds", "strangle my husband|wife|partner", "no point ~1 ringing|calling|trying|asking|complaining",
		"whats the point of it|the|this|a|an|having|ringing|calling|trying", "what is the point of it|the|this|a|an|having",
		"pain in the", "growing pains", "rash decision", "after fasting", "temperature check",
		"fit note|notes", "sick note|notes", "blood test|tests|results|pressure|form|forms", "my bloods",
		"mates rates", "sick of", "wet weather", "overdose|overdosed|od on ~1 chocolate|sugar|cake|sweets|caffeine|coffee|tv|telly|netflix|sun|food|easter|christmas|carbs", "killing him|her|them|us", "as a joke", "for|from laughing", "killing|killed|kill myself|meself laughing|laughin", "miss me at|in|on|for work|school|the|today|tomorrow", "the night for|of the",
	}},
	{auxSignpost, 0, []string{
		"samaritans", "116 123", "shout", "85258", "papyrus", "mind", "if anyones|anyone struggling", "if anyone is struggling",
		"youre not alone", "you are not alone", "reach out", "talk to someone", "helpline",
	}},
	{auxSexual, 0, []string{
		"arse|ass|bum|boobs|tits|booty|sexy|fanciable|nudes|phwoar|shag|bonk", "well fit", "legs on her|him", "gorgeous|beautiful|hot|lovely|nice eyes|legs|figure|body|lips", "asking for a friend",
	}},
	{auxNotRv, 0, []string{"great|good|brilliant|lovely|fab|fantastic|amazing way|idea|chance|opportunity|news|initiative|photo|photos|pic|turnout|effort|cause|weather|day"}},
	{auxElse, 0, []string{"at a|the pharmacy|chemist|hospital instead?", "go private", "or do i|we need to", "or is it|that the|a"}},
	{auxWish, 0, []string{
		"welcome|goodbye|farewell|congratulations|congrats|bye", "be|being patient with", "hope everyone", "happy retirement|birthday|christmas|new|easter", "merry christmas", "good luck", "all the best",
	}},
	{auxNotCo, 0, []string{"complaining|complained|complains|complain of|about ~2 pain|ache|aches|tummy|headache|headaches|feeling|sore", "as a joke"}},
	{auxGenericQ, 0, []string{
		"can|do|should you have|get|catch|take the|a|an|it|shingles|flu|covid", "can you still",
		"do you get", "is it true", "why do|does|should|must i|we|you have to", "generally|usually|normally|typically", "in general",
	}},
}
