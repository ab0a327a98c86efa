package profile

import (
	"regexp"
	"strings"
)

// docPara is one paragraph of an imported document.
type docPara struct {
	Text string
	Item bool // a list item: numbered or bulleted
}

var (
	// wordMarkers are what converters leave of a word processor's bookmarks.
	wordMarkers = regexp.MustCompile(`\[bookmark: [^\]]*\]`)
	// listMarker is a list item's number or bullet.
	listMarker = regexp.MustCompile(`^\s*(?:\d{1,3}[.)]|[-*+•])\s+`)
	// mdHeading is a Markdown ATX heading's hashes.
	mdHeading = regexp.MustCompile(`^\s{0,3}#{1,6}\s+`)
	// mdEmphasis is Markdown bold or italic markup around words.
	mdEmphasis = regexp.MustCompile(`(\*\*|__)(.+?)(\*\*|__)`)
	// mdLink is a Markdown link, kept as its text and its address.
	mdLink = regexp.MustCompile(`\[([^\]]+)\]\((https?://[^)\s]+)\)`)
	// mdEscape is a backslash escape.
	mdEscape = regexp.MustCompile(`\\([\\` + "`" + `*_\[\]<>#.!()-])`)
)

// textParas splits plain text or Markdown into paragraphs. A line is a
// paragraph of its own when it is a list item, follows a blank line or
// follows a line ending a sentence; otherwise it continues the paragraph
// before, so hard-wrapped text reads as one paragraph.
func textParas(text string, markdown bool) []docPara {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var out []docPara
	open := false // whether the last paragraph may continue
	for _, line := range strings.Split(text, "\n") {
		line = wordMarkers.ReplaceAllString(line, "")
		if markdown {
			line = mdHeading.ReplaceAllString(line, "")
			line = mdLink.ReplaceAllString(line, "$1 <$2>")
			line = mdEmphasis.ReplaceAllString(line, "$2")
			line = mdEscape.ReplaceAllString(line, "$1")
		}
		line = strings.Join(strings.Fields(strings.TrimPrefix(line, "\ufeff")), " ")
		if line == "" {
			open = false
			continue
		}
		item := false
		if loc := listMarker.FindStringIndex(line); loc != nil {
			item, line = true, line[loc[1]:]
		}
		if open && !item {
			out[len(out)-1].Text += " " + line
		} else {
			out = append(out, docPara{Text: line, Item: item})
		}
		open = !strings.ContainsAny(line[len(line)-1:], ".:!?")
	}
	return out
}

// splitSentences splits a paragraph after each '.', '!', '?' or ':' that is
// followed by a space. Addresses survive: their dots are not followed by spaces.
func splitSentences(para string) []string {
	var out []string
	start := 0
	for i := 0; i < len(para)-1; i++ {
		if strings.IndexByte(".!?:", para[i]) >= 0 && (para[i+1] == ' ' || para[i+1] == '\t' || para[i+1] == '\n') {
			if s := strings.TrimSpace(para[start : i+1]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(para[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
