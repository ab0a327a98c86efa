package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"go.yaml.in/yaml/v3"
)

// Error is one problem with a profile file, at a line.
type Error struct {
	File string
	Line int    // 0 when the problem has no single line
	Path string // the key, e.g. "links.reviews"
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one profile file.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// LoadFile reads and validates the profile at path.
func LoadFile(path string) (*Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading profile: %w", err)
	}
	return Parse(path, b)
}

// Parse decodes and validates a profile. name is used in error messages.
// Unknown keys, wrong types, bad URLs, unknown categories, actions or roles are
// all errors, each naming the line.
func Parse(name string, data []byte) (*Profile, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlErrors(name, err)
	}
	if len(root.Content) == 0 {
		return nil, Errors{{File: name, Msg: "the profile is empty"}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Profile
	if err := dec.Decode(&p); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlErrors(name, err)
	}
	if errs := p.validate(name, root.Content[0]); len(errs) > 0 {
		return nil, errs
	}
	return &p, nil
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlErrors turns the YAML library's errors into file:line errors.
func yamlErrors(name string, err error) error {
	var te *yaml.TypeError
	var msgs []string
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out Errors
	for _, m := range msgs {
		e := &Error{File: name, Msg: m}
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			e.Line, _ = strconv.Atoi(sm[1])
			e.Msg = friendlyYAML(sm[2])
		}
		out = append(out, e)
	}
	return out
}

// friendlyYAML rewords the YAML library's messages for people who edit profiles.
func friendlyYAML(m string) string {
	if strings.HasPrefix(m, "field ") && strings.Contains(m, " not found in type ") {
		field := strings.TrimSuffix(strings.TrimPrefix(m[:strings.Index(m, " not found")], "field "), "")
		return fmt.Sprintf("unknown key %q", field)
	}
	if strings.HasPrefix(m, "cannot unmarshal ") {
		return "wrong type: " + m
	}
	return m
}

// validator collects errors with the line of each offending key.
type validator struct {
	file string
	root *yaml.Node
	errs Errors
}

