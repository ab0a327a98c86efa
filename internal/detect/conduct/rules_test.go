package conduct

import "testing"

// Every rule has patterns, and every pattern compiles against the groups.
func TestRulesCompile(t *testing.T) {
	sets := map[string]*wordSet{}
	groups := groupSpecs()
	groups["groupword"] = groupWords
	for name, list := range groups {
		sets[name] = newWordSet(list)
	}
	for _, r := range ruleSpecs() {
		if len(r.patterns) == 0 {
			t.Errorf("rule %q has no patterns", r.kind)
		}
		if !r.cat.Valid() {
			t.Errorf("rule %q has category %q", r.kind, r.cat)
		}
		for _, p := range r.patterns {
			if _, err := compilePattern(p, sets); err != nil {
				t.Error(err)
			}
		}
	}
}
