package main

// families are the template families with their share of the output (out
// of the weights' sum, 1000): about two posts in three are innocent, as on
// a real practice page. {slot} names a value drawn from slots (or one of
// the generated slots in generator.slot).
var families = []weighted{
	{"innocent", 620, []string{
		"What time does the surgery open on {day}?",
		"Is the {service} running again this {season}?",
		"Thanks for the reminder about the {service}, booked in for {day}.",
		"Are you open on the bank holiday {day}?",
		"Does anyone know if the car park is open while the building work is on?",
		"Lovely to see the new garden outside the surgery, well done to whoever planted it.",
		"Shared with my mum, she was asking about the {service} last week.",
		"Great news about the {service}, will pass it on to my neighbours.",
		"Where do I park for the {service}? The sign by the gate is a bit confusing.",
		"Is the pharmacy next door open until {time}?",
		"Just a heads up, the side gate on {street} is stuck again.",
		"Good to know, thanks for posting.",
		"Is there a hearing loop at reception? My dad struggles with his hearing aids.",
		"Will the {service} be at the community centre again this year?",
		"How do I sign up for the NHS App? I keep getting stuck at the photo bit.",
		"Can someone tell me if the surgery takes new patients who live on {street}?",
		"Happy retirement to everyone leaving this month, you'll be missed.",
		"The fundraising cake sale raised £{num}0 for the hospice, thank you all!",
		"Is the {service} for over 65s only or can carers go too?",
		"Thank you for the update on the phone lines.",
		"Does the surgery have a lift for the first floor rooms?",
		"Just seen the new poster about {service}, really clear.",
		"Is there a patient participation group meeting on {day}?",
		"Which bus stops nearest the surgery? The {num} doesn't seem to run past anymore.",
		"Brilliant turnout at the health walk on {day} morning.",
		"Are dogs allowed in the garden area? Asking for a friend and a spaniel.",
		"Is it the same number for the out of hours line?",
		"Looking forward to the {service}, my first time going.",
		"Thanks to the volunteers who were handing out leaflets at the {place}.",
		"Does the new extension mean more parking or fewer spaces?",
		"Saw the post about {service}, is it drop in or booked?",
		"What's the best way to update my address after moving to {street}?",
		"Nice to see the practice at the {place} fun day.",
		"Is the toilet by the waiting room back in use now?",
		"Congratulations on the award, well deserved.",
		"Can you share the link for the {service} form again please?",
		"Is the surgery closing early on {day} for training?",
		"My neighbour asked if the {service} needs a letter first?",
		"Good idea putting the opening times on the door.",
		"Anyone else find the new automatic doors slow?",
	}},
	{"complaint", 80, []string{
		"Rang at 8am sharp and was number {num} in the queue, then cut off. This happens every {day}.",
		"Waited {num} minutes past my appointment time with nobody telling us why.",
		"Third time my prescription has gone to the wrong pharmacy. Not good enough.",
		"The phone system is a joke, {num} minutes on hold and then told to ring back tomorrow.",
		"Nobody called me back about my results like they said they would.",
		"Really disappointed with how my mum was spoken to at the front desk on {day}.",
		"Why does it take three weeks to get a routine appointment? Ridiculous.",
		"Online booking has been broken all week and nobody answers the phone.",
		"I'm unhappy that my referral letter was never sent, six weeks wasted.",
		"The waiting room was freezing and the screen said my name wrong twice.",
	}},
	{"review", 70, []string{
		"Brilliant service today, in and out in {num} minutes. 5 stars.",
		"Best surgery we've ever been with, can't fault them.",
		"1 star. Avoid if you can.",
		"Absolutely fantastic care from the whole team this year, thank you.",
		"10/10 for the flu clinic, so well organised.",
		"Worst surgery in {town}, would give zero stars if I could.",
		"Really friendly practice, would recommend to anyone moving to {town}.",
		"Five stars for the nurses, they were so kind to my little one.",
		"Honestly the best GP practice I've been registered with.",
		"Rubbish service, 2 out of 10.",
	}},
	{"clinical_request", 70, []string{
		"Can I get my repeat prescription for my inhaler please?",
		"Hi, how do I get my blood test results from last {day}?",
		"I need a fit note for work, can someone sort it?",
		"Can I book an appointment for my son, he's had a rash for {num} days?",
		"I've had a bad cough for three weeks, should I come in?",
		"Please can you chase my referral to the hospital?",
		"Is my prescription ready to collect yet? It's the usual one.",
		"Could someone ring me about my blood pressure tablets?",
		"Can I have a sick note backdated to last {day}?",
		"My ear has been hurting since {day}, can I see a doctor tomorrow?",
	}},
	{"staff_identified", 40, []string{
		"{staff} was lovely with my daughter yesterday.",
		"Is {staff} working on {day}? I'd like to see the same person.",
		"Please pass on my thanks to {staff} for sorting my form.",
		"{staff} has been really patient with my dad's questions.",
		"Will {staff} be at the {service} this year?",
	}},
	{"patient_info", 30, []string{
		"My neighbour {person} at {num} {street} has cancer and needs a home visit, his NHS number is {nhs}.",
		"Saw {person} from {street} in the waiting room again, she's pregnant and only {num}.",
		"Can someone ring {person} on {phone}, she's on chemo and missed her appointment.",
		"{person}, date of birth {dob}, postcode {postcode}, needs her insulin urgently.",
		"Everyone knows {person} on {street} is on methadone, why is he always first in the queue?",
	}},
	{"obscene", 20, []string{
		"What the f*ck is going on with the phones today",
		"This place is sh1t, absolute sh1te",
		"Pissed off waiting all morning for nothing",
		"f u c k this queue honestly",
		"Bloody useless booking system, what a load of crap",
	}},
	{"harassment", 20, []string{
		"The receptionists are a bunch of ignorant idiots.",
		"You lot are pathetic, useless morons the lot of you.",
		"I know where you park, you'd better watch yourselves.",
		"Someone should give those receptionists a slap.",
		"Stupid cow on the front desk needs sacking.",
	}},
	{"fraud", 20, []string{
		"Earn £{num}00 a week from home with crypto, DM me now!!!",
		"NHS: you are due a refund for prescription charges. Claim at nhs-refund-claims.example now.",
		"Cheap diazepam and tramadol, no prescription needed, message me.",
		"Free covid booster voucher, click the link and enter your bank details to confirm.",
		"I made £{num},000 in a month with bitcoin trading, ask me how.",
	}},
	{"misinformation", 15, []string{
		"Vaccines cause autism, do your research before you let them jab your kids.",
		"The flu jab gives you flu, everyone knows that.",
		"Drinking bleach cures covid, the doctors won't tell you.",
		"5G masts are what really made people ill, not the virus.",
		"Don't bother with antibiotics, garlic cures any infection.",
	}},
	{"defamatory", 10, []string{
		"{doctor} was drunk at my appointment, he should be struck off.",
		"The practice manager has been stealing money from the patient fund.",
		"{doctor} falsified my records to cover up his mistake.",
		"They let a patient die and then covered it up.",
		"{doctor} takes backhanders from drug companies, it's fraud.",
	}},
	{"safeguarding", 5, []string{
		"I can't do this anymore, nobody would notice if I was gone.",
		"My partner hits me when he's been drinking and I'm scared to go home.",
		"My dad has chest pain and his left arm is numb right now, what do I do?",
		"I've taken all my tablets and I feel really strange.",
		"The kids next door are left alone all night and they look hungry and hurt.",
	}},
}

