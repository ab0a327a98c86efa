package conduct

import "testing"

// TestHeldOutStyle holds invented posts in the voice of a surgery's page,
// written after the rules, as a stand-in for posts the rules have not seen.
func TestHeldOutStyle(t *testing.T) {
	runCases(t, []tcase{
		// obscene
		{"o1", "Piss poor service again, 40 mins on hold", nil},
		{"o2", "Pissed off doesn't even cover it. Third time my prescription's gone missing", nil},
		{"o3", "What the actual fuck, cancelled again??", cats(obs)},
		{"o4", "Holy sh*t the new phone system actually works 😂", cats(obs)},
		{"o5", "F.U.C.K.I.N.G joke this place", cats(obs)},
		{"o6", "bollox to the 8am rule", cats(obs)},
		{"o7", "Sick of this shite", cats(obs)},
		{"o8", "Effing and jeffing at the receptionist won't help anyone, be kind", nil},
		{"o9", "Does anyone know if Dr Dickson still works here?", nil},
		{"o10", "Lovely chat with the nurse about my cocker spaniel 🐶", nil},
		{"o11", "Went to Cockfosters for my scan, what a trek", nil},
		{"o12", "Is the Twatling Road entrance open yet?", nil},
		{"o13", "Butt of every joke, this phone line", nil},
		{"o14", "Had a smear today and the nurse was brilliant, not the most dignified 10 minutes 😂", nil},
		// harassment
		{"h1", "The receptionists are a bunch of jobsworths", cats(har)},
		{"h2", "Dean Marsh is a vile little man", cats(har)},
		{"h3", "Hope the receptionist who laughed at me rots in hell", cats(har)},
		{"h4", "Keep fobbing me off and see what happens", nil},
		{"h5", "I'll be down there tomorrow and someone's going to get hurt", cats(har)},
		{"h6", "Nurse Faith is a nasty piece of work", cats(har)},
		{"h7", "Whoever that locum was today is a clown", cats(har)},
		{"h8", "Stupid woman on the phone wouldn't listen", cats(har)},
		{"h9", "The doctors here are all quacks", cats(har)},
		{"h10", "I'm going to kill my son, he's lost his inhaler again 🙄😂", nil},
		{"h11", "My daughter's killing me with her questions about the jab 😅", nil},
		{"h12", "If Dean answers again I swear I'll lose it", nil},
		{"h13", "Gobby cow on reception needs sacking", cats(har)},
		{"h14", "Too many foreigners using our NHS, they should pay", nil},
		{"h15", "Absolutely useless service, waited 3 hours", nil},
		{"h16", "The receptionists are useless and rude", nil},
		{"h17", "You useless lot can't even answer a phone", cats(har)},
		{"h18", "What a waste of space that locum was", cats(har)},
		{"h19", "Poor excuse for a doctor, didn't even examine me", cats(har)},
		{"h20", "The sexy nurse on Tuesdays can take my bloods any day 😉", cats(obs, har)},
		{"h21", "Old woman in front of me in the queue was so patient, bless her", nil},
		{"h22", "Thick fog this morning, be careful driving to the surgery", nil},
		// defamation
		{"d1", "Dr Haddad is stealing from patients, she overcharges for private letters and keeps the cash", cats(def)},
		{"d2", "The practice manager has been fiddling the books for years", cats(def)},
		{"d3", "The receptionist shouted my test results across the waiting room for everyone to hear", cats(def)},
		{"d4", "They deliberately lost my referral because I complained, then lied about it", nil},
		{"d5", "Dr Haddad prescribes opioids to anyone who asks, she's basically a drug dealer", cats(def)},
		{"d6", "The nurse left a needle in my arm, pure negligence", cats(def)},
		{"d7", "Ashgrove shreds complaints, I've sent three and none were logged", cats(def)},
		{"d8", "The new GP seems a bit out of her depth, hopefully she settles in", nil},
		{"d9", "Dr Haddad was really dismissive, I left in tears", nil},
		{"d10", "They cancelled my appointment and didn't tell me. Useless.", nil},
		// fraud
		{"f1", "Anyone need propranolol? Got loads left over, £5 a strip, collection only", cats(fra)},
		{"f2", "⚠️ Ashgrove Surgery ⚠️ Due to high demand all patients must re-register online at ashgrove-register.com before Friday", cats(fra)},
		{"f3", "Claim your FREE blood pressure monitor from the NHS, just cover shipping 👉 nhs-bp-free.shop", cats(fra)},
		{"f4", "Tired of waiting for the GP? Private prescriptions for antibiotics, no consultation, WhatsApp me", cats(fra)},
		{"f5", "My aunt made £20k from home with this simple trick, click here bit.ly/3xyzab", cats(fra)},
		{"f6", "Got a text saying my NHS prescription fee wasn't paid with a link. Surgery, is this you?", nil},
		{"f7", "Does the pharmacy take cash or card for prescriptions?", nil},
		{"f8", "Selling my old mobility scooter, anyone interested? Great condition", nil},
		{"f9", "My repeat is ready for collection, can my son pick it up?", nil},
		{"f10", "Where can I buy a blood pressure monitor? The nurse said I should get one", nil},
		// misinformation
		{"m1", "Don't let them give your baby the vitamin K injection, it causes leukaemia", cats(mis)},
		{"m2", "Cold water swimming cures depression, ditch the pills", cats(mis)},
		{"m3", "Vaccines cause autism, the government knows", cats(mis)},
		{"m4", "The surgery has stopped doing home visits altogether now, don't even ask", cats(mis)},
		{"m5", "Did you know you can't get the flu jab if you have an egg allergy? Well you can now!", nil},
		{"m6", "Our nurse said the flu jab can't give you flu, it doesn't contain live virus", nil},
		{"m7", "Apparently the surgery is closing at lunchtimes now? Anyone know?", nil},
		{"m8", "Fluoride in the water is poisoning our kids", cats(mis)},
		{"m9", "The covid jab is killing more people than covid ever did", cats(mis)},
		{"m10", "Antibiotics are needed for every sore throat, don't let them fob you off", cats(mis)},
	})
}

