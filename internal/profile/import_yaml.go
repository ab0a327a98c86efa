package profile

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// settingComments explain the imported guidance settings to whoever edits the
// profile next, by YAML key under "guidance".
var settingComments = map[string]string{
	"document":                   "what the document calls itself: guidance or policy",
	"self_reference":             "name: the practice by name; this_practice: \"This practice\"",
	"owner":                      "who owns the pages and the complaints policy: organisation or practice",
	"x_name":                     "what X is called: X or Twitter",
	"photo_scope":                "no photographs: any_area, or waiting_room (the waiting room or areas)",
	"legal_advice":               "legal advice about defamation will or may be sought",
	"unofficial_reviews_ignored": "\"Reviews left on unofficial sites will not be responded to.\"",
	"complaints":                 "complaints posted on social media: delete, or request_delete",
	"complaints_name":            "the practice's own name for its complaints process",
	"complaints_link":            "give links.complaints after naming the process",
	"extra_clauses":              "clauses Pagekeeper does not know, numbered after clause 8: check them",
	"style":                      "form, not meaning: reproduces the document's punctuation and phrasing",
}

// MarshalImport writes an imported profile as tidy, commented YAML: a header
// naming the source, a comment on each guidance setting, and "GUESSED" on
// every guessed value. The result is checked with Parse, so it always loads.
func MarshalImport(p *Profile, r *ImportReport, source string) ([]byte, error) {
	var root yaml.Node
	if err := root.Encode(p); err != nil {
		return nil, fmt.Errorf("writing imported profile: %w", err)
	}
	root.HeadComment = fmt.Sprintf("Imported from %s by pagekeeper import.\n"+
		"Check it against the document, then run: pagekeeper validate --practice FILE", source)
	if !r.Clean() {
		root.HeadComment += "\n\nThe import reported:\n" + strings.Join(r.Lines(), "\n")
	}
	if ch := mapValue(&root, "channels"); ch != nil {
		ch.Style = yaml.FlowStyle
	}
	if g := mapValue(&root, "guidance"); g != nil {
		for i := 0; i+1 < len(g.Content); i += 2 {
			if c, ok := settingComments[g.Content[i].Value]; ok {
				g.Content[i].HeadComment = c
			}
		}
	}
	for _, gs := range r.Guessed {
		parent, key := &root, gs.Path
		if i := strings.LastIndexByte(gs.Path, '.'); i >= 0 {
			parent, key = mapValue(&root, gs.Path[:i]), gs.Path[i+1:]
		}
		if k := mapKey(parent, key); k != nil {
			k.HeadComment = "GUESSED: " + gs.Why
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, fmt.Errorf("writing imported profile: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing imported profile: %w", err)
	}
	if _, err := Parse(source+" (imported)", b.Bytes()); err != nil {
		return nil, fmt.Errorf("checking imported profile: %w", err)
	}
	return b.Bytes(), nil
}

// mapValue returns the value of key in mapping node n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	return mapEntry(n, key, 1)
}

// mapKey returns the node of key itself in mapping node n, or nil.
func mapKey(n *yaml.Node, key string) *yaml.Node {
	return mapEntry(n, key, 0)
}

// mapEntry returns the key (at 0) or value (at 1) node of key in mapping node n, or nil.
func mapEntry(n *yaml.Node, key string, at int) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+at]
		}
	}
	return nil
}
