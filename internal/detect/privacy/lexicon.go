package privacy

// Word classes. A word may carry several; New folds every list below into one
// lookup table so that Detect needs one map probe per word.
const (
	cRelative    uint64 = 1 << iota // mum, dad, son, neighbour: another person the poster knows
	cSelf                           // i, me, my, mine: the poster
	cMy                             // my, our: a possessive that may introduce a relative
	cThirdPron                      // he, she, his, her: another person
	cTitle                          // dr, nurse, mr, mrs ...
	cFirstName                      // a common UK first name (firstnames.go)
	cOrdinary                       // an ordinary English word that is also a name (will, hope, hill)
	cStreet                         // road, street, lane, close: ends a street name
	cPlaceNoun                      // valley, division, hall: ends a proper noun that is not a person
	cHealth                         // a health detail (cough, chemo, pregnant)
	cHealthWork                     // care a clinician gives (jab, smear, bloods): health for a patient, work for staff
	cCommerce                       // forex, bitcoin: the post is selling something, its names are not patients
	cNotName                        // capitalised words that are never a surname (months, days, NHS, GP)
	cPlacePrep                      // in, at, to, from, near: before a place
	cNameFollow                     // is, was, has, gave: a name at a sentence's start is doing something
	cVerbComp                       // you, there, be: follows will/hope/mark as verbs
	cSubjPron                       // i, we, you, they: before a verb, not a name
	cDet                            // the, that, this: before a singled-out role
	cDescr                          // new, tall, blonde: a description that singles one person out
	cFeature                        // hair, beard, glasses: "the receptionist with the purple hair"
	cWeekday                        // monday ... sunday
	cMonth                          // january ... december
	cDOBCue                         // dob, born, birth, birthday
	cStaffCtx                       // reception, desk, phones: where staff are
	cOtherRole                      // teacher, vicar, boss: a role outside the practice
	cPracticeRef                    // surgery, practice, reception: the practice as owner of a number
	cPersonNoun                     // lady, man, lad: an unnamed but pointed-at person
	cIdiomPart                      // the word appears in an idiom (see idioms)
	cCopula                         // is, was, has, been, off: links a staff name to a state
	cSelfIntro                      // "i'm", "name": introduces the poster's own name
	cRoleWord                       // the first word of a role phrase (nurse, practice, receptionist)
	cContrFollow                    // a, the, so: follows "Bob's" when it means "Bob is"
	cNameCue                        // saw, poor, congrats to: words before a person's name
	cRelPlural                      // mates, friends: relatives in the plural
	cScan                           // whoever, at, hospital: words that start a special scan
	cBody                           // heart, knee, blood: a health detail when a condition word follows
	cCondition                      // failure, op, pain: follows a body word
	cWhoever                        // whoever: may start a description of whoever was on duty
)

// Title kinds.
const (
	titleNone = iota
	titleDr
	titleNurse
	titleSocial
)

// titleKind returns the kind of a title word, or titleNone.
func titleKind(w string) int {
	switch w {
	case "dr", "doctor", "doc", "prof", "professor":
		return titleDr
	case "nurse", "sister":
		return titleNurse
	case "mr", "mrs", "ms", "miss", "mx":
		return titleSocial
	}
	return titleNone
}

// titleList lists the title words.
var titleList = []string{"dr", "doctor", "doc", "prof", "professor", "nurse", "sister", "mr", "mrs", "ms", "miss", "mx"}

// relatives are people a poster speaks for; "my dad" is someone else.
var relatives = []string{
	"mum", "mom", "mam", "mummy", "mother", "dad", "daddy", "father", "step-dad", "stepdad", "stepmum", "stepmother", "stepfather",
	"son", "daughter", "stepson", "stepdaughter", "child", "kid", "baby", "toddler", "boy", "girl",
	"husband", "wife", "hubby", "missus", "partner", "fiance", "fiancee", "boyfriend", "girlfriend", "ex",
	"brother", "sister", "bro", "sis", "twin", "cousin", "nephew", "niece", "aunt", "auntie", "aunty", "uncle",
	"nan", "nana", "nanna", "nanny", "gran", "granny", "grandma", "grandmother", "grandad", "granddad", "grandpa", "grandfather",
	"grandson", "granddaughter", "grandchild", "grandkid",
	"friend", "mate", "pal", "bestie", "neighbour", "neighbor", "flatmate", "housemate", "colleague", "lodger",
	"father-in-law", "mother-in-law", "inlaws", "in-laws", "carer", "patient",
}