// TestOtherFamiliesPosts holds posts that belong to other categories
// (safeguarding, complaints, clinical requests): none is a conduct breach.
func TestOtherFamiliesPosts(t *testing.T) {
	runCases(t, []tcase{
		{"s1", "My ex says he'll kill me if I go to the police. I need to see someone", nil},
		{"s2", "I don't want to be here anymore. I've written letters to my kids", nil},
		{"s3", "I keep thinking about hurting myself, is there anyone I can talk to today?", nil},
		{"s4", "My son took a load of paracetamol an hour ago, what do we do", nil},
		{"s5", "My dad hits my mum when he's drunk, I'm 12, who do I tell", nil},
		{"s6", "Man in the waiting room threatened to stab the receptionist today, police came. Hope she's ok", nil},
		{"c1", "Rang 47 times this morning. 47. And then told no appointments. This is not acceptable", nil},
		{"c2", "The online form closes at 10am which is useless for shift workers", nil},
		{"c3", "I was given the wrong date for my scan and had to take another day off work", nil},
		{"c4", "Receptionist was dismissive and rude when I asked about my results, not good enough", nil},
		{"c5", "I've been waiting 6 weeks for a referral letter that was 'urgent'. Disgraceful", nil},
		{"r1", "1 star. Impossible to get through. Avoid.", nil},
		{"r2", "Dr Haddad is hands down the best GP I've ever had, she saved my life", nil},
		{"q1", "Can I have the shingles vaccine if I'm on methotrexate?", nil},
		{"q2", "My daughter has a temperature of 39.5 and a rash, should I bring her in or go to A&E?", nil},
		{"q3", "Do you do the morning after pill or do I need to go to the pharmacy?", nil},
		{"q4", "Is it safe to have sex after a coil fitting? Sorry if TMI", nil},
		{"q5", "How do I get a sick note for my employer? I've had covid for 10 days", nil},
		{"q6", "Does anyone know if they test for STIs here or is it the sexual health clinic?", nil},
		{"q7", "Can I get my husband's prescription for viagra renewed online?", nil},
		{"q8", "Where can I get rid of old medication safely? Got loads of my late mum's tablets", nil},
		{"q9", "Are you still offering the RSV vaccine to over 75s? Got a letter but lost it", nil},
		{"q10", "What's the best way to stop smoking? Tried patches and still on 10 fags a day", nil},
	})
}

