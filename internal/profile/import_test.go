package profile

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// importFile imports a testdata document, failing the test on error.
func importFile(t *testing.T, path string) (*Profile, *ImportReport) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading document: %v", err)
	}
	p, r, err := Import(path, b)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return p, r
}

// reparse marshals an imported profile and parses it back, as the import
// command's output would be loaded.
func reparse(t *testing.T, p *Profile, r *ImportReport) *Profile {
	t.Helper()
	y, err := MarshalImport(p, r, "doc")
	if err != nil {
		t.Fatalf("MarshalImport: %v", err)
	}
	back, err := Parse("imported.yaml", y)
	if err != nil {
		t.Fatalf("Parse of imported YAML: %v\n%s", err, y)
	}
	return back
}

func TestImportSeedsRoundTrip(t *testing.T) {
	for _, s := range seeds {
		t.Run(s.name, func(t *testing.T) {
			p, r := importFile(t, s.document)
			if len(r.Unmapped) > 0 || len(r.Extra) > 0 {
				t.Errorf("report: %q", r.Lines())
			}
			p = reparse(t, p, r)
			want := loadExample(t, s.profile)
			if diff := cmp.Diff(want.Guidance, p.Guidance); diff != "" {
				t.Errorf("imported guidance differs from %s (-want +got):\n%s", s.profile, diff)
			}
			for _, f := range []struct{ name, want, got string }{
				{"name", want.Name, p.Name},
				{"ods_code", want.ODSCode, p.ODSCode},
				{"links.reviews", want.Links.Reviews, p.Links.Reviews},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
			if diff := cmp.Diff(want.Channels, p.Channels); diff != "" {
				t.Errorf("channels (-want +got):\n%s", diff)
			}
			var b bytes.Buffer
			if err := Render(&b, p, FormatText); err != nil {
				t.Fatalf("Render: %v", err)
			}
			if missing := missingSentences(seedSentences(t, s.document), b.String()); len(missing) > 0 {
				t.Errorf("rendering the imported profile lacks %d seed sentences:\n%s", len(missing), strings.Join(missing, "\n"))
			}
		})
	}
}

func TestImportGuessesComplaintsLink(t *testing.T) {
	tests := []struct {
		name     string
		document string
		want     string
	}{
		{"roxbourne: the feedback and complaints page", "testdata/seeds/roxbourne-medical-centre.txt", "https://roxbournemc.com/contact-us/feedback-and-complaints/"},
		{"quorn: no address", "testdata/seeds/quorn-medical-centre.txt", "https://www.nhs.uk/nhs-services/gp-surgeries/how-to-complain-to-a-gp-surgery/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, r := importFile(t, tt.document)
			if p.Links.Complaints != tt.want {
				t.Errorf("links.complaints = %q, want %q", p.Links.Complaints, tt.want)
			}
			want := []Guess{{Path: "links.complaints", Value: tt.want}}
			if diff := cmp.Diff(want, r.Guessed, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Why" }, cmp.Ignore())); diff != "" {
				t.Errorf("guesses (-want +got):\n%s", diff)
			}
			y, err := MarshalImport(p, r, tt.document)
			if err != nil {
				t.Fatalf("MarshalImport: %v", err)
			}
			if !strings.Contains(string(y), "# GUESSED: the document gives no address for complaints") {
				t.Errorf("YAML does not mark the guess:\n%s", y)
			}
		})
	}
}