// personNouns point at an unnamed person who is not the poster.
var personNouns = []string{"lady", "man", "woman", "lad", "bloke", "guy", "fella", "chap", "gentleman", "gent", "fellow", "resident", "tenant", "occupant"}

var selfWords = []string{"i", "me", "my", "mine", "myself", "i'm", "im", "i've", "ive", "i'd", "i'll", "mine's"}

var thirdPronouns = []string{"he", "she", "his", "her", "him", "hers", "he's", "she's", "himself", "herself", "he'd", "she'd", "he'll", "she'll"}

var subjPronouns = []string{"i", "we", "you", "u", "they", "i'll", "we'll", "you'll", "they'll", "i'd", "we'd", "i'm", "we're", "just", "really", "do", "did", "dont", "don't", "so", "would", "could", "should", "shall"}

// streetWords end a street or place name ("Hope Street", "Moss Lane", "Castle Hill").
var streetWords = []string{
	"road", "rd", "street", "st", "lane", "ln", "close", "avenue", "ave", "drive", "way", "crescent", "court", "ct",
	"place", "grove", "gardens", "gdns", "view", "terrace", "walk", "row", "green", "rise", "mews", "square", "parade",
	"hill", "bank", "park", "fold", "croft", "boulevard", "brow", "end", "top", "side", "lea", "meadow", "meadows", "yard",
	"wharf", "passage", "approach", "dene", "vale", "wynd", "gate", "bridge",
}

// placeNouns end a proper noun that names a place, band, brand or event, not a person.
var placeNouns = []string{
	"valley", "division", "hall", "centre", "center", "hospital", "surgery", "practice", "school", "academy", "college",
	"university", "church", "chapel", "pub", "inn", "arms", "club", "fc", "united", "city", "town", "village", "estate",
	"pharmacy", "chemist", "dale", "moor", "common", "tea", "biscuits", "biscuit", "smoke",
	"lake", "beach", "bay", "island", "cottage", "farm", "tower", "station", "airport", "shop", "store",
	"supermarket", "cafe", "group", "trust", "foundation", "society", "radio", "tv", "show", "band", "festival",
	"spells", "weather", "morning", "afternoon", "evening", "side", "period", "walking", "walk", "walks", "party", "squad",
}

