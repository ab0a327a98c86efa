package privacy

import "testing"

func TestPatientInfo(t *testing.T) {
	f := New(testPractice())
	runCases(t, f, []privacyCase{
		{name: "relative's valid NHS number", text: "My dad's NHS number is 943 476 5919, can you check his repeat", patient: true, reason: "NHS number of someone else (the poster's dad)"},
		{name: "own valid NHS number", text: "My NHS number is 943 476 5919, can you check my repeat", patient: false},
		{name: "relative's invalid NHS number", text: "My son's NHS number is 943 476 5918, is his jab due", patient: false},
		{name: "dashed NHS number of named person", text: "Joan Pike 401-023-2137 needs a call", patient: true, reason: "NHS number"},
		{name: "unbroken NHS number", text: "my wife's NHS no is 4857773023 thanks", patient: true},
		{name: "+44 mobile is not an NHS number", text: "Text my brother on +44 7700 900019 please", patient: true, reason: "phone number"},
		{name: "own +44 mobile", text: "Call me on +44 7700 900019", patient: false},
		{name: "mum's date of birth", text: "my mum Joan Pike, DOB 03/04/1950, needs her bloods doing", patient: true, reason: "date of birth"},
		{name: "own date of birth", text: "my dob is 03/04/1950 and the app won't accept it", patient: false},
		{name: "own birth date without owner word", text: "Born 12 March 1988 and still no smear letter", patient: false},
		{name: "dob of son written out", text: "My son Leo Pike (born 4th July 2015) has an ear infection", patient: true, reason: "date of birth"},
		{name: "appointment date is not a birth date", text: "My mum has an appointment on 14/02/2026", patient: false},
		{name: "husband's phone", text: "Please ring my husband on 07700 900456 about his results", patient: true},
		{name: "own phone", text: "Ring me on 07700 900456 if there's a problem", patient: false},
		{name: "practice phone", text: "my dad rang 0161 496 0999 and got straight through", patient: false},
		{name: "practice number asked about", text: "Is 0161 496 0000 still your number?", patient: false},
		{name: "relative's email", text: "My sister is too ill to ring, her email is jo.pike88@gmail.com", patient: true},
		{name: "own email", text: "My email is jpike@btinternet.com if easier", patient: false},
		{name: "practice email", text: "Is reception@elmtree.example the right address for my dad's forms?", patient: false},
		{name: "spelled out email", text: "Cards for my nan to nanpike at yahoo dot co dot uk please", patient: true},
		{name: "neighbour's address", text: "My neighbour at 12 Elm Grove has dementia and keeps wandering", patient: true},
		{name: "own address", text: "I've just moved to 12 Elm Grove, S10 2AB. How do I update it?", patient: false},
		{name: "postcode with no owner", text: "Which bus goes to S10 2AB from town?", patient: false},
		{name: "lower case postcode of relative", text: "my grandad lives at m14 5rt on his own", patient: true},
		{name: "hospital number", text: "my mum's hospital number is RHQ4412345 if that helps", patient: true},
		{name: "named person with health detail", text: "Saw Kevin Doyle at the chemist picking up his insulin", patient: true, reason: "health detail"},
		{name: "named person without health detail", text: "Shout out to Kevin Doyle for organising the fun run", patient: false},
		{name: "titled person with diagnosis", text: "Pray for Mr Alan Brooks, just diagnosed with cancer", patient: true},
		{name: "scam names are not patients", text: "Thank you Mrs Janet Lowe for the bitcoin signals, message her on WhatsApp +44 7700 900777", patient: false},
		{name: "unidentified relative with health", text: "my nan has dementia and keeps missing appointments", patient: false},
		{name: "relative's age", text: "My mum's 79 and can't use the app", patient: false},
		{name: "staff health detail", text: "Heard Nurse Faith is off sick with covid, get well soon", staff: true, patient: true},
		{name: "staff gave care", text: "Nurse Faith gave my son his jab and he didn't cry", staff: true, patient: false},
		{name: "film title", text: "Watched Suicide Squad and now they want to be Harley Quinn", patient: false},
		{name: "name the list lacks", text: "Saw Bronwen Pugh at the chemist with her methadone again", patient: true},
		{name: "product name", text: "Anyone tried Voltarol Gel for arthritis?", patient: false},
		{name: "staff home address", text: "Dean lives at 12 Beck Road, everyone knows", staff: true, patient: true},
		{name: "staff work line", text: "Dr Haddad's secretary is on 0161 496 0555", staff: true, patient: false},
		{name: "old date after a named person's details", text: "Derek Lomas, 4 Hollin Close, 14/02/1941 - needs a call back", patient: true, reason: "date of birth"},
		{name: "self introduction", text: "Hi I'm Kevin Doyle, diabetic, my DOB is 01/02/1960", patient: false},
	})
}
