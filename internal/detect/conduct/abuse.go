package conduct

import (
	"bytes"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Thresholds of the abuse model (trained on Davidson tweets). It only ever
// confirms a word that is vulgar in some senses (prick, cock, hoe) when no
// neighbouring word shows the innocent sense; it never fires on its own,
// because US tweets teach it little about a UK surgery's page.
const (
	abuseConfirm = 0.5
	// abuseConfirmCommon is for words whose innocent sense is common on a
	// surgery's page: the model scores half of gp-dev's innocent posts above
	// 0.5 and 1% above 0.9.
	abuseConfirmCommon = 0.9
)

// verdict collects the best evidence for one category while scanning.
type verdict struct {
	ok       bool
	from, to int // words, or -1 when span is a byte span of Norm
	ns, ne   int // Norm byte span, when from < 0
	score    float64
	reason   string
	// With quoted set, the reason is pre, the quote of words qi..qj, and
	// post: built by emit, so that evidence outscored later costs nothing.
	quoted    bool
	qi, qj    int
	pre, post string
}

func (v *verdict) set(from, to int, score float64, reason string) {
	if v.ok && v.score >= score {
		return
	}
	*v = verdict{ok: true, from: from, to: to, score: score, reason: reason}
}

// wants reports whether set would take evidence of this score.
func (v *verdict) wants(score float64) bool { return !v.ok || v.score < score }

// setQuote is set with the reason prefix followed by the quoted words qi..qj.
func (v *verdict) setQuote(from, to int, score float64, prefix string, qi, qj int) {
	if v.wants(score) {
		*v = verdict{ok: true, from: from, to: to, score: score, quoted: true, qi: qi, qj: qj, pre: prefix}
	}
}

// setFormat is set with the reason format, its %s replaced by the quoted
// words from..to.
func (v *verdict) setFormat(from, to int, score float64, format string) {
	if !v.wants(score) {
		return
	}
	k := indexOf(format, "%s")
	if k < 0 {
		v.set(from, to, score, format)
		return
	}
	*v = verdict{ok: true, from: from, to: to, score: score, quoted: true, qi: from, qj: to, pre: format[:k], post: format[k+2:]}
}

func (v *verdict) setBytes(ns, ne int, score float64, reason string) {
	if v.ok && v.score >= score {
		return
	}
	*v = verdict{ok: true, from: -1, ns: ns, ne: ne, score: score, reason: reason}
}

func (f *Family) emit(sc *scan, out []moderation.Finding, c moderation.Category, v verdict) []moderation.Finding {
	if !v.ok {
		return out
	}
	if v.quoted {
		v.reason = quoteIn(v.pre, sc.d, v.qi, v.qj, v.post)
	}
	if v.from < 0 {
		s, e := sc.d.Span(v.ns, v.ne)
		return append(out, moderation.Finding{Category: c, Clause: c.Clause(), Start: s, End: e, Score: v.score, Reason: v.reason})
	}
	return append(out, f.finding(sc, c, v.from, v.to, v.score, v.reason))
}

// abuse appends obscene and harassment findings.
func (f *Family) abuse(sc *scan, out []moderation.Finding) []moderation.Finding {
	var obs, har verdict
	d := sc.d
	for i := range sc.n {
		k := sc.kinds[i]
		if k&(kSwear|kInsult|kMild|kAmbig|kSlur|kSexual) == 0 {
			continue
		}
		dis := disguised(sc, i)
		switch {
		case k&kAmbig != 0:
			if f.innocentAmbig(sc, i) {
				continue
			}
			aimed := sc.aimed(i)
			if aimed || d.Words[i].Has(textnorm.Symbol) && sc.personNear(i) {
				obs.setQuote(i, i, 0.85, vulgar(dis), i, i)
				har.setQuote(i, i, 0.8, "vulgar insult aimed at someone: ", max(i-2, sc.sentFirst(i)), i)
				continue
			}
			if dis {
				obs.setQuote(i, i, 0.85, vulgar(dis), i, i) // only the vulgar sense is worth disguising
				continue
			}
			th := float32(abuseConfirm)
			if k&kCommon != 0 {
				th = abuseConfirmCommon
			}
			if p := f.abuseScore(sc, 0); p >= th {
				obs.setQuote(i, i, float64(p), vulgar(dis), i, i)
				if k&kSlur != 0 {
					har.setQuote(i, i, float64(p), "slur: ", i, i)
				}
			}
		case k&kSlur != 0:
			har.setQuote(i, i, 0.95, "slur: ", i, i)
			obs.setQuote(i, i, 0.9, vulgar(dis), i, i)
		case k&kInsult != 0:
			obs.setQuote(i, i, 0.95, vulgar(dis), i, i)
			if !sc.selfAimed(i) {
				har.setQuote(i, i, 0.9, "abusive insult: ", i, i)
			}
		case k&kSwear != 0:
			obs.setQuote(i, i, 0.95, vulgar(dis), i, i)
			if i+1 < sc.n && sc.sentence(i+1) == sc.sentence(i) {
				switch sc.word(i + 1) {
				case "you", "u", "ya", "yourself", "off":
					har.setQuote(i, i+1, 0.8, "swearing at someone: ", i, i+1)
				}
			}
		case k&kSexual != 0:
			obs.setQuote(i, i, 0.9, "sexual content: ", i, i)
			if sc.personNear(i) {
				har.setQuote(i, i, 0.85, "sexual remark aimed at someone: ", i, i)
			}
		case k&kMild != 0:
			if sc.aimed(i) && !sc.selfAimed(i) && !f.innocentMild(sc, i) {
				from := i
				for from > sc.sentFirst(i) && from > i-2 && sc.kinds[from-1]&kAimer != 0 {
					from--
				}
				har.setQuote(from, i, 0.8, "insult aimed at someone: ", from, i)
			}
		}
	}
	// spaced-out swearing: "F U C K", "s h i t e"
	d.SpacedRuns(sc.sq[:0], func(i, j int, joined []byte) {
		if e := f.get(joined); e != nil && e.kinds&(kSwear|kInsult) != 0 {
			obs.set(i, j, 0.95, "disguised swearing: "+quote(d, i, j))
		}
	})
	// phrase rules
	for _, h := range sc.hits {
		r := &f.rules[h.rule]
		if r.reason == "" || (r.cat != moderation.Harassment && r.cat != moderation.Obscene) {
			continue
		}
		if r.reqIdx >= 0 && sc.present&(1<<r.reqIdx) == 0 {
			continue
		}
		switch r.kind {
		case "sexual":
			if sc.kinds[h.to]&kAmbig != 0 && f.innocentAmbig(sc, h.to) {
				continue // great tits on the bird feeder
			}
			har.setFormat(h.from, h.to, 0.9, r.reason)
			obs.setFormat(h.from, h.to, 0.85, r.reason)
		case "sexspam":
			obs.setFormat(h.from, h.to, 0.85, r.reason)
		case "threat":
			if f.jokingAboutFamily(sc, h) {
				continue
			}
			from := h.from // take in "put a" of "put a brick through your window"
			for from > h.from-2 && from > sc.sentFirst(h.from) {
				switch sc.word(from - 1) {
				case "put", "throw", "chuck", "lob", "a", "an":
					from--
					continue
				}
				break
			}
			har.setFormat(from, h.to, 0.9, r.reason)
		default:
			har.setFormat(h.from, h.to, 0.85, r.reason)
		}
	}
	// sexual emoji
	if ns, ne, n, ok := sexualEmoji(d.Norm); ok {
		ctx := n >= 2 || sc.anyKind(kSexual) || sc.any(fSexCtx) ||
			bytes.Contains(d.Norm, []byte("\U0001F60F")) || bytes.Contains(d.Norm, []byte("\U0001F60D")) || bytes.Contains(d.Norm, []byte("\U0001F618"))
		if ctx {
			obs.setBytes(ns, ne, 0.8, "sexual innuendo: '"+d.Orig[d.OrigStart(ns):d.OrigEnd(ne)]+"'")
			if sc.hasPerson() && !sc.anyKind(kMed) {
				har.setBytes(ns, ne, 0.75, "sexual remark aimed at someone")
			}
		}
	}
	out = f.emit(sc, out, moderation.Obscene, obs)
	return f.emit(sc, out, moderation.Harassment, har)
}

func vulgar(disguised bool) string {
	if disguised {
		return "disguised swearing: "
	}
	return "swearing: "
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// disguised reports whether word i was written to dodge a filter: symbols,
// repeated letters, or lookalike characters.
func disguised(sc *scan, i int) bool {
	w := sc.d.Words[i]
	if w.Has(textnorm.Symbol) {
		return true
	}
	if e := sc.ent[i]; e != nil && (e.canon != sc.word(i) || e.kinds&kVariant != 0) {
		return true
	}
	s, e := sc.d.WordSpan(i, i)
	return e-s != w.Len()
}

// sentFirst returns the first word of word i's sentence.
func (sc *scan) sentFirst(i int) int {
	s := sc.sentence(i)
	for i > 0 && sc.sentence(i-1) == s {
		i--
	}
	return i
}

// aimed reports whether the insult at word i is aimed at someone: "you
// idiot", "useless cow", "is a prick", "witches the lot of them".
func (sc *scan) aimed(i int) bool {
	first := sc.sentFirst(i)
	for j := i - 1; j >= first && j >= i-3; j-- {
		if sc.kinds[j]&kAimer != 0 {
			return true
		}
	}
	if i-2 >= first {
		switch sc.word(i - 1) {
		case "all":
			switch sc.word(i - 2) {
			case "are", "were", "you", "them", "they're", "theyre":
				return true // "the doctors here are all quacks"
			}
		case "a", "an":
			switch sc.word(i - 2) {
			case "is", "are", "was", "were", "what", "such", "you're", "youre", "he's", "she's", "hes", "shes", "they're", "right", "proper", "'s", "being":
				return true
			}
		}
	}
	s := sc.sentence(i)
	for j := i + 1; j < sc.n && j <= i+3 && sc.sentence(j) == s; j++ {
		switch sc.word(j) {
		case "lot", "you", "u":
			return true
		}
	}
	return false
}

// selfAimed reports whether the poster calls themselves the insult ("I felt
// like an idiot", "I'm such a muppet").
func (sc *scan) selfAimed(i int) bool {
	first := sc.sentFirst(i)
	self := false
	for j := i - 1; j >= first && j >= i-6; j-- {
		switch sc.word(j) {
		case "you", "your", "ur", "you're", "youre", "u":
			return false
		}
		if sc.kinds[j]&kSelf != 0 {
			self = true
		}
	}
	return self
}

// personNear reports whether a person is referred to in the sentence of word i.
func (sc *scan) personNear(i int) bool {
	s := sc.sentence(i)
	for j := range sc.n {
		if sc.sentence(j) != s {
			continue
		}
		switch sc.word(j) {
		case "you", "u", "her", "him", "she", "he", "your", "ur", "dr", "nurse", "receptionist", "doctor", "hca", "babe", "love":
			return true
		}
		if sc.staffName(j) {
			return true
		}
	}
	return false
}

// hasPerson reports whether the post refers to a person.
func (sc *scan) hasPerson() bool { return sc.any(fPerson) || sc.anyKind(kStaffName) }

// staffName reports whether word j is a staff member's surname, written with
// a capital ("Wood", not "wood smoke").
func (sc *scan) staffName(j int) bool {
	return sc.kinds[j]&kStaffName != 0 && sc.d.Words[j].Has(textnorm.Capital)
}

// innocentAmbig reports whether an ambiguous word is used innocently: a word
// of its sentence shows the innocent sense (blue tit, finger prick, five fags
// a day), it is the poster's or a relative's body ("my bum", "his balls":
// patients ask about their bodies), or it is a name (Dick Whittington).
func (f *Family) innocentAmbig(sc *scan, i int) bool {
	e := sc.ent[i]
	s := sc.sentence(i)
	for j := max(i-8, 0); j <= min(i+8, sc.n-1) && e.innocent != nil; j++ {
		if j != i && sc.sentence(j) == s && e.shownBy(sc, j) {
			return true
		}
	}
	for j := i - 1; j >= max(i-2, 0) && sc.sentence(j) == s; j-- {
		switch w := sc.word(j); w {
		case "my", "his", "her", "their", "baby's", "son's", "daughter's", "husband's", "child's", "on", "in":
			return true
		}
	}
	w := sc.d.Words[i]
	if w.Has(textnorm.Capital) && !w.Has(textnorm.AllCaps) && !w.Has(textnorm.SentStart) {
		return true // a name: Dick, Fanny
	}
	if i+1 < sc.n && sc.d.Words[i+1].Has(textnorm.Capital) && w.Has(textnorm.Capital) {
		return true
	}
	return false
}

// shownBy reports whether word j is one of the contexts that show
// ambiguous entry e's innocent sense. Its entry must be the exact entry of
// its key (canon equal to the key), not one found by squeezing or wildcards.
func (e *entry) shownBy(sc *scan, j int) bool {
	x := sc.ent[j]
	if x == nil || x.ctx == 0 {
		return false
	}
	k := x.ctx - 1
	return e.innocent[k>>6]&(1<<(k&63)) != 0 && x.canon == sc.word(j)
}

// innocentMild reports whether a clean insult word is used in its literal
// sense (cow's milk, witch hazel, pig out).
func (f *Family) innocentMild(sc *scan, i int) bool {
	if i+1 >= sc.n {
		return false
	}
	switch sc.word(i + 1) {
	case "milk", "pat", "parsley", "pox", "shed", "field", "farm", "herd", "hazel", "hunt", "hunts", "doctor", "craft",
		"out", "roast", "blanket", "blankets", "race", "poison", "bite", "bites", "testing", "shop", "museum", "whale", "costume", "film", "movie",
		"headache", "headaches", "migraine", "cough", "queue", "pain", "heels", "instinct", "bee", "bees", "app", "lover", "lovers",
		"print", "prints", "sanctuary", "rescue", "welfare", "park", "trap", "bait", "fair", "pen", "shelter", "charity", "accident",
		"show", "party", "nose", "hospital", "farm's", "feed":
		return true
	}
	return false
}

// jokingAboutFamily reports whether a threat is hyperbole about the poster's
// own family with a laugh ("I'm going to strangle my husband 😂").
func (f *Family) jokingAboutFamily(sc *scan, h hit) bool {
	fam := false
	for j := max(h.from-3, 0); j <= min(h.to+3, sc.n-1); j++ {
		if e := sc.ent[j]; e != nil && e.flags&fFamily != 0 {
			fam = true
		}
	}
	if !fam {
		return false
	}
	n := sc.d.Norm
	return bytes.Contains(n, []byte("\U0001F602")) || bytes.Contains(n, []byte("\U0001F923")) || sc.any(fLaugh)
}

// sexualEmoji finds the sexual-innuendo emoji (aubergine, peach, droplets,
// tongue) in Norm, returning the first one's span and how many there are.
func sexualEmoji(norm []byte) (ns, ne, n int, ok bool) {
	if bytes.IndexByte(norm, 0xF0) < 0 {
		return
	}
	for _, e := range [...]string{"\U0001F346", "\U0001F351", "\U0001F4A6", "\U0001F445"} {
		if k := bytes.Index(norm, []byte(e)); k >= 0 {
			if !ok || k < ns {
				ns, ne = k, k+len(e)
			}
			ok = true
			n++
		}
	}
	return
}
