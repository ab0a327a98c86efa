package intent

import (
	"os"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

const (
	co = moderation.Complaint
	rv = moderation.Review
	cr = moderation.ClinicalRequest
	sg = moderation.Safeguarding
)

// testPractice is an invented practice for the package's own tests.
var testPractice = moderation.Practice{
	Name:    "Riverside Medical Centre",
	Aliases: []string{"Riverside"},
	Staff: []moderation.StaffMember{
		{Name: "Helen Carr", Title: "Dr", Role: "GP Partner", Aliases: []string{"Dr Carr", "Dr Helen"}},
		{Name: "Tom Baker", Title: "Nurse", Role: "Practice Nurse", Aliases: []string{"Nurse Tom", "Tom"}},
		{Name: "Kezia Ward", Role: "Receptionist", Aliases: []string{"Kez"}},
	},
}

// cases are invented posts (none taken from any data set): each hard case
// sits next to an innocent counterpart.
var cases = []struct {
	name string
	text string
	want []moderation.Category
}{
	// complaint
	{"complaint phones", "45 minutes in the queue this morning and then it rang out. Every single day the same.", []moderation.Category{co}},
	{"complaint polite premises", "Just a gentle suggestion, could the heating be put on in the waiting area? It was freezing in there this morning.", []moderation.Category{co}},
	{"complaint attitude", "The lady on the front desk was so rude to my mum today, she's 80 and was nearly in tears", []moderation.Category{co}},
	{"complaint error", "You sent my prescription to the wrong pharmacy for the second month running", []moderation.Category{co}},
	{"complaint nobody rang", "Was promised a call back from the duty doctor yesterday and nobody rang. Not impressed.", []moderation.Category{co}},
	{"not complaint government", "The government needs to put more money into general practice, GPs everywhere are drowning", nil},
	{"not complaint thanks", "Thank you for the reminder about the bank holiday closure", nil},
	{"not complaint tip", "Tip for anyone stuck in the phone queue: the online form opens at 7", nil},
	{"emergency context not complaint", "My dad's face has gone droopy on one side and he can't lift his arm, happened 5 minutes ago, phone just rings out", []moderation.Category{sg}},

	// review
	{"review stars", "2 stars. Nice building, shame about everything else.", []moderation.Category{rv}},
	{"review verdict", "Best practice we've ever been registered with, the whole team are brilliant", []moderation.Category{rv}},
	{"review staff praise", "Nurse Tom was so gentle with my little boy's jabs, he didn't even cry", []moderation.Category{rv}},
	{"review rating with complaint", "7/10, lovely doctors but the phones are a nightmare", []moderation.Category{co, rv}},
	{"review would not recommend", "Would never recommend this place to anyone. Move if you can.", []moderation.Category{rv}},
	{"not review thanks for info", "Thanks for sharing, didn't know the pharmacy could do that", nil},
	{"not review other place", "The new cafe by the bus station is amazing, best brownies in town", nil},
	{"not review nhs in general", "Love our NHS, they do an amazing job under so much pressure", nil},
	{"not review booked", "Booked in for Thursday, thanks for the text", nil},

	// clinical_request
	{"request repeat", "Can I get my sertraline repeat done early please, going on holiday on the 3rd", []moderation.Category{cr}},
	{"request results", "Has anyone got my smear results yet? It's been 6 weeks", []moderation.Category{cr}},
	{"request advice own symptoms", "I've had a rash on my legs for 3 days now, it's itchy but not spreading. Do I need to see someone?", []moderation.Category{cr}},
	{"request child advice", "My 3 year old has had a temperature of 38.5 since yesterday and won't eat, should I bring her in?", []moderation.Category{cr}},
	{"request fit note", "Need a sick note extending for another fortnight, who do I message?", []moderation.Category{cr}},
	{"request call back", "Could a doctor ring me this afternoon about my blood pressure tablets", []moderation.Category{cr}},
	{"not request opening time", "What time does the phlebotomy clinic start on Wednesdays?", nil},
	{"not request proxy", "How do I get proxy access set up for my dad's account?", nil},
	{"not request vaccine question", "Do you still do the pneumonia jab for over 65s?", nil},
	{"not request admin", "Please can you change my address to 4 Elm Road, I've just moved", nil},
	{"request and complaint", "Been waiting three weeks for my prescription and still nothing!!", []moderation.Category{co, cr}},

	// safeguarding
	{"sg suicide direct", "I don't want to be alive anymore. I've thought about how I'd do it.", []moderation.Category{sg}},
	{"sg indirect burden", "Everyone would be happier if I just wasn't here. I'm done.", []moderation.Category{sg}},
	{"sg hyperbole", "If that hold music plays one more time I'm going to kill myself lol", []moderation.Category{sg, co}},
	{"sg self harm", "Started hurting myself again last week. I don't know how to stop", []moderation.Category{sg}},
	{"sg child abuse", "My friend's little girl told me her mum's boyfriend hits her with a belt", []moderation.Category{sg}},
	{"sg domestic abuse", "My husband won't let me leave the house on my own and he's taken my bank card", []moderation.Category{sg}},
	{"sg chest pain now", "Really bad pain in my chest spreading to my jaw for the last half hour and I'm sweating", []moderation.Category{sg}},
	{"sg breathing", "My son can't breathe properly and his lips look blue what do I do", []moderation.Category{sg, cr}},
	{"sg overdose", "I've taken a whole packet of paracetamol. I'm sorry", []moderation.Category{sg}},
	{"sg vulnerable adult", "My grandad has dementia and his carers haven't turned up for 3 days, he's had nothing to eat", []moderation.Category{sg}},
	{"not sg idiom heart attack", "Nearly had a heart attack when I saw the queue outside at 8", nil},
	{"not sg idiom dying", "Dying to know when the new car park opens 😂", nil},
	{"not sg film", "Anyone seen Suicide Squad 2? Worth a watch?", nil},
	{"not sg signposting", "If you're struggling please ring the Samaritans on 116 123, they're brilliant", nil},
	{"not sg low mood", "Feeling a bit flat since the clocks went back but getting out for walks helps", nil},
	{"not sg past", "Had a stroke two years ago and still get tired easily, any tips from others?", nil},

	// the brief's hard cases, in our own words, each beside an innocent counterpart
	{"sg nobody will miss me", "Honestly no one would miss me if I went", []moderation.Category{sg}},
	{"not sg missed the bus", "No one will miss me at work today, I've booked the day off for my jab", nil},
	{"sg giving things away", "Been giving away all my things this week. Won't be needing them soon", []moderation.Category{sg}},
	{"not sg giving away clothes", "Giving away my kids' old school uniforms, message me if you want them", nil},
	{"sg tonight", "Tonight is the night. Sorry to everyone I let down", []moderation.Category{sg}},
	{"not sg tonight", "Tonight is the night for the PPG quiz, see you all at 7!", nil},
	{"sg ending it all", "I've started thinking about ending it all, I can't see a way through", []moderation.Category{sg}},
	{"sg cutting again", "I've been cutting myself again and I'm scared", []moderation.Category{sg}},
	{"not sg cutting hair", "Cutting my own fringe again, wish me luck 😂", nil},
	{"sg child eating disorder", "My 14 year old makes herself sick after every meal, I've heard her", []moderation.Category{sg}},
	{"not sg child fussy eater", "My 4 year old is such a fussy eater, only eats pasta. Normal?", nil},
	{"sg stepdad", "I'm 12 and my stepdad hits me when I get things wrong", []moderation.Category{sg}},
	{"not sg hit by ball", "My son got hit in the face by a football at training, bit of a bruise but he's fine", nil},
	{"sg childminder", "Our childminder slapped my 3 year old, there's a red mark on his leg, can a doctor see him?", []moderation.Category{sg, cr}},
	{"sg wet pads", "They leave my nan sitting in wet pads for hours at her care home", []moderation.Category{sg}},
	{"sg child out alone", "A little girl from the flats is out on her own until 11 most nights and always asking for food", []moderation.Category{sg}},
	{"sg older boyfriend", "My 15 year old has a boyfriend who is 27, she thinks it's love", []moderation.Category{sg}},
	{"not sg boyfriend", "My 25 year old daughter's boyfriend is 27, lovely lad, popping in with her for her jab", nil},
	{"sg voices", "I hear voices telling me to hurt my daughter. I'm frightened", []moderation.Category{sg}},
	{"sg coercive control", "My partner checks my phone every night and won't let me see my friends", []moderation.Category{sg}},
	{"sg chest pain arm", "Chest pain going down my left arm since 20 minutes ago, I feel sick", []moderation.Category{sg}},
	{"sg lips blue", "Baby's lips have gone blue and he's struggling to breathe", []moderation.Category{sg}},
	{"sg overdose pills", "I've taken all my tablets. I'm sorry", []moderation.Category{sg}},
	{"sg anaphylaxis", "My son's tongue is swelling after eating a cake at a party, what do we do?", []moderation.Category{sg, cr}},
	{"sg floppy baby", "My baby is floppy and has a rash that won't fade when I press a glass on it", []moderation.Category{sg}},
	{"sg child won't wake", "My 5 year old won't wake up properly and is burning hot", []moderation.Category{sg}},
	{"not sg idiom charge", "Nearly had a heart attack when I saw the price of the parking", nil},
	{"not sg idiom wee", "Dying for a wee and the toilet's locked 😫", []moderation.Category{co}},
	{"not sg idiom killing", "This phone queue is killing me slowly", []moderation.Category{co}},
	{"review one star avoid", "One star. Avoid this surgery.", []moderation.Category{rv}},
	{"review rating", "3/5 overall", []moderation.Category{rv}},
	{"review angels", "The district nurses from here are angels, honestly", []moderation.Category{rv}},
	{"review premises", "Love the new garden outside the surgery, so calming", []moderation.Category{rv}},
	{"not review reminder", "Booked in for mine, thanks for the reminder", nil},
	{"request and complaint repeat", "Four weeks waiting for my repeat!! Still nothing!!", []moderation.Category{co, cr}},
	{"not request admin mobile", "Can you update my mobile number please, it's changed", nil},
	{"not request travel", "Do you do travel vaccines or is it the pharmacy now?", nil},
}

func TestCases(t *testing.T) {
	f, err := New(testPractice)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := judgeText(f, tc.text)
			var want moderation.Set
			for _, c := range tc.want {
				want = want.Add(c)
			}
			got := mask(moderation.Labels(fs), mine)
			if got != want {
				var b strings.Builder
				for _, x := range fs {
					b.WriteString(" [" + string(x.Category) + " " + tc.text[x.Start:x.End] + ": " + x.Reason + "]")
				}
				t.Errorf("%q\n got %v, want %v;%s", tc.text, got.Categories(), want.Categories(), b.String())
			}
			for _, x := range fs {
				if x.Start < 0 || x.End > len(tc.text) || x.Start >= x.End {
					t.Errorf("finding %v has span [%d,%d) outside the text", x.Category, x.Start, x.End)
				}
				if x.Score <= 0 || x.Score > 1 {
					t.Errorf("finding %v has score %v outside (0,1]", x.Category, x.Score)
				}
				if x.Clause != x.Category.Clause() {
					t.Errorf("finding %v has clause %q, want %q", x.Category, x.Clause, x.Category.Clause())
				}
			}
		})
	}
}

