package profile

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// seeds maps each seed practice's profile to its published guidance document.
var seeds = []struct {
	name     string
	profile  string
	document string
}{
	{"roxbourne", "../../examples/roxbourne.yaml", "testdata/seeds/roxbourne-medical-centre.txt"},
	{"quorn", "../../examples/quorn.yaml", "testdata/seeds/quorn-medical-centre.txt"},
}

// golden compares got with testdata/name, rewriting the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("writing golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got; go test -update rewrites it):\n%s", path, diff)
	}
}

func loadExample(t *testing.T, path string) *Profile {
	t.Helper()
	p, err := LoadFile(path)
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	return p
}

func TestRenderGolden(t *testing.T) {
	practices := map[string]string{
		"roxbourne": "../../examples/roxbourne.yaml",
		"quorn":     "../../examples/quorn.yaml",
		"demo":      "../../examples/demo.yaml",
	}
	exts := map[Format]string{FormatText: "txt", FormatMarkdown: "md", FormatHTML: "html"}
	for name, path := range practices {
		p := loadExample(t, path)
		for _, f := range Formats() {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				var b bytes.Buffer
				if err := Render(&b, p, f); err != nil {
					t.Fatalf("Render: %v", err)
				}
				golden(t, name+"."+exts[f]+".golden", b.Bytes())
			})
		}
	}
}

// seedMarkers are the parts of a seed document that are not its wording: the
// word processor's bookmark and list numbers ("1." on every Roxbourne item).
var (
	bookmark   = regexp.MustCompile(`\[bookmark: [^\]]*\]`)
	listNumber = regexp.MustCompile(`(?m)^\s*\d+\.\s+`)
	spaces     = regexp.MustCompile(`\s+`)
)

// seedSentences returns the sentences of a seed document with whitespace
// collapsed and the bookmark and list numbers removed.
func seedSentences(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading seed: %v", err)
	}
	text := listNumber.ReplaceAllString(bookmark.ReplaceAllString(string(b), ""), "")
	var out []string
	for _, line := range strings.Split(text, "\n") {
		out = append(out, splitSentences(spaces.ReplaceAllString(strings.TrimSpace(line), " "))...)
	}
	if len(out) < 20 {
		t.Fatalf("%s: only %d sentences: is it the seed document?", path, len(out))
	}
	return out
}

// missingSentences returns the seed sentences not found in rendered.
func missingSentences(seed []string, rendered string) []string {
	rendered = spaces.ReplaceAllString(rendered, " ")
	var missing []string
	for _, s := range seed {
		if !strings.Contains(rendered, s) {
			missing = append(missing, s)
		}
	}
	return missing
}

func TestRenderContainsEverySeedSentence(t *testing.T) {
	for _, s := range seeds {
		t.Run(s.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, loadExample(t, s.profile), FormatText); err != nil {
				t.Fatalf("Render: %v", err)
			}
			if missing := missingSentences(seedSentences(t, s.document), b.String()); len(missing) > 0 {
				t.Errorf("rendered text lacks %d seed sentences:\n%s\n\nrendered:\n%s", len(missing), strings.Join(missing, "\n"), b.String())
			}
		})
	}
}

func TestRenderNumbersClauses(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, loadExample(t, "../../examples/roxbourne.yaml"), FormatText); err != nil {
		t.Fatalf("Render: %v", err)
	}
	got := regexp.MustCompile(`(?m)^(\d+)\. `).FindAllStringSubmatch(b.String(), -1)
	var nums []string
	for _, m := range got {
		nums = append(nums, m[1])
	}
	want := []string{"1", "2", "3", "4", "5", "6", "7", "8"}
	if diff := cmp.Diff(want, nums); diff != "" {
		t.Errorf("clause numbers (-want +got):\n%s", diff)
	}
}

