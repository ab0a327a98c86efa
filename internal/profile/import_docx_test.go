package profile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// docxPara is a paragraph to write into a test .docx.
type docxPara struct {
	text  string
	item  bool   // numbered, as Word numbers a list
	link  string // written as a hyperlink after the text, showing shown
	shown string
}

// makeDocx builds a minimal Word document of paragraphs, each split into
// several runs as Word does, with a bookmark like the seeds' _GoBack.
func makeDocx(t *testing.T, paras []docxPara) []byte {
	t.Helper()
	esc := func(s string) string {
		var b strings.Builder
		if err := xml.EscapeText(&b, []byte(s)); err != nil {
			t.Fatalf("escaping: %v", err)
		}
		return b.String()
	}
	var body, rels strings.Builder
	for i, p := range paras {
		body.WriteString("<w:p>")
		if p.item {
			body.WriteString(`<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>`)
		}
		if i == len(paras)-1 {
			body.WriteString(`<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>`)
		}
		half := len(p.text) / 2
		for half > 0 && p.text[half] != ' ' {
			half--
		}
		body.WriteString(`<w:r><w:t xml:space="preserve">` + esc(p.text[:half]) + `</w:t></w:r>`)
		body.WriteString(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + esc(p.text[half:]) + `</w:t></w:r>`)
		if p.link != "" {
			id := "rId" + string(rune('A'+i))
			body.WriteString(`<w:r><w:t xml:space="preserve"> </w:t></w:r><w:hyperlink r:id="` + id + `"><w:r><w:t>` + esc(p.shown) + `</w:t></w:r></w:hyperlink>`)
			rels.WriteString(`<Relationship Id="` + id + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="` +
				esc(p.link) + `" TargetMode="External"/>`)
		}
		body.WriteString("</w:p>")
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, content := range map[string]string{
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
			body.String() + `<w:sectPr/></w:body></w:document>`,
		"word/_rels/document.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatalf("zip: %v", err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatalf("zip: %v", err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("zip: %v", err)
	}
	return b.Bytes()
}

// docxOf writes a practice's rendered guidance as a .docx, as a practice
// would have it: clauses as a numbered list, the reviews address as a hyperlink.
func docxOf(t *testing.T, p *Profile) []byte {
	t.Helper()
	d := p.Doc()
	paras := []docxPara{{text: d.Title}}
	add := func(ps []Para, item bool) {
		for _, para := range ps {
			paras = append(paras, docxPara{text: strings.TrimSpace(para.String()), item: item})
		}
	}
	add(d.Intro, false)
	add(d.Clauses, true)
	paras = append(paras, docxPara{text: d.ComplaintsHeading})
	add(d.Complaints, false)
	return makeDocx(t, paras)
}

func TestImportDocxRoundTrip(t *testing.T) {
	for _, s := range seeds {
		t.Run(s.name, func(t *testing.T) {
			want := loadExample(t, s.profile)
			p, r, err := Import("guidance.docx", docxOf(t, want))
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if len(r.Unmapped) > 0 || len(r.Extra) > 0 {
				t.Errorf("report: %q", r.Lines())
			}
			if diff := cmp.Diff(want.Guidance, p.Guidance); diff != "" {
				t.Errorf("guidance (-want +got):\n%s", diff)
			}
			if p.Links.Reviews != want.Links.Reviews || p.Name != want.Name {
				t.Errorf("name %q, reviews %q; want %q, %q", p.Name, p.Links.Reviews, want.Name, want.Links.Reviews)
			}
		})
	}
}

func TestDocxParas(t *testing.T) {
	doc := makeDocx(t, []docxPara{
		{text: "Patient Social Media Guidance"},
		{text: "1. Be kind to our staff.", item: true},
		{text: "Leave a review on", link: "https://example.org/reviews", shown: "our page"},
		{text: "Or at", link: "https://example.org/r", shown: "https://example.org/r"},
	})
	got, err := docxParas(doc)
	if err != nil {
		t.Fatalf("docxParas: %v", err)
	}
	want := []docPara{
		{Text: "Patient Social Media Guidance"},
		{Text: "1. Be kind to our staff.", Item: true},
		{Text: "Leave a review on our page <https://example.org/reviews>"},
		{Text: "Or at https://example.org/r"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("docxParas (-want +got):\n%s", diff)
	}
}

func TestDocxParasErrors(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	if _, err := zw.Create("word/other.xml"); err != nil {
		t.Fatalf("zip: %v", err)
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("zip: %v", err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"not a zip", []byte("PK\x03\x04 broken")},
		{"no document.xml", b.Bytes()},
		{"bad xml", makeDocxRaw(t, "<w:document><w:body><w:p>")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := docxParas(tt.data); err == nil {
				t.Errorf("docxParas: no error")
			}
		})
	}
}

// makeDocxRaw builds a .docx whose document.xml is exactly doc.
func makeDocxRaw(t *testing.T, doc string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	if _, err := w.Write([]byte(doc)); err != nil {
		t.Fatalf("zip: %v", err)
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("zip: %v", err)
	}
	return b.Bytes()
}
