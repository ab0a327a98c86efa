package profile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxDocxPart bounds how much of one part of a .docx is read, so that a
// hostile file cannot expand without limit.
const maxDocxPart = 16 << 20

// isDocx reports whether data looks like a .docx (a zip archive).
func isDocx(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04"))
}

// docxParas reads the paragraphs of a Word document's body
// (word/document.xml): the text of its runs, tabs as spaces, numbered or
// bulleted paragraphs marked as list items. A hyperlink whose text is not its
// address is followed by the address in angle brackets, so the address is
// not lost.
func docxParas(data []byte) ([]docPara, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("reading .docx: %w", err)
	}
	doc, err := readZipPart(zr, "word/document.xml")
	if err != nil {
		return nil, fmt.Errorf("reading .docx: %w", err)
	}
	links := map[string]string{}
	if rels, err := readZipPart(zr, "word/_rels/document.xml.rels"); err == nil {
		links = docxLinks(rels)
	}

	var (
		out      []docPara
		cur      strings.Builder
		item     bool
		inText   bool
		linkAddr string
		linkText strings.Builder
	)
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading .docx: word/document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				cur.Reset()
				item = false
			case "numPr":
				item = true
			case "t":
				inText = true
			case "tab", "br", "cr":
				cur.WriteByte(' ')
			case "hyperlink":
				linkAddr = ""
				linkText.Reset()
				for _, a := range t.Attr {
					if a.Name.Local == "id" {
						linkAddr = links[a.Value]
					}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "hyperlink":
				if linkAddr != "" && !strings.Contains(linkText.String(), linkAddr) {
					cur.WriteString(" <" + linkAddr + ">")
				}
				linkAddr = ""
			case "p":
				if text := strings.Join(strings.Fields(cur.String()), " "); text != "" {
					out = append(out, docPara{Text: text, Item: item})
				}
			}
		case xml.CharData:
			if inText {
				cur.Write(t)
				linkText.Write(t)
			}
		}
	}
	return out, nil
}

// readZipPart returns one file of a zip archive, at most maxDocxPart bytes.
func readZipPart(zr *zip.Reader, name string) ([]byte, error) {
	f, err := zr.Open(name)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxDocxPart+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(b) > maxDocxPart {
		return nil, fmt.Errorf("reading %s: larger than %d bytes", name, maxDocxPart)
	}
	return b, nil
}

// docxLinks maps the relationship ids of a document's external hyperlinks to
// their addresses.
func docxLinks(rels []byte) map[string]string {
	var r struct {
		Rels []struct {
			ID         string `xml:"Id,attr"`
			Target     string `xml:"Target,attr"`
			TargetMode string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	links := map[string]string{}
	if err := xml.Unmarshal(rels, &r); err != nil {
		return links
	}
	for _, rel := range r.Rels {
		if rel.TargetMode == "External" {
			links[rel.ID] = rel.Target
		}
	}
	return links
}