func TestChannelsPhrase(t *testing.T) {
	tests := []struct {
		name  string
		chs   []moderation.Channel
		xName string
		want  string
	}{
		{"one page", []moderation.Channel{moderation.Facebook}, "X", "a Facebook page which provides"},
		{"website only", []moderation.Channel{moderation.Website}, "X", "a website which provides"},
		{"vowel", []moderation.Channel{moderation.Instagram, moderation.Facebook}, "X", "an Instagram and Facebook pages which provide"},
		{"x said ex", []moderation.Channel{moderation.X}, "X", "an X page which provides"},
		{"twitter", []moderation.Channel{moderation.X}, "Twitter", "a Twitter page which provides"},
		{"website first", []moderation.Channel{moderation.Facebook, moderation.Website}, "X", "a website and Facebook pages which provide"},
		{"roxbourne", []moderation.Channel{moderation.Website, moderation.Facebook, moderation.X, moderation.Instagram}, "Twitter",
			"a website, Facebook, Twitter and Instagram pages which provide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := channelsPhrase(tt.chs, tt.xName); got != tt.want {
				t.Errorf("channelsPhrase = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDocWording(t *testing.T) {
	base := func() *Profile {
		return &Profile{
			Name:     "Ashgrove Surgery",
			Channels: []moderation.Channel{moderation.Facebook},
			Links:    Links{Reviews: "https://www.nhs.uk/services/gp-surgery/x/Z99999/ratings-and-reviews", Complaints: "https://ashgrove.example/complaints"},
		}
	}
	tests := []struct {
		name string
		set  func(*Profile)
		want string
	}{
		{"default duty", func(*Profile) {}, "This practice has a duty"},
		{"named duty", func(p *Profile) { p.Guidance.SelfReference = "name" }, "Ashgrove Surgery has a duty"},
		{"named patients", func(p *Profile) { p.Guidance.SelfReference = "name" }, "Patients at Ashgrove Surgery are expected to always adhere"},
		{"policy", func(p *Profile) { p.Guidance.Document = "policy" }, "outlined in this policy."},
		{"at all times", func(p *Profile) { p.Guidance.Style.AlwaysPhrase = "at_all_times" }, "adhere to the following code of conduct at all times:"},
		{"nhs review", func(*Profile) {}, "Patients can leave an official review about the practice on the NHS website (<https://www.nhs.uk/"},
		{"link review", func(p *Profile) { p.Links.Reviews = "https://ashgrove.example/feedback" },
			"The following link can enable the Practice Manager to respond appropriately. https://ashgrove.example/feedback\n"},
		{"lowercase titles", func(p *Profile) { p.Guidance.Style.LowercaseTitles = true }, "enable the practice manager to"},
		{"unofficial", func(p *Profile) { p.Guidance.UnofficialReviewsIgnored = true }, "respond appropriately. Reviews left on unofficial sites will not be responded to.\n"},
		{"will", func(p *Profile) { p.Guidance.LegalAdvice = "will" }, "Legal advice will be sought and the"},
		{"comma after sought", func(p *Profile) { p.Guidance.Style.CommaAfterSought = true }, "Legal advice may be sought, and the"},
		{"comma before unless", func(p *Profile) { p.Guidance.Style.CommaBeforeUnless = true }, "other patients, unless"},
		{"waiting room", func(p *Profile) { p.Guidance.PhotoScope = "waiting_room" }, "in the waiting room or areas where other patients are present"},
		{"passive staff photos", func(p *Profile) { p.Guidance.Style.StaffPhotos = "passive" }, "nor are photographs of staff permitted to be taken."},
		{"practice pages", func(*Profile) {}, "on any of the practice's social media pages will be deleted"},
		{"organisation pages", func(p *Profile) { p.Guidance.Owner = "organisation" }, "on any of the organisations pages will be deleted"},
		{"curly", func(p *Profile) { p.Guidance.Style.CurlyApostrophes = true }, "practice’s social media pages"},
		{"request delete", func(*Profile) {}, "it will not be acknowledged, and you will be requested to delete it."},
		{"delete", func(p *Profile) { p.Guidance.Complaints = "delete" }, "If a complaint is made on any of the practice's pages, it will be deleted."},
		{"complaints name", func(p *Profile) { p.Guidance.ComplaintsName = "Complaints Procedure" }, "We have a separate Complaints Procedure which"},
		{"complaints link", func(p *Profile) { p.Guidance.ComplaintsLink = true }, "You can find it at <https://ashgrove.example/complaints>. We will only"},
		{"extra clause", func(p *Profile) { p.Guidance.ExtraClauses = []string{"Be kind.", " "} }, "8. Defamatory comments"},
		{"extra clause numbered", func(p *Profile) { p.Guidance.ExtraClauses = []string{"Be kind.", " "} }, "\n9. Be kind.\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.set(p)
			if got := p.Doc().Text(); !strings.Contains(got, tt.want) {
				t.Errorf("Text() lacks %q:\n%s", tt.want, got)
			}
		})
	}
}

func TestRenderMarkdownEscapes(t *testing.T) {
	p := &Profile{Name: "The *Star* Surgery", Channels: []moderation.Channel{moderation.Facebook},
		Links: Links{Reviews: "https://example.org/r", Complaints: "https://example.org/c"}}
	var b bytes.Buffer
	if err := Render(&b, p, FormatMarkdown); err != nil {
		t.Fatalf("Render: %v", err)
	}
	for _, want := range []string{"# Patient Social Media Guidance\n", `At The \*Star\* Surgery,`, "<https://example.org/r>", "## Patient complaints on social media"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, b.String())
		}
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Format
		wantErr bool
	}{
		{"text", "text", FormatText, false},
		{"md", "md", FormatMarkdown, false},
		{"html", "html", FormatHTML, false},
		{"unknown", "pdf", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFormat(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseFormat(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
	if err := Render(&bytes.Buffer{}, &Profile{}, "pdf"); err == nil {
		t.Errorf("Render with an unknown format: no error")
	}
}

func TestClauseText(t *testing.T) {
	p := loadExample(t, "../../examples/quorn.yaml")
	tests := []struct {
		name   string
		clause moderation.Clause
		want   string
	}{
		{"staff", moderation.ClauseStaff, "Patients must not post comments on social media that identify any staff."},
		{"safeguarding", moderation.ClauseSafeguarding, "This practice has a duty to maintain patient confidentiality and to safeguard vulnerable patients. " +
			"You can help us to achieve this by adhering to the code of conduct outlined in this guidance."},
		{"channels", moderation.ClauseChannels, "At Quorn Medical Centre, we have a Facebook page which provides a range of useful information for our patient population."},
		{"reviews link bare", moderation.ClauseReviews, "Patients can leave an official review about the practice on the NHS website " +
			"(https://www.nhs.uk/services/gp-surgery/quorn-medical-centre/C82034/ratings-and-reviews) as this will enable the Practice Manager to respond appropriately. " +
			"Reviews left on unofficial sites will not be responded to."},
		{"complaints", moderation.ClauseComplaints, "We have a separate Complaints Procedure which patients are to use should they wish to make a complaint. " +
			"We will only respond to complaints made to the organisation in accordance with practice policy. " +
			"If a complaint is made on a social media platform, it will not be acknowledged, and you will be requested to delete it."},
		{"no such clause", "9", ""},
		{"not a number", "4a", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ClauseText(p, tt.clause)); diff != "" {
				t.Errorf("ClauseText(%q) (-want +got):\n%s", tt.clause, diff)
			}
		})
	}
}