// TestPosts checks the invented posts in testdata/posts.txt.
func TestPosts(t *testing.T) {
	f, err := New(testPractice)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/posts.txt")
	if err != nil {
		t.Fatal(err)
	}
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		labels, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("posts.txt:%d: no tab", n+1)
		}
		var want moderation.Set
		if labels != "-" {
			for _, l := range strings.Split(labels, ",") {
				c, err := moderation.ParseCategory(l)
				if err != nil {
					t.Fatalf("posts.txt:%d: %v", n+1, err)
				}
				want = want.Add(c)
			}
		}
		got := mask(moderation.Labels(judgeText(f, text)), mine)
		if got != want {
			t.Errorf("posts.txt:%d: %q\n got %v, want %v", n+1, text, got.Categories(), want.Categories())
		}
	}
}

// TestStaffAliasCountsAsPractice checks that a single-word staff alias,
// capitalised mid-sentence, makes the practice the subject, also when the
// alias has an apostrophe (which the phrase matcher drops).
func TestStaffAliasCountsAsPractice(t *testing.T) {
	p := testPractice
	p.Staff = append(append([]moderation.StaffMember{}, p.Staff...),
		moderation.StaffMember{Name: "Siobhan D'Arcy", Role: "Receptionist", Aliases: []string{"D'Arcy"}})
	f, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		text string
		want bool // an auxPractice hit at the alias
	}{
		{"Thanks to Kez for sorting it", true},
		{"Thanks to D'Arcy for sorting it", true},
		{"Thanks to kez for sorting it", false}, // not capitalised
		{"Thanks to Kim for sorting it", false},
	} {
		in := &detect.Input{Doc: textnorm.New(tt.text)}
		sc := f.pool.Get().(*scratch)
		f.m.lookup(in, sc)
		f.m.find(sc)
		sentences(in, sc)
		j := judge{f: f, d: in.Doc, sc: sc}
		j.prepare()
		got := false
		for _, h := range sc.hits {
			if h.cue == auxPractice && h.pat < 0 && in.Doc.Is(h.from, strings.ToLower(strings.Split(tt.text, " ")[2])) {
				got = true
			}
		}
		if got != tt.want {
			t.Errorf("%q: the alias counts as the practice = %v, want %v", tt.text, got, tt.want)
		}
		f.pool.Put(sc)
	}
}

// TestRating checks the words rating reads as a verdict: a score out of
// five or ten first wherever it is, then the first number with a star,
// then a sentence that is only "Avoid".
func TestRating(t *testing.T) {
	f, err := New(testPractice)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ text, want string }{
		{"3/5 overall", "3/5"},
		{"5* service, honestly 4 / 5", "4 / 5"},
		{"Avoid. 2* and 1⭐ from me", "2"},
		{"Gave it 12* lol. Avoid.", "Avoid"},
		{"Avoid this surgery", ""},
		{"3/4 of the staff, 20 stars", ""},
	} {
		d := textnorm.New(tc.text)
		sc := &scratch{}
		f.m.lookup(&detect.Input{Doc: d}, sc)
		j := judge{f: f, d: d, sc: sc}
		got := ""
		if from, to, ok := j.rating(); ok {
			s, e := d.WordSpan(from, to-1)
			got = tc.text[s:e]
		}
		if got != tc.want {
			t.Errorf("rating(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