func TestImportReportsUnknownWording(t *testing.T) {
	b, err := os.ReadFile("testdata/seeds/quorn-medical-centre.txt")
	if err != nil {
		t.Fatalf("reading seed: %v", err)
	}
	doc := strings.Replace(string(b),
		"8. Defamatory comments about our team",
		"8. Patients must not advertise goods or services on the practice's pages. Adverts will be removed.\n9. Defamatory comments about our team", 1)
	doc = strings.Replace(doc, "for our patient population.", "for our patient population. Our pages are checked during opening hours.", 1)
	doc = strings.Replace(doc, "6. Patients must not post comments on social media that identify any staff.",
		"6. Patients must not post comments on social media that identify any staff. Staff may not reply to you.", 1)

	p, r, err := Import("quorn.txt", []byte(doc))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	wantUnmapped := []string{"Our pages are checked during opening hours.", "Staff may not reply to you."}
	if diff := cmp.Diff(wantUnmapped, r.Unmapped); diff != "" {
		t.Errorf("unmapped (-want +got):\n%s", diff)
	}
	wantExtra := []string{"Patients must not advertise goods or services on the practice's pages. Adverts will be removed."}
	if diff := cmp.Diff(wantExtra, r.Extra); diff != "" {
		t.Errorf("extra clauses reported (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantExtra, p.Guidance.ExtraClauses); diff != "" {
		t.Errorf("guidance.extra_clauses (-want +got):\n%s", diff)
	}
	lines := strings.Join(r.Lines(), "\n")
	for _, want := range []string{`not mapped, left out: "Staff may not reply to you."`, "unknown clause, kept as guidance.extra_clauses.0"} {
		if !strings.Contains(lines, want) {
			t.Errorf("report lacks %q:\n%s", want, lines)
		}
	}
	p = reparse(t, p, r)
	if got := p.Doc().Text(); !strings.Contains(got, "9. Patients must not advertise goods or services on the practice's pages. Adverts will be removed.\n") {
		t.Errorf("rendered text lacks the extra clause as clause 9:\n%s", got)
	}
}

func TestImportMarkdownRoundTrip(t *testing.T) {
	for _, s := range seeds {
		t.Run(s.name, func(t *testing.T) {
			want := loadExample(t, s.profile)
			var md bytes.Buffer
			if err := Render(&md, want, FormatMarkdown); err != nil {
				t.Fatalf("Render: %v", err)
			}
			p, r, err := Import("guidance.md", md.Bytes())
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if len(r.Unmapped) > 0 || len(r.Extra) > 0 {
				t.Errorf("report: %q", r.Lines())
			}
			if diff := cmp.Diff(want.Guidance, p.Guidance); diff != "" {
				t.Errorf("guidance (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want.Channels, p.Channels); diff != "" {
				t.Errorf("channels (-want +got):\n%s", diff)
			}
		})
	}
}

func TestImportNothingKnown(t *testing.T) {
	p, r, err := Import("docs/st-marys_surgery.txt", []byte("Please be kind online.\n"))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if diff := cmp.Diff([]string{"Please be kind online."}, r.Unmapped); diff != "" {
		t.Errorf("unmapped (-want +got):\n%s", diff)
	}
	var paths []string
	for _, g := range r.Guessed {
		paths = append(paths, g.Path)
	}
	if diff := cmp.Diff([]string{"name", "channels", "links.reviews", "links.complaints"}, paths); diff != "" {
		t.Errorf("guessed (-want +got):\n%s", diff)
	}
	p = reparse(t, p, r)
	if p.Name != "St Marys Surgery" || !cmp.Equal(p.Channels, []moderation.Channel{moderation.Facebook}) {
		t.Errorf("guessed name %q, channels %v", p.Name, p.Channels)
	}
}

func TestImportUnknownChannel(t *testing.T) {
	doc := "At Ashgrove Surgery, we have a Facebook, YouTube and X pages which provide a range of useful information for our patient population.\n"
	p, r, err := Import("a.txt", []byte(doc))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if diff := cmp.Diff([]moderation.Channel{moderation.Facebook, moderation.X}, p.Channels); diff != "" {
		t.Errorf("channels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`channel "YouTube" (Pagekeeper does not read it)`}, r.Unmapped); diff != "" {
		t.Errorf("unmapped (-want +got):\n%s", diff)
	}
}

func TestImportNotDocx(t *testing.T) {
	if _, _, err := Import("guidance.docx", []byte("plain text")); err == nil {
		t.Errorf("Import of a .docx that is not a zip: no error")
	}
}

func FuzzImport(f *testing.F) {
	for _, s := range seeds {
		b, err := os.ReadFile(s.document)
		if err != nil {
			f.Fatalf("reading seed: %v", err)
		}
		f.Add("guidance.txt", b)
	}
	f.Add("g.md", []byte("# Patient Social Media Guidance\n\n1. [x](http://%zz)\n"))
	f.Add("g.docx", []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		p, r, err := Import(name, data)
		if err != nil {
			return
		}
		if _, err := MarshalImport(p, r, "fuzz"); err != nil {
			t.Errorf("an imported profile does not load: %v", err)
		}
	})
}