// notNames are capitalised words that never start or end a person's name.
var notNames = []string{
	"i", "the", "a", "an", "and", "or", "but", "if", "so", "to", "of", "in", "on", "at", "for", "with", "from", "by",
	"nhs", "gp", "gps", "a&e", "ae", "icu", "mri", "covid", "app", "uk", "ok", "okay", "thanks", "thank", "please", "hi", "hello",
	"dear", "yes", "no", "not", "is", "was", "are", "be", "has", "have", "had", "do", "does", "did", "it", "its", "it's",
	"this", "that", "these", "those", "my", "your", "his", "her", "our", "their", "he", "she", "we", "they", "you", "me",
	"who", "what", "when", "where", "why", "how", "which", "there", "here", "just", "also", "still", "now", "then", "today",
	"tomorrow", "yesterday", "tonight", "morning", "christmas", "easter", "halloween", "bank", "holiday", "street", "road",
	"day", "eve", "year", "new", "boxing", "good", "friday", "mothers", "fathers", "valentine's", "valentines", "bonfire",
	"general", "royal", "infirmary", "university", "teaching", "county", "council", "borough", "north", "south", "east",
	"west", "northern", "southern", "eastern", "western", "first", "plus", "direct", "online", "health", "care", "medical",
	"centre", "service", "services", "team", "group", "pcn", "icb", "trust", "foundation", "news", "bbc", "itv", "channel",
	"surgery", "practice", "pharmacy", "hospital", "boots", "tesco", "asda", "aldi", "lidl", "sainsbury's", "co-op",
	"facebook", "instagram", "whatsapp", "twitter", "tiktok", "google", "amazon", "youtube", "dm", "pm", "am", "ps",
	"ward", "clinic", "team", "reception", "everyone", "anyone", "someone", "all", "some", "any", "every", "each",
	"mum", "dad", "nan", "gran", "son", "daughter", "wife", "husband", "friend", "neighbour", "brother", "sister",
	"nurse", "dr", "doctor", "mr", "mrs", "ms", "miss", "new", "old", "little", "big", "great", "good", "best",
	"get", "got", "can", "can't", "will", "would", "could", "should", "must", "may", "might", "shall",
	"saw", "seen", "had", "heard", "seeing", "met", "said", "says", "told", "asked", "rang", "called", "cheers",
	"huge", "massive", "congrats", "congratulations", "well", "done", "happy", "birthday", "love", "lovely",
	"sending", "prayers", "rip", "pray", "reminder", "remember", "welcome", "shout", "out", "big", "special",
}

// health words are health details about a person.
var healthWords = []string{
	"cough", "coughing", "cancer", "chemo", "chemotherapy", "radiotherapy", "methadone", "heroin", "twins", "pregnant",
	"pregnancy", "midwife", "miscarriage", "miscarried", "sectioned", "leukaemia", "leukemia", "diabetic", "diabetes",
	"insulin", "warfarin", "asthma", "asthmatic", "inhaler", "adhd", "autism", "autistic", "dementia", "alzheimer's",
	"alzheimers", "stroke", "depression", "depressed", "anxiety", "stress", "stressed", "sick", "ill", "illness", "poorly",
	"infection", "hiv", "aids", "chlamydia", "std", "sti", "stis", "herpes", "gonorrhoea", "gonorrhea", "syphilis", "hepatitis",
	"overdose", "overdosed", "rehab", "operation", "op", "fracture", "fractured", "hip", "dialysis", "transplant", "tumour",
	"tumor", "diagnosed", "diagnosis", "terminal", "hospice", "palliative", "icu", "hospital", "hospitalised", "meds",
	"medication", "antidepressants", "antibiotics", "addict", "addiction", "alcoholic", "epilepsy", "epileptic", "seizure",
	"seizures", "arthritis", "copd", "parkinson's", "parkinsons", "bipolar", "schizophrenia", "schizophrenic", "psychosis",
	"suicidal", "anorexia", "anorexic", "bulimia", "disabled", "deaf", "blind", "wheelchair", "pneumonia", "covid", "flu",
	"fever", "rash", "wound", "sepsis", "meningitis", "measles", "chickenpox", "shingles", "mumps", "scabies", "eczema",
	"psoriasis", "stitches", "injury", "injured", "concussion", "crutches", "counselling", "therapy", "psychiatrist",
	"breakdown", "allergic", "allergy", "anaphylaxis", "epipen", "ivf", "abortion", "cyst", "lump", "cardiac", "angina",
	"pacemaker", "ms", "ambulance", "paramedics", "bedbound", "housebound", "frail", "prescribed",
	"tablets", "pills", "cholesterol", "thyroid", "cataract", "cataracts", "glaucoma", "incontinent", "catheter",
	"stoma", "colostomy", "mastectomy", "lymphoma", "melanoma", "tumours", "maternity", "labour", "contractions",
	"nerves", "birth", "newborn", "burnout", "sclerosis", "syndrome", "disease", "disorder", "fibrosis", "palsy",
	"dystrophy", "fibromyalgia", "lupus", "crohn's", "colitis", "broken", "sprained", "unwell", "infected", "virus", "bug", "vomiting", "diarrhoea", "migraine", "migraines",
}