// slots are the values drawn for {name} in templates.
var slots = map[string][]string{
	"day":      {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Monday morning", "Friday afternoon"},
	"season":   {"autumn", "winter", "spring", "summer"},
	"service":  {"flu clinic", "covid booster clinic", "baby clinic", "blood pressure check", "smoking cessation group", "health walk", "carers' coffee morning", "diabetes education session", "shingles jab clinic", "minor surgery list"},
	"street":   {"Mill Lane", "Station Road", "Church Street", "Ashgrove Road", "Hollin Way", "Back Lane", "Park View", "Sheffield Road"},
	"town":     {"Penistone", "Stocksbridge", "Thurlstone", "Oxspring", "the valley"},
	"place":    {"library", "leisure centre", "farmers' market", "school fete", "community centre"},
	"staff":    {"Dr Haddad", "Dr Heath", "Nurse Faith", "Dean on reception", "Carol Price", "Ffion Pryce", "Dr Nadia"},
	"relative": {"mum", "dad", "nan", "grandad", "husband", "wife", "partner", "son", "daughter", "neighbour"},
	"doctor":   {"Dr Heath", "Dr Haddad", "Dr Tom"},
}

var (
	openers = []string{"Hi,", "Morning all,", "Quick question:", "Hello,", "Hiya", "Evening,", "Sorry to bother you,", "Hi there"}
	asides  = []string{"I live on {street}.", "We moved to {town} last {season}.", "Asking for my {relative}.", "Been with you {num} years.",
		"Not urgent.", "Saw it on the {place} noticeboard.", "My {relative} mentioned it on {day}.", "Just wondering.",
		"Had a look on the website but couldn't find it.", "Might pop in on {day}."}
	closers    = []string{"Thanks", "Thank you!", "Cheers", "x", "Many thanks.", "TIA", "Ta"}
	emoji      = []string{"😊", "👍", "🙏", "😡", "😂", "❤️", "🤔", "🙄"}
	firstNames = []string{"Amy", "Ben", "Chloe", "Dev", "Ellie", "Fatima", "Gareth", "Hannah", "Imran", "Jess", "Kieran", "Leah", "Mo", "Niamh", "Owen", "Priya", "Rhys", "Sana", "Tyler", "Zoe"}
	surnames   = []string{"Ashworth", "Bramall", "Crookes", "Dyson", "Earnshaw", "Fieldsend", "Gill", "Hinchliffe", "Iqbal", "Jagger", "Kaur", "Lockwood", "Mellor", "Noble", "Oldroyd", "Priestley", "Quarmby", "Roebuck", "Sykes", "Whiteley"}
)