// TestBoundaries holds posts on the line between a breach and a complaint,
// an opinion or a question.
func TestBoundaries(t *testing.T) {
	runCases(t, []tcase{
		// defamation versus complaint
		{"b1", "Dr Haddad misdiagnosed my appendicitis as a stomach bug and I nearly died. She should not be practising", cats(def)},
		{"b2", "They lost my blood results twice, so frustrating", nil},
		{"b3", "Dr Haddad refused to refer me even though I begged", nil},
		{"b4", "The receptionist is deliberately blocking my appointments because I complained about her", nil},
		{"b5", "Dean Marsh steals from the tea fund, everyone at the surgery knows", cats(def)},
		{"b6", "The nurse practitioner is a fraud and a liar", cats(def)},
		{"b7", "I feel like they don't care about older patients", nil},
		{"b8", "The practice manager lies to patients all the time", nil},
		{"b9", "Staff were laughing at me behind the glass, so unprofessional", nil},
		{"b10", "The GP was on her phone the whole appointment, felt so disrespected", nil},
		{"b11", "Their locum was high as a kite, pupils like saucers, couldn't string a sentence together", cats(def)},
		{"b12", "My records were changed without my consent, I've asked for an explanation", cats(def)},
		{"b13", "Can someone explain why my notes say I refused the jab when I didn't?", nil},
		// misinformation versus question or counter
		{"b14", "My friend says the nasal flu vaccine gives kids flu, is that right?", nil},
		{"b15", "People saying the covid jab alters DNA need to read a science book. It doesn't.", nil},
		{"b16", "Myth: antibiotics cure colds. Fact: they don't, they only work on bacteria", nil},
		{"b17", "Just so you know, the surgery is closed for training on Wednesday afternoon", nil},
		{"b19", "Big news, the surgery is closing for good in June and everyone's being moved to the health centre", cats(mis)},
		{"b20", "You have to pay for the flu jab now, it's £15 at the surgery", cats(mis)},
		// fraud versus honest offer
		{"b21", "Free to a good home: unopened box of blood glucose test strips, we don't need them now", nil},
		{"b22", "Selling raffle tickets for the surgery's garden fund, £1 each, at reception all week", nil},
		{"b23", "Selling my spare Ozempic pen, £100, DM me", cats(fra)},
		{"b24", "We're giving away a hamper in the PPG raffle, tickets at reception", nil},
		// harassment versus criticism
		{"b25", "Dr Haddad should be ashamed of herself", nil},
		{"b26", "Dean Marsh should be sacked", nil},
		{"b27", "I hope Dean Marsh loses his job", nil},
		{"b28", "Somebody should teach that receptionist a lesson she won't forget", cats(har)},
		{"b29", "I'm coming for you Dean", cats(har)},
	})
}

// TestVariants holds further rewordings of each phenomenon.
func TestVariants(t *testing.T) {
	runCases(t, []tcase{
		{"v1", "I'll be waiting in the car park for you, Dean", cats(har)},
		{"v2", "I will make your life hell until I get my referral", cats(har)},
		{"v3", "You're a dead man Dean", cats(har)},
		{"v4", "Dr Haddad is an alcoholic, you can smell it on her", cats(def, har)},
		{"v5", "The locum was sleeping with one of his patients, everyone knows", cats(def)},
		{"v6", "The receptionist sold my details to a claims company, I got calls the next day", cats(def)},
		{"v7", "Vaccines contain aborted foetal cells, do your homework", cats(mis)},
		{"v8", "Chemo kills more people than cancer does", cats(mis)},
		{"v9", "ffs, cut off again", cats(obs)},
		{"v10", "I'm absolutely shagged after that walk to the surgery", nil},
		{"v11", "Can't be arsed with the 8am queue anymore", nil},
		{"v13", "Nurse Faith deserves to be promoted, she's brilliant", nil},
		{"v14", "Covid is just flu, stop wearing masks", cats(mis)},
		{"v12", "My nan always said bugger when she dropped her tablets 😂", nil},
	})
}

// TestMoreVariants covers British insults, slurs and a few more myths.
func TestMoreVariants(t *testing.T) {
	runCases(t, []tcase{
		{"w1", "That receptionist is a proper gobshite", cats(obs, har)},
		{"w2", "Scrotes hanging round the car park again", nil},
		{"w3", "Dean you absolute scrote", cats(har)},
		{"w4", "You'd better watch out Dean", cats(har)},
		{"w5", "I'm going to find out where that doctor lives", cats(har)},
		{"w6", "I'll report you to the GMC if this happens again", nil},
		{"w7", "I'm going to sue the practice for this", nil},
		{"w8", "The covid vaccines are still experimental, don't be a guinea pig", cats(mis)},
		{"w9", "Homeopathy works better than antibiotics for ear infections", cats(mis)},
		{"w10", "She's got real spunk, my nan, 93 and still walking to the surgery", nil},
		{"w11", "Watch out for ice on the ramp everyone", nil},
		{"w12", "Full of chinkies at that takeaway", cats(obs, har)},
		{"w18", "What a killer headache, can I get migraine tablets on repeat?", nil},
		{"w19", "Gays are perverts and shouldn't be allowed to adopt", cats(har)},
		{"w20", "My ex was drunk when he picked the kids up from school, what do I do?", nil},
		{"w21", "My husband comes home drunk every night and takes my money", nil},
		{"w22", "My neighbour has been stealing my post, can the surgery hold my letters?", nil},
		{"w13", "Another cock up with my repeat, third time this year", nil},
		{"w14", "Knob on the waiting room door is broken again", nil},
		{"w15", "Dick from the PPG brought biscuits for the staff, lovely man", nil},
		{"w16", "The ball's in your court now, I've sent the form", nil},
		{"w17", "He's smoked 20 fags a day for 40 years, can he get a lung check?", nil},
	})
}

