package wordpress

import "testing"

func TestStripHTML(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraph", "<p>Can I get my prescription ...</p>\n", "Can I get my prescription ..."},
		{"breaks", "<p>line one<br />\nline two</p>", "line one\nline two"},
		{"entities", "<p>Fish &amp; chips &#8211; &lt;3</p>", "Fish & chips – <3"},
		{"link", `<p>see <a href="https://x.example" rel="nofollow ugc">this</a></p>`, "see this"},
		{"lone angle", "a < b", "a < b"},
		{"empty", "", ""},
		{"two paragraphs", "<p>one</p>\n<p>two</p>\n", "one\ntwo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StripHTML(tt.in); got != tt.want {
				t.Errorf("StripHTML(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