// healthWork words are care a clinician gives: a patient's health detail, but
// a staff member's day job.
var healthWork = []string{
	"jab", "jabs", "smear", "bloods", "scan", "x-ray", "xray", "mri", "biopsy", "results", "referral", "dressing", "dressings",
	"injection", "vaccine", "vaccinated", "vaccination", "appointment", "appt", "prescription", "bed",
	"physio", "test", "tests", "check-up", "checkup", "consultation",
}

// bodyWords name a part of the body or a kind of care; followed by a
// condition word they are a health detail ("heart failure", "knee op").
var bodyWords = []string{
	"heart", "chest", "back", "knee", "hip", "blood", "mental", "eating", "self", "lung", "lungs", "kidney", "kidneys", "liver",
	"waiting", "home", "bowel", "breast", "prostate", "skin", "eye", "ear", "leg", "arm", "shoulder", "foot", "ankle",
	"wrist", "neck", "stomach", "tummy", "bladder", "brain", "spine", "sexual", "cervical", "ovarian", "memory", "hearing",
}

// conditionWords follow a body word to make a health detail.
var conditionWords = []string{
	"failure", "attack", "attacks", "pain", "pains", "replacement", "pressure", "test", "tests", "health", "disorder",
	"harm", "harming", "op", "operation", "surgery", "problems", "problem", "infection", "room", "visit", "condition",
	"injury", "screening", "scan", "cancer", "disease", "transplant", "bleed", "aids", "loss", "tumour", "issues",
}

// commerceWords mark a post that sells something: the people it names are
// part of the pitch, not patients.
var commerceWords = []string{
	"forex", "bitcoin", "btc", "crypto", "cryptocurrency", "trading", "trader", "invest", "investment", "investing",
	"portfolio", "profit", "profits", "signals", "earn", "earning", "earnings", "income", "returns", "vouchers", "giveaway",
	"promo", "discount", "dm", "inbox", "onlyfans", "nft", "loan", "loans", "casino", "betting", "prize", "winner", "jackpot",
	"ppm", "txt", "pobox", "unsubscribe", "stop2end",
}

var placePreps = []string{"in", "at", "to", "from", "near", "via", "around", "towards", "through", "past", "outside", "into", "round"}

// nameFollowers follow a name used as a subject at the start of a sentence
// ("Bob is", "Grace gave"), and rarely follow will/hope/mark/sunny as
// ordinary words. Past-tense verbs in -ed are accepted by shape.
var nameFollowers = []string{
	"is", "was", "isn't", "wasn't", "has", "had", "hasn't", "did", "does", "didn't", "doesn't", "gave", "told", "said",
	"says", "saw", "took", "rang", "sorted", "helped", "made", "got", "came", "went", "wrote", "refused", "shouted",
	"laughed", "knows", "knew", "thinks", "thought", "needs", "who", "keeps", "kept", "found", "spotted", "rolled",
	"deserves", "wants", "worked", "gets", "takes", "makes", "tells", "treats", "treated", "seems", "'s", "lives", "works", "goes", "comes", "asks", "talks", "looks", "sounds", "listens",
	"cares", "helps", "hates", "loves", "likes", "runs", "manages", "handles", "answers", "ignores", "refuses", "shouts",
	"laughs", "moans", "explained", "explains", "tried", "tries",
}

// nameCues come before a person's name ("saw Bronwen Pugh", "congrats to
// Leanne Booth", "poor Tilly Osborne").
var nameCues = []string{
	"saw", "seen", "see", "to", "for", "and", "with", "poor", "little", "old", "young", "pray", "praying", "congrats",
	"congratulations", "thanks", "love", "met", "meet", "visit", "visiting", "visited", "about", "called", "named",
	"including", "bless", "rip", "remember", "know", "knows", "heard", "hear", "tell", "told", "hope", "wish", "is",
	"was", "like", "dear", "hi", "hello", "hey", "mr", "mrs", "ms", "miss",
}

