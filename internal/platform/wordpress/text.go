package wordpress

import (
	"html"
	"strings"
)

// StripHTML turns WordPress's rendered comment HTML into plain text: tags
// dropped (block-level ones and <br> become line breaks), entities decoded,
// runs of blank lines and surrounding space trimmed. It is for judging text,
// not for display, and never fails.
func StripHTML(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s[i:]) // a lone '<' is text
			break
		}
		tag := strings.ToLower(strings.TrimLeft(s[i+1:i+j], "/"))
		for _, name := range []string{"p", "br", "div", "li", "blockquote"} {
			if tag == name || strings.HasPrefix(tag, name+" ") || strings.HasPrefix(tag, name+"/") {
				b.WriteByte('\n')
				break
			}
		}
		s = s[i+j+1:]
	}
	lines := strings.Split(html.UnescapeString(b.String()), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