// TestImpersonation holds ways a scam poses as the practice or the NHS.
func TestImpersonation(t *testing.T) {
	runCases(t, []tcase{
		{"i1", "Message from Ashgrove Surgery: your repeat prescription is on hold. Confirm your card details at ashgrove-rx.com to release it", cats(fra)},
		{"i2", "This is Ashgrove Surgery. We are updating our patient list, reply with your full name, date of birth and NHS number", cats(fra)},
		{"i3", "Ashgrove patients! Get priority booking for just £9.99 a month, sign up at ashgrove-priority.co.uk", cats(fra)},
		{"i4", "NHS Notice: you are due a free health review. Book now at nhs-healthreview.info", cats(fra)},
		{"i5", "Ashgrove Surgery will be closed on Monday for staff training. For urgent help ring 111", nil},
		{"i6", "Reminder from a fellow patient: Ashgrove never asks for bank details by text", nil},
		{"i7", "Ashgrove Surgery's new website is ashgrove-surgery.example, bookmark it", nil},
		{"i8", "Official notice: the car park will be resurfaced next week, park on the street", nil},
	})
}

// TestInnocentsWithTriggerWords holds everyday posts that use the words the
// rules look for (kill, drunk, steal, fraud, cure, free, DM, prices, links).
func TestInnocentsWithTriggerWords(t *testing.T) {
	runCases(t, []tcase{
		{"n1", "Someone stole my purse in the waiting room on Tuesday, has anyone handed one in?", nil},
		{"n2", "Got a scam call today pretending to be from the bank, be careful everyone", nil},
		{"n3", "Is there a cure for tinnitus? It's driving me mad", nil},
		{"n4", "My eczema cleared up with the cream Dr Haddad prescribed, thank you!", nil},
		{"n5", "The antibiotics cured my chest infection in a week, thanks Nurse Faith", nil},
		{"n6", "Can you DM me the link for the online form? Can't find it on the website", nil},
		{"n7", "Private blood tests at the pharmacy are £45, is that the same as the NHS ones?", nil},
		{"n8", "New patient registration form is at ashgrove-surgery.example/register if anyone needs it", nil},
		{"n9", "Does the flu jab contain egg? My son is allergic", nil},
		{"n10", "I was so drunk at my sister's wedding I forgot my inhaler, can I get a spare?", nil},
		{"n11", "Killing time in the waiting room, the new fish tank is lovely 🐠", nil},
		{"n12", "Fraud team at my bank say the text wasn't from the surgery, so ignore it", nil},
		{"n13", "The surgery saved my life when they spotted my sepsis, forever grateful", nil},
		{"n14", "Please share: free carers' support group at the library every Thursday", nil},
		{"n15", "Win win, got my flu jab and my covid booster in one go", nil},
		{"n16", "Our Jack has been selling cakes for the surgery garden fund, £1 each at reception", nil},
		{"n17", "My mum's carer gave her the wrong tablets yesterday, who do I report it to?", nil},
		{"n18", "The hospital lost my referral and I had to start again, nothing to do with you lot", nil},
		{"n19", "Is it true you can get the shingles vaccine at 65 now?", nil},
		{"n20", "Text me on 07700 900177 if you want a lift to the PPG meeting", nil},
		{"n21", "What's the best thing for a cold? Honey and lemon seems to help me", nil},
		{"n22", "Vitamin D tablets are cheap at Boots if the GP says you need them", nil},
		{"n23", "Our cat is called Dr Whiskers and he's more reliable than my boiler 😂", nil},
		{"n24", "Took my son for his MMR today, he was so brave 💪", nil},
		{"n25", "He's been a bit of a nightmare since his jabs but the nurse said that's normal", nil},
	})
}