// verbComps follow will/hope/mark/sunny used as ordinary words ("Hope you",
// "Will there", "Mark my words").
var verbComps = []string{"you", "u", "your", "ur", "there", "be", "everyone", "everybody", "all", "my", "so", "not", "we", "they", "it", "it's", "he's", "she's", "the", "to", "of", "things", "i", "i'm", "he", "she", "people", "folks", "y'all", "yall", "do"}

var determiners = []string{"the", "that", "this", "whoever", "whichever", "our"}

// descriptors single one member of a staff group out.
var descriptors = []string{
	"new", "tall", "short", "blonde", "blond", "ginger", "redhead", "redheaded", "bald", "young", "younger", "old", "older",
	"elderly", "pregnant", "foreign", "scottish", "irish", "welsh", "polish", "american", "australian", "trainee",
	"student", "temp", "locum", "skinny", "fat", "chubby", "bearded", "tattooed", "pierced", "curly", "senior", "head",
	"junior", "tiny", "petite", "posh", "geordie", "scouse", "brummie", "cockney",
}

var features = []string{"hair", "beard", "nose", "eyebrows", "lipstick", "earrings", "glasses", "specs", "tattoo", "tattoos", "accent", "piercing", "piercings", "ponytail", "moustache", "mustache", "fringe", "bun", "dreadlocks", "braids", "nails", "lanyard", "headscarf", "hijab", "turban"}

var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tues", "thurs", "weds", "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"}

var months = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

var dobCues = []string{"dob", "born", "birth", "birthday", "bday", "dob:"}

var staffCtx = []string{"reception", "desk", "front", "phones", "phone", "counter", "hatch", "duty", "shift", "switchboard", "dispensary"}

var otherRoles = []string{
	"teacher", "headteacher", "head", "headmaster", "headmistress", "teacher's", "vicar", "priest", "boss", "manager's",
	"landlord", "landlady", "coach", "councillor", "mp", "tutor", "lecturer", "dentist", "optician", "vet", "solicitor",
	"consultant", "surgeon", "midwife", "hv", "visitor", "social", "worker", "officer", "pc", "sergeant", "inspector",
	"judge", "professor", "captain", "army", "author", "singer", "actor", "actress", "character", "presenter",
}

var practiceRefs = []string{"surgery", "practice", "reception", "you", "your", "ur", "u", "helpline", "line", "option", "team", "office", "samaritans", "clinic"}

var copulas = []string{"is", "was", "has", "been", "off", "who", "who's", "on", "'s", "got", "isn't", "wasn't", "still", "now", "currently", "having", "had", "went", "gone", "being", "recovering", "back"}

var selfIntros = []string{"i'm", "im", "i am", "name", "name's", "names", "am", "this", "signed", "from", "regards", "thanks", "cheers"}

// contractionFollowers follow a name contracted with "is" or "has" at the
// start of a sentence ("Bob's a legend", "Shiv's the best").
var contractionFollowers = []string{"a", "an", "the", "so", "been", "always", "never", "just", "really", "amazing", "brilliant", "lovely", "great", "useless", "rubbish", "not", "off", "still", "got", "very", "such", "absolutely", "honestly", "literally", "gone", "left", "back"}

