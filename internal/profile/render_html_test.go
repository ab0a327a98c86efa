package profile

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

func TestRenderHTMLEscapes(t *testing.T) {
	p := &Profile{
		Name:     `St <Mary> & "John's"`,
		Channels: []moderation.Channel{moderation.Facebook},
		Links:    Links{Reviews: "https://example.org/r?a=1&b=2", Complaints: "https://example.org/c"},
	}
	var b bytes.Buffer
	if err := Render(&b, p, FormatHTML); err != nil {
		t.Fatalf("Render: %v", err)
	}
	got := b.String()
	for _, want := range []string{
		`<html lang="en-GB">`,
		"At St &lt;Mary&gt; &amp; &#34;John&#39;s&#34;, we have",
		`<a href="https://example.org/r?a=1&amp;b=2">https://example.org/r?a=1&amp;b=2</a>`,
		"<ol>", "<h1>", "<h2>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("HTML lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<Mary>") {
		t.Errorf("HTML has the name unescaped:\n%s", got)
	}
}
