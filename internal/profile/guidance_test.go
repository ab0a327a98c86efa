package profile

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGuidanceWithDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Guidance
		want Guidance
	}{
		{
			name: "empty",
			in:   Guidance{},
			want: Guidance{Document: "guidance", SelfReference: "this_practice", Owner: "practice", XName: "X", PhotoScope: "any_area",
				LegalAdvice: "may", Complaints: "request_delete", ComplaintsName: "complaints procedure",
				Style: Style{AlwaysPhrase: "always", StaffPhotos: "impersonal"}},
		},
		{
			name: "set values kept",
			in: Guidance{Document: "policy", SelfReference: "name", Owner: "organisation", XName: "Twitter", PhotoScope: "waiting_room",
				LegalAdvice: "will", Complaints: "delete", ComplaintsName: "complaints policy", UnofficialReviewsIgnored: true,
				Style: Style{AlwaysPhrase: "at_all_times", StaffPhotos: "passive", CurlyApostrophes: true}},
			want: Guidance{Document: "policy", SelfReference: "name", Owner: "organisation", XName: "Twitter", PhotoScope: "waiting_room",
				LegalAdvice: "will", Complaints: "delete", ComplaintsName: "complaints policy", UnofficialReviewsIgnored: true,
				Style: Style{AlwaysPhrase: "at_all_times", StaffPhotos: "passive", CurlyApostrophes: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.in.withDefaults()); diff != "" {
				t.Errorf("withDefaults (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGuidanceEnumsComplete keeps guidanceEnums, enumValues and withDefaults in step.
func TestGuidanceEnumsComplete(t *testing.T) {
	vals := Guidance{}.withDefaults().enumValues()
	for key, allowed := range guidanceEnums {
		v, ok := vals[key]
		if !ok {
			t.Errorf("enumValues lacks %q", key)
			continue
		}
		if v != allowed[0] {
			t.Errorf("default of %q = %q, want its first allowed value %q", key, v, allowed[0])
		}
	}
	if len(vals) != len(guidanceEnums) {
		t.Errorf("enumValues has %d keys, guidanceEnums %d", len(vals), len(guidanceEnums))
	}
}

func TestParseGuidanceErrors(t *testing.T) {
	const head = "name: A Surgery\nchannels: [facebook]\nlinks:\n  reviews: https://a.example/r\n  complaints: https://a.example/c\nguidance:\n"
	tests := []struct {
		name string
		yaml string
		want string // one of the errors
	}{
		{"bad enum", head + "  legal_advice: might\n", `p.yaml:7: guidance.legal_advice: unknown value "might"`},
		{"bad style enum", head + "  style:\n    always_phrase: sometimes\n", `p.yaml:8: guidance.style.always_phrase: unknown value "sometimes"`},
		{"unknown key", head + "  styles: {}\n", `p.yaml:7: unknown key "styles"`},
		{"unknown style key", head + "  style:\n    oxford_comma: true\n", `p.yaml:8: unknown key "oxford_comma"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tt.yaml))
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse error = %v, want Errors", err)
			}
			msgs := strings.Split(errs.Error(), "\n")
			if !slices.ContainsFunc(msgs, func(m string) bool { return strings.HasPrefix(m, tt.want) }) {
				t.Errorf("errors %q lack one starting %q", msgs, tt.want)
			}
		})
	}
}

func TestParseGuidanceAllValues(t *testing.T) {
	const yaml = `name: A Surgery
channels: [facebook]
links: {reviews: "https://a.example/r", complaints: "https://a.example/c"}
guidance:
  document: policy
  self_reference: name
  owner: organisation
  x_name: Twitter
  photo_scope: waiting_room
  legal_advice: will
  unofficial_reviews_ignored: true
  complaints: delete
  complaints_name: complaints policy
  complaints_link: true
  extra_clauses: ["Be kind."]
  style: {always_phrase: at_all_times, staff_photos: passive, curly_apostrophes: true,
    lowercase_titles: true, comma_before_unless: true, comma_after_sought: true}
`
	p, err := Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := Guidance{Document: "policy", SelfReference: "name", Owner: "organisation", XName: "Twitter", PhotoScope: "waiting_room",
		LegalAdvice: "will", UnofficialReviewsIgnored: true, Complaints: "delete", ComplaintsName: "complaints policy",
		ComplaintsLink: true, ExtraClauses: []string{"Be kind."},
		Style: Style{AlwaysPhrase: "at_all_times", StaffPhotos: "passive", CurlyApostrophes: true, LowercaseTitles: true,
			CommaBeforeUnless: true, CommaAfterSought: true}}
	if diff := cmp.Diff(want, p.Guidance); diff != "" {
		t.Errorf("Guidance (-want +got):\n%s", diff)
	}
}