// idioms are fixed phrases in which a name-like word is an ordinary word. The
// marked word (written with a leading '*') is the one that would otherwise
// look like a staff member's name.
var idioms = [][]string{
	{"touch", "*wood"}, {"knock", "on", "*wood"}, {"out", "of", "the", "*woods"}, {"*saving", "grace"}, {"saving", "*grace"},
	{"*grace", "period"}, {"say", "*grace"}, {"*mark", "my", "words"}, {"*mark", "your"}, {"*bob's", "your", "uncle"},
	{"*bob", "your", "uncle"}, {"*joy", "of", "joys"}, {"*rich", "tea"}, {"*will", "do"}, {"*hope", "so"},
	{"*sunny", "side"}, {"*sunny", "day"}, {"over", "the", "*hill"}, {"*hill", "walking"}, {"*rose", "tinted"},
	{"*will", "power"}, {"good", "*will"}, {"free", "*will"}, {"high", "*hopes"}, {"false", "*hope"},
	{"pride", "and", "*joy"}, {"*mark", "down"}, {"on", "your", "*marks"}, {"*rich", "coming"}, {"filthy", "*rich"},
	{"*brown", "envelope"}, {"brown", "*envelope"}, {"rolling", "stone", "gathers", "no", "*moss"}, {"jump", "for", "*joy"},
	{"*hope", "springs"}, {"with", "*grace"}, {"*grace", "and"}, {"*amazing", "grace"}, {"amazing", "*grace"},
}

// ordinaryWords are English words that are also first names or surnames. A
// staff name that is one of these needs context to count as the person.
var ordinaryWords = []string{
	"will", "hope", "rose", "grace", "joy", "sunny", "mark", "rich", "bob", "hill", "wood", "woods", "moss", "brown", "green",
	"white", "black", "grey", "gray", "young", "king", "baker", "bell", "bird", "bishop", "bush", "cook", "day", "dean",
	"fox", "hall", "hunt", "lamb", "lane", "little", "long", "marsh", "mason", "miller", "page", "park", "pike", "price",
	"reed", "rice", "short", "stone", "summer", "ward", "wells", "west", "wolf", "faith", "charity", "patience", "honor",
	"honour", "ivy", "holly", "daisy", "lily", "poppy", "amber", "ruby", "pearl", "crystal", "dawn", "april", "may", "june",
	"autumn", "jade", "penny", "sandy", "rusty", "buddy", "chase", "chip", "bill", "pat", "sue", "don", "art", "jay", "rob",
	"nick", "drew", "gene", "guy", "ray", "rod", "frank", "earl", "miles", "cliff", "dale", "glen", "heath", "carol", "sky",
	"storm", "river", "brook", "dusty", "misty", "mercy", "harmony", "melody", "destiny", "star", "angel", "precious",
	"blessing", "jack", "max", "ben", "bean", "hart", "hunter", "fisher", "field", "fields", "ford", "banks", "barber",
	"butcher", "carter", "chamber", "church", "clay", "coates", "cross", "dove", "duck", "dyer", "eagle", "finch", "fletcher",
	"forest", "frost", "gardener", "gill", "glass", "gold", "goodwin", "hay", "hawk", "heart", "hedge", "house",
	"hood", "jolly", "kay", "knight", "lake", "lord", "love", "low", "lucky", "major", "march", "marshal", "mayor", "mills",
	"moon", "moore", "more", "nash", "new", "north", "oak", "oakes", "parsons", "peach", "pepper", "pine", "pope", "potter",
	"power", "prince", "queen", "rain", "rainbow", "rivers", "robin", "rock", "rook", "rush", "sage", "salt", "savage",
	"shepherd", "silver", "skinner", "slater", "snow", "south", "sparrow", "spring", "steel", "strong", "sweet", "swift",
	"tanner", "thatcher", "tucker", "turner", "walker", "wall", "waters", "weaver", "webb", "whale", "wild", "winter",
	"wise", "wren", "birch", "ash", "hazel", "heather", "willow", "iris", "violet", "olive", "rosemary", "basil", "rowan",
	"sunshine", "honey", "sugar", "candy", "cherry", "ginger", "coral", "sterling", "bond", "noble", "sharp",
	"smart", "gentle", "goodman", "best", "good", "bright", "fine", "free", "lovely", "friend", "brave",
	"reading", "hunting", "chester", "worth", "carpenter", "painter", "archer", "gunner", "cooper", "hooper",
	"taylor", "smith", "wright", "clerk", "marshall", "haven", "trinity", "unity", "liberty", "justice", "chance", "sonny", "sunday", "monday", "tuesday",
	"shiv", "pip", "kit", "sol",
}
