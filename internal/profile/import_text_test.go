package profile

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTextParas(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		markdown bool
		want     []docPara
	}{
		{
			name: "paragraphs and list",
			text: "Title\n\nFirst para.\n\n1. One.\n2. Two.\n",
			want: []docPara{{Text: "Title"}, {Text: "First para."}, {Text: "One.", Item: true}, {Text: "Two.", Item: true}},
		},
		{
			name: "hard wrapped",
			text: "At Ashgrove Surgery, we have a\nFacebook page which provides a range.\nNext.\n",
			want: []docPara{{Text: "At Ashgrove Surgery, we have a Facebook page which provides a range."}, {Text: "Next."}},
		},
		{
			name: "wrapped list item",
			text: "- Patients must not\n  post comments.\n* Be kind.\n",
			want: []docPara{{Text: "Patients must not post comments.", Item: true}, {Text: "Be kind.", Item: true}},
		},
		{
			name: "bookmark, spaces, CRLF, BOM",
			text: "\ufeffTitle \r\n\r\n[bookmark: _GoBack]If a  complaint is made.  \r\n",
			want: []docPara{{Text: "Title"}, {Text: "If a complaint is made."}},
		},
		{
			name:     "markdown",
			text:     "# Patient Social Media Guidance\n\nSee **our** [reviews page](https://a.example/r) and \\*this\\*.\n",
			markdown: true,
			want:     []docPara{{Text: "Patient Social Media Guidance"}, {Text: "See our reviews page <https://a.example/r> and *this*."}},
		},
		{
			name: "hash kept in plain text",
			text: "# not a heading\n",
			want: []docPara{{Text: "# not a heading"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, textParas(tt.text, tt.markdown)); diff != "" {
				t.Errorf("textParas (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two", "One. Two.", []string{"One.", "Two."}},
		{"colon", "Patients are expected to:", []string{"Patients are expected to:"}},
		{"address kept", "Respond appropriately. https://a.example/x.html ", []string{"Respond appropriately.", "https://a.example/x.html"}},
		{"address mid sentence", "On the NHS website (<https://www.nhs.uk/a>) as this will. Next!", []string{"On the NHS website (<https://www.nhs.uk/a>) as this will.", "Next!"}},
		{"empty", "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, splitSentences(tt.in)); diff != "" {
				t.Errorf("splitSentences (-want +got):\n%s", diff)
			}
		})
	}
}