func (v *validator) add(path string, format string, args ...any) {
	v.errs = append(v.errs, &Error{File: v.file, Line: lineOf(v.root, path), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// lineOf finds the line of the value at a dotted path ("staff.2.name",
// "policy.review.actions.1"), falling back to the nearest ancestor found.
func lineOf(n *yaml.Node, path string) int {
	line := n.Line
	for _, part := range strings.Split(path, ".") {
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			n = n.Content[0]
		}
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == part {
					next = n.Content[i+1]
					line = n.Content[i].Line
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(part); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
		if n.Kind == yaml.ScalarNode || n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode {
			if n.Kind == yaml.ScalarNode {
				line = n.Line
			}
		}
	}
	return line
}

func (p *Profile) validate(file string, root *yaml.Node) Errors {
	v := &validator{file: file, root: root}
	if strings.TrimSpace(p.Name) == "" {
		v.add("name", "is required: the practice's name")
	}
	if p.ODSCode != "" && !odsCode.MatchString(p.ODSCode) {
		v.add("ods_code", "%q is not an ODS code (a letter and digits, e.g. C82034)", p.ODSCode)
	}
	if len(p.Channels) == 0 {
		v.add("channels", "is required: at least one of %v", moderation.Channels())
	}
	seen := map[moderation.Channel]bool{}
	for i, ch := range p.Channels {
		path := fmt.Sprintf("channels.%d", i)
		switch {
		case !ch.Valid():
			v.add(path, "unknown channel %q (want one of %v)", ch, moderation.Channels())
		case seen[ch]:
			v.add(path, "channel %q is listed twice", ch)
		}
		seen[ch] = true
	}
	v.url("links.reviews", p.Links.Reviews, true)
	v.url("links.complaints", p.Links.Complaints, true)
	v.url("links.website", p.Links.Website, false)
	v.url("links.contact", p.Links.Contact, false)
	for i, s := range p.Staff {
		if strings.TrimSpace(s.Name) == "" {
			v.add(fmt.Sprintf("staff.%d.name", i), "is required")
		}
		if strings.TrimSpace(s.Role) == "" {
			v.add(fmt.Sprintf("staff.%d.role", i), "is required (e.g. \"Practice Nurse\")")
		}
		for j, a := range s.Aliases {
			if strings.TrimSpace(a) == "" {
				v.add(fmt.Sprintf("staff.%d.aliases.%d", i, j), "is empty")
			}
		}
	}
	for role, r := range p.Roles {
		if r.Email != "" && !strings.Contains(r.Email, "@") {
			v.add("roles."+role+".email", "%q is not an email address", r.Email)
		}
	}
	if p.Location != nil {
		if p.Location.Latitude < -90 || p.Location.Latitude > 90 {
			v.add("location.latitude", "%v is not a latitude", p.Location.Latitude)
		}
		if p.Location.Longitude < -180 || p.Location.Longitude > 180 {
			v.add("location.longitude", "%v is not a longitude", p.Location.Longitude)
		}
	}
	for day, span := range p.Hours {
		if !slices.Contains(weekdays, day) {
			v.add("hours."+day, "unknown day %q (want one of %v)", day, weekdays)
		} else if _, _, err := ParseSpan(span); err != nil {
			v.add("hours."+day, "%v", err)
		}
	}
	for key, val := range p.Guidance.enumValues() {
		if val != "" && !slices.Contains(guidanceEnums[key], val) {
			v.add("guidance."+key, "unknown value %q (want one of %v)", val, guidanceEnums[key])
		}
	}
	for i, s := range p.Shadow {
		if s != "all" && !moderation.Category(s).Valid() {
			v.add(fmt.Sprintf("shadow.%d", i), "unknown category %q (want \"all\" or one of %v)", s, moderation.AllCategories())
		}
	}
	v.template("urgent_reply", p.UrgentReply)
	for cat, r := range p.Policy {
		base := "policy." + string(cat)
		if !cat.Valid() {
			v.add(base, "unknown category %q (want one of %v)", cat, moderation.AllCategories())
			continue
		}
		if r == nil {
			v.add(base, "needs at least an actions list")
			continue
		}
		p.validateRule(v, base, cat, r)
	}
	return v.errs
}

func (p *Profile) validateRule(v *validator, base string, cat moderation.Category, r *Rule) {
	if len(r.Actions) == 0 {
		v.add(base+".actions", "is required (use [none] to do nothing)")
	}
	has := map[moderation.ActionKind]bool{}
	for i, a := range r.Actions {
		path := fmt.Sprintf("%s.actions.%d", base, i)
		if !a.Valid() {
			v.add(path, "unknown action %q (want one of %v)", a, moderation.ActionKinds())
			continue
		}
		has[a] = true
		if cat == moderation.Safeguarding && a.Removes() {
			v.add(path, "posts where someone may be at risk are never hidden or deleted automatically: they escalate to a person")
		}
	}
	if has[moderation.ActionNone] && len(r.Actions) > 1 {
		v.add(base+".actions", "\"none\" cannot be combined with other actions")
	}
	if cat == moderation.Safeguarding && !has[moderation.ActionEscalate] {
		v.add(base+".actions", "must include escalate: the practice has a duty to safeguard")
	}
	if has[moderation.ActionEscalate] {
		if r.EscalateTo == "" {
			v.add(base+".escalate_to", "is required with the escalate action (one of %v or a role under roles)", BuiltinRoles)
		} else if !slices.Contains(BuiltinRoles, r.EscalateTo) {
			if _, ok := p.Roles[r.EscalateTo]; !ok {
				v.add(base+".escalate_to", "unknown role %q (want one of %v or a role under roles)", r.EscalateTo, BuiltinRoles)
			}
		}
	}
	if (has[moderation.ActionReply] || has[moderation.ActionPrivateReply]) && strings.TrimSpace(r.Reply) == "" {
		v.add(base+".reply", "is required with the reply and private_reply actions")
	}
	v.template(base+".reply", r.Reply)
	if r.ReviewBelow < 0 || r.ReviewBelow > 1 {
		v.add(base+".review_below", "%v is not a score between 0 and 1", r.ReviewBelow)
	}
}

func (v *validator) url(path, s string, required bool) {
	if s == "" {
		if required {
			v.add(path, "is required: a web address (https://...)")
		}
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s, " \t") {
		v.add(path, "%q is not a web address (want https://...)", s)
	}
}

func (v *validator) template(path, s string) {
	if err := checkTemplate(s); err != nil {
		v.add(path, "%v", err)
	}
}

var odsCode = regexp.MustCompile(`^[A-Z][A-Z0-9]{2,5}$`)

var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

func hostOf(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}
