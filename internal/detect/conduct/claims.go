package conduct

import (
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// claims appends defamatory and misinformation findings: allegations and
// health or practice claims stated as fact. prior holds the findings of
// earlier families (staff_identified names an identifiable person).
func (f *Family) claims(sc *scan, out, prior []moderation.Finding) []moderation.Finding {
	var def, mis verdict
	asked, asking := false, false // askingPost, read once and only for a claim
	for _, h := range sc.hits {
		r := &f.rules[h.rule]
		if r.cat != moderation.Defamatory && r.cat != moderation.Misinformation || r.reason == "" {
			continue
		}
		if r.reqIdx >= 0 && !sc.hitInSentence(r.reqIdx, h.from) {
			continue
		}
		if sc.question(h.from) || f.hedged(sc, h) {
			continue
		}
		if !asked {
			asked, asking = true, f.askingPost(sc)
		}
		if asking {
			continue
		}
		switch r.cat {
		case moderation.Defamatory:
			if f.selfSubject(sc, h) {
				continue
			}
			who, ok := f.target(sc, h, prior)
			if !ok && (f.kinds[h.kind] == "records" || f.kinds[h.kind] == "hides") {
				who, ok = "the practice team", true // the practice keeps the records
			}
			if !ok {
				continue
			}
			if def.wants(0.8) {
				def.setQuote(h.from, h.to, 0.8, "states as fact that "+who+" "+r.reason+": ", h.from, h.to)
			}
		case moderation.Misinformation:
			if f.kinds[h.kind] == "stopmeds" && !f.imperative(sc, h) {
				continue
			}
			if f.kinds[h.kind] == "service" && !sc.sentenceHas(h.from, kTeam|kPractice, 0, sc.n) {
				continue
			}
			if sc.sentenceHas(h.from, kCounter, 0, sc.n) || f.countered(sc, h) {
				continue
			}
			mis.setFormat(h.from, h.to, 0.8, r.reason)
		}
	}
	out = f.emit(sc, out, moderation.Defamatory, def)
	return f.emit(sc, out, moderation.Misinformation, mis)
}

// askingPost reports whether the whole post checks a rumour rather than
// stating it: "is it true that...", "genuine question", "can someone tell me".
func (f *Family) askingPost(sc *scan) bool {
	for i := 0; i+1 < sc.n; i++ {
		a := sc.word(i)
		switch a { // one switch rejects most words before any pair is compared
		case "is", "any", "genuine", "genuinely", "honest", "can", "does", "anyone", "someone", "people", "heard":
		default:
			continue
		}
		b := sc.word(i + 1)
		switch {
		case a == "is" && i+2 < sc.n && (b == "it" || b == "that" || b == "this") && sc.word(i+2) == "true",
			a == "any" && b == "truth",
			a == "genuine" && b == "question",
			a == "genuinely" && b == "asking",
			a == "honest" && b == "question",
			a == "can" && b == "someone" && i+2 < sc.n && sc.word(i+2) == "tell",
			a == "does" && b == "anyone",
			a == "anyone" && b == "know",
			a == "is" && b == "there" && i+2 < sc.n && sc.word(i+2) == "any" && i+3 < sc.n && (sc.word(i+3) == "truth" || sc.word(i+3) == "evidence"),
			a == "someone" && (b == "said" || b == "told" || b == "says"),
			a == "people" && (b == "say" || b == "keep"),
			a == "heard" && (b == "that" || b == "a" || b == "rumour"):
			return true
		}
	}
	return false
}

// hedged reports whether the claim of hit h is softened in its sentence
// before it ("maybe", "I think", "felt like", "if", "apparently").
func (f *Family) hedged(sc *scan, h hit) bool {
	first := sc.sentFirst(h.from)
	for j := first; j < h.from; j++ {
		if sc.kinds[j]&kHedge != 0 {
			return true
		}
	}
	return false
}

// countered reports whether the claim of hit h is rebutted or reported
// rather than made: "it's a myth that", "there's no evidence", "don't listen
// to", "people saying X need to read a book", or a next sentence such as
// "It doesn't." or "Not true."
func (f *Family) countered(sc *scan, h hit) bool {
	first := sc.sentFirst(h.from)
	for j := first; j < h.from; j++ {
		switch sc.word(j) {
		case "saying", "claiming", "claim", "claims", "believe", "believes", "believing":
			return true
		}
	}
	for j := first; j+1 < sc.n && j < h.to; j++ {
		a, b := sc.word(j), sc.word(j+1)
		if (a == "no" && b == "evidence") || (a == "not" && b == "true") || (a == "don't" || a == "dont") && b == "listen" {
			return true
		}
	}
	// the next sentence rebuts it
	s := sc.sentence(h.to)
	j := h.to + 1
	for j < sc.n && sc.sentence(j) == s {
		j++
	}
	if j+1 < sc.n && sc.sentence(j+1) == s+1 {
		a, b := sc.word(j), sc.word(j+1)
		if (a == "it" || a == "they") && (b == "doesn't" || b == "don't" || b == "isn't" || b == "aren't" || b == "does" && j+2 < sc.n && sc.word(j+2) == "not") ||
			a == "not" && b == "true" {
			return true
		}
	}
	if j < sc.n && sc.sentence(j) == s+1 {
		switch sc.word(j) {
		case "rubbish", "nonsense", "false", "wrong", "untrue":
			return true
		}
	}
	return false
}

// selfSubject reports whether the poster, or someone of theirs, is the
// subject of an allegation ("I was drunk", "I'm selling my...", "my ex was
// drunk when he picked the kids up").
func (f *Family) selfSubject(sc *scan, h hit) bool {
	for j := h.from - 1; j >= max(h.from-3, 1) && sc.sentence(j) == sc.sentence(h.from); j-- {
		if e := sc.ent[j]; e != nil && e.flags&fFamily != 0 && sc.word(j-1) == "my" {
			return true
		}
	}
	if h.from > 0 && sc.sentence(h.from-1) == sc.sentence(h.from) {
		if sc.kinds[h.from-1]&kSelf != 0 {
			return true
		}
		switch sc.word(h.from - 1) {
		case "we", "we're", "were":
			return true
		}
	}
	for j := h.from; j <= h.to; j++ {
		if k := f.kinds[h.kind]; sc.word(j) == "my" && j == h.from+1 && (k == "dealing" || k == "forsale") {
			return true
		}
	}
	return false
}

// target names who an allegation is about: a staff member another family
// identified, or the team, or whoever the sentence names. ok is false when
// no identifiable person or team is referred to.
func (f *Family) target(sc *scan, h hit, prior []moderation.Finding) (string, bool) {
	for _, p := range prior {
		if p.Category == moderation.StaffIdentified && p.End <= len(sc.d.Orig) && p.Start >= 0 {
			return sc.d.Orig[p.Start:p.End], true
		}
	}
	// a title and a capitalised name: "Dr Hill", "Nurse Joy", "Dr Rhys Hill"
	for j := 0; j+1 < sc.n; j++ {
		switch sc.word(j) {
		case "dr", "doctor", "nurse", "mr", "mrs", "ms", "miss":
			if sc.d.Words[j+1].Has(textnorm.Capital) {
				e := j + 1
				if e+1 < sc.n && sc.d.Words[e+1].Has(textnorm.Capital) && sc.staffName(e+1) {
					e++
				}
				s, end := sc.d.WordSpan(j, e)
				return sc.d.Orig[s:end], true
			}
		}
	}
	// a surname from the directory, with the first name before it if written
	for j := 0; j < sc.n; j++ {
		if sc.staffName(j) {
			s := j
			if j > 0 && sc.sentence(j-1) == sc.sentence(j) && sc.d.Words[j-1].Has(textnorm.Capital) {
				s = j - 1
			}
			a, b := sc.d.WordSpan(s, j)
			return sc.d.Orig[a:b], true
		}
	}
	// a staff member's first name or one-word alias, capitalised: "Dean", "Shiv"
	for j := 0; j < sc.n; j++ {
		if sc.kinds[j]&kStaffFirst != 0 && sc.d.Words[j].Has(textnorm.Capital) && !sc.d.Words[j].Has(textnorm.AllCaps) {
			return sc.d.OrigText(j), true
		}
	}
	s := sc.sentence(h.from)
	// "they" on a practice's page is the practice
	for j := max(sc.sentFirst(h.from), h.from-4); j <= h.to; j++ {
		switch sc.word(j) {
		case "they", "their", "them", "they're", "theyre", "they've":
			return "the practice team", true
		}
	}
	// the team: a role or the practice named somewhere in the post, and the
	// allegation's sentence (or the one before) about it or a pronoun for it
	if !sc.anyKind(kRole) {
		return "", false
	}
	for j := 0; j < sc.n; j++ {
		if t := sc.sentence(j); (t == s || t == s-1) && sc.kinds[j]&(kTeam|kPractice) != 0 {
			return "the practice team", true
		}
	}
	return "", false
}

// imperative reports whether the hit is advice to others: it starts its
// sentence or clause ("Ditch the pills", "..., stop your meds"), or speaks
// to the reader ("your", "don't let them").
func (f *Family) imperative(sc *scan, h hit) bool {
	for j := h.from; j <= h.to; j++ {
		switch sc.word(j) {
		case "your", "ur", "don't", "dont", "never":
			return true
		}
	}
	if sc.sentStart(h.from) {
		return true
	}
	if h.from > 0 {
		switch sc.word(h.from - 1) {
		case "just", "so", "and", "then", "please":
			return true
		}
		gap := sc.d.Norm[sc.d.Words[h.from-1].End:sc.d.Words[h.from].Start]
		for _, c := range gap {
			if c == ',' || c == ';' || c == ':' || c == '-' {
				return true
			}
		}
	}
	return false
}
