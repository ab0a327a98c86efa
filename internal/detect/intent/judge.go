package intent

import (
	"bytes"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Model thresholds. The model speaks alone only when it is confident, except
// for safeguarding, where a missed post is the worst error and a person
// reviews what is flagged.
const (
	modelAloneSafeguarding = 0.8
	modelAloneOther        = 0.85
	modelSupportSafeguard  = 0.6 // lifts safeguarding signs that are weak alone
	modelSupport           = 0.5 // lifts a category whose rules are halfway there
	// enough is the total weight of signs that makes a category (1, less
	// rounding: 0.6 + 0.4 must count).
	enough = 0.999
)

// Model label order in judge.model.
const (
	mSG = iota
	mCR
	mCO
	mRV
)

// judge holds one post's evidence while the rules decide.
type judge struct {
	f     *Family
	d     *textnorm.Doc
	sc    *scratch
	prior []moderation.Finding
	model [4]float32
	post  cueSet // cues present anywhere in the post (live hits only)
	// emergency is set when safeguarding found a medical emergency: access
	// grumbles in the same post are then context, not a complaint.
	emergency bool
}

// cueSet is a set of cues as a bit mask.
type cueSet [2]uint64

// there must be room for every cue in a cueSet
var _ [128 - numCues]struct{}

func (s *cueSet) add(c cue)     { s[c>>6] |= 1 << (c & 63) }
func (s cueSet) has(c cue) bool { return s[c>>6]&(1<<(c&63)) != 0 }

// meets reports whether s and t share a cue.
func (s cueSet) meets(t cueSet) bool { return s[0]&t[0] != 0 || s[1]&t[1] != 0 }

// signs[c] is the set of cues that are signs of category c.
var signs = func() map[moderation.Category]cueSet {
	m := map[moderation.Category]cueSet{}
	for c := range cue(numCues) {
		if cat := c.category(); cat != "" {
			s := m[cat]
			s.add(c)
			m[cat] = s
		}
	}
	return m
}()

var sgSigns, coSigns = signs[moderation.Safeguarding], signs[moderation.Complaint]

func (j *judge) has(c cue) bool { return j.post.has(c) }

func (j *judge) sentHas(s int32, c cue) bool { return j.sc.smask[s].has(c) }

func (j *judge) weight(h *hit) float32 {
	if h.pat < 0 {
		return 1
	}
	w := j.f.weights[h.pat]
	if h.cue == emOverdose && w < 1 {
		// "taken 30 of her tablets": a count of ten or more is an overdose
		for i := h.from; i < h.to; i++ {
			if j.sc.nums[i] && j.d.Words[i].Len() <= 3 && j.number(i) >= 10 {
				return 1
			}
		}
	}
	return w
}

// number returns the value of a word of digits.
func (j *judge) number(i int) int {
	n := 0
	for _, c := range j.d.Text(j.d.Words[i]) {
		n = n*10 + int(c-'0')
	}
	return n
}

func overlaps(a, b *hit) bool { return a.from < b.to && b.from < a.to }

// negatable cues are cancelled by a negator just before them ("not rude",
// "never helpful", "don't need").
func negatable(c cue) bool {
	switch c {
	case rvPraise, rvStrong, crReq, coAttitude, coExplicit, coPremises:
		return true
	}
	return false
}

// prepare applies context to the raw hits: idioms, negation, praise that
// cancels a grumble, staff names, and fills the sentence and post cue masks.
func (j *judge) prepare() {
	sc := j.sc
	hits := sc.hits
	// staff known by one ordinary word (Sunny, Shiv) count as the practice
	// only when capitalised mid-sentence.
	words := j.d.Words
	if sc.sig&j.f.staffSig == 0 {
		words = nil // no alias can be in the post
	}
	for i, w := range words {
		if !w.Has(textnorm.Capital) || !j.f.isStaff.Of(sc.wids[i]) {
			continue
		}
		// at the start of a sentence, only when a verb follows ("Shiv was lovely")
		nameVerb := j.d.Is(i+1, "was") || j.d.Is(i+1, "is") || j.d.Is(i+1, "has") || j.d.Is(i+1, "did") || j.d.Is(i+1, "always") || j.d.Is(i+1, "sorted") || j.d.Is(i+1, "helped")
		if !w.Has(textnorm.SentStart) || nameVerb {
			hits = append(hits, hit{cue: auxPractice, pat: -1, from: i, to: i + 1}, hit{cue: auxOurs, pat: -1, from: i, to: i + 1})
		}
	}
	for _, p := range j.prior {
		if p.Category == moderation.StaffIdentified {
			if i := j.wordAt(p.Start); i >= 0 {
				hits = append(hits, hit{cue: auxPractice, pat: -1, from: i, to: i + 1}, hit{cue: auxOurs, pat: -1, from: i, to: i + 1})
			}
		}
	}
	sc.hits = hits
	for a := range hits {
		v := &hits[a]
		switch v.cue {
		case auxVeto:
			for b := range hits {
				if h := &hits[b]; h.cue.category() == moderation.Safeguarding && overlaps(h, v) {
					h.dead = true
				}
			}
		case auxNeg:
			for b := range hits {
				h := &hits[b]
				if negatable(h.cue) && v.to <= h.from && h.from-v.to <= 1 && sc.sent[v.from] == sc.sent[h.from] {
					h.dead = true
				}
			}
		case sgWelfare:
			for b := range hits {
				if h := &hits[b]; h.cue == sgAbuse && h.from == v.from {
					h.dead = true // "kicked him out" is homelessness, not a beating
				}
			}
		case auxNotRv:
			for b := range hits {
				if h := &hits[b]; h.cue == rvPraise && overlaps(h, v) {
					h.dead = true
				}
			}
		case auxNotCo:
			for b := range hits {
				if h := &hits[b]; h.cue.category() == moderation.Complaint && overlaps(h, v) {
					h.dead = true
				}
			}
		case rvStrong, rvVerdict:
			for b := range hits {
				if h := &hits[b]; h.cue.category() == moderation.Complaint && overlaps(h, v) {
					h.dead = true
				}
			}
		case sgSuicide, sgFarewell, sgHopeless:
			for b := range hits {
				if h := &hits[b]; h.cue.category() == moderation.Complaint && overlaps(h, v) {
					h.dead = true // "what's the point in me being here" is despair, not a grumble
				}
			}
		case auxProcess:
			for b := range hits {
				if h := &hits[b]; (h.cue == crAdvice || h.cue == crPending) && overlaps(h, v) {
					h.dead = true
				}
			}
		}
	}
	for i := range hits {
		h := &hits[i]
		if h.dead {
			continue
		}
		s := sc.sent[h.from]
		sc.smask[s].add(h.cue)
		j.post.add(h.cue)
	}
}

// wordAt returns the index of the word containing original byte offset o, or -1.
func (j *judge) wordAt(o int) int {
	for i := range j.d.Words {
		s, e := j.d.WordSpan(i, i)
		if o >= s && o < e {
			return i
		}
	}
	return -1
}

// finding builds a finding over words [from, to).
func (j *judge) finding(c moderation.Category, from, to int, score float32, reason string) moderation.Finding {
	s, e := j.d.WordSpan(from, to-1)
	return moderation.Finding{Category: c, Clause: c.Clause(), Start: s, End: e, Score: float64(clamp(score)), Reason: reason}
}

func clamp(x float32) float32 {
	switch {
	case x > 1:
		return 1
	case x < 0.01:
		return 0.01
	}
	return x
}

// emit runs the four judgements and appends their findings.
func (j *judge) emit(out []moderation.Finding) []moderation.Finding {
	scam := j.scam()
	sg, sgOK := j.safeguarding()
	if sgOK {
		out = append(out, sg)
	}
	// thanking staff in a goodbye is not a review
	farewell := sgOK && (j.has(sgFarewell) || j.has(sgSuicide))
	if !scam {
		if f, ok := j.clinical(); ok {
			out = append(out, f)
		}
		complained := false
		if f, ok := j.complaint(); ok {
			out = append(out, f)
			complained = f.Reason != modelComplaint
		}
		if f, ok := j.review(farewell, complained); ok {
			out = append(out, f)
		}
	}
	return out
}

// modelFinding points a model-only finding at the model's strongest evidence.
func (j *judge) modelFinding(c moderation.Category, label int, score float32, reason string) (moderation.Finding, bool) {
	if j.f.model == nil || label < 0 {
		return moderation.Finding{}, false
	}
	from, to, ok := j.evidence(label)
	if !ok {
		return j.finding(c, 0, len(j.d.Words), score, reason), true
	}
	return j.finding(c, from, to, score, reason), true
}

// sgPriority orders safeguarding signs for choosing the reason and span:
// emergencies first, then risk to life, then abuse.
var sgPriority = []cue{emOverdose, emBreath, emStroke, emChest, emAllergy, emChild, emCollapse, emBrain,
	sgSuicide, sgFarewell, sgVoices, sgSelfHarm, sgExploit, sgAbuse, sgControl, sgNeglect,
	sgWelfare, sgEating, sgDanger, sgStopMeds, sgSuicideWord, sgHopeless, emWeak}

func (j *judge) safeguarding() (moderation.Finding, bool) {
	if !j.post.meets(sgSigns) && !j.has(auxChild) {
		// no live sign of risk, and no age for ageGap: only the model may speak
		return j.safeguardingModel()
	}
	sc := j.sc
	var per [numCues]float32
	var best [numCues]int
	var last [numCues]int32 // the last pattern (+1) counted for each cue
	for i := range sc.hits {
		h := &sc.hits[i]
		if h.dead || h.cue.category() != moderation.Safeguarding {
			continue
		}
		s := sc.sent[h.from]
		if h.cue.emergency() {
			if j.sentHas(s, auxHypo) || (j.sentHas(s, auxPast) && !j.has(auxNow)) {
				continue
			}
		}
		if (h.cue == sgSelfHarm || h.cue == sgEating) && j.sentHas(s, auxPast) && !j.has(auxNow) && !j.has(sgSuicide) {
			continue // "I used to self-harm as a teenager": history, not risk now
		}
		// distinct weak signs of one kind add up ("bruises" and "flinches"), to at most 1
		w := j.weight(h)
		if h.cue != emWeak && last[h.cue] != h.pat+1 && per[h.cue] > 0 && w < 1 && per[h.cue] < 1 {
			per[h.cue] = min(1, per[h.cue]+w)
		} else if w > per[h.cue] {
			per[h.cue], best[h.cue] = w, i
		}
		last[h.cue] = h.pat + 1
	}
	var sum float32
	emerg, vulnerable := false, false
	for c, w := range per {
		sum += w
		if w > 0 && cue(c).emergency() && cue(c) != emWeak {
			emerg = true
		}
	}
	for _, c := range []cue{sgEating, sgDanger, sgNeglect, sgExploit, emWeak, sgStopMeds, sgWelfare} {
		if per[c] > 0 {
			vulnerable = true
		}
	}
	if per[sgDanger] > 0 && !j.has(auxChild) {
		// a "miracle cure" advert is misinformation; given to a child it is a risk
		sum -= per[sgDanger]
		per[sgDanger] = 0
	}
	if sum > 0 {
		if j.has(auxSecret) {
			sum += 0.5
		}
		if j.has(auxChild) && vulnerable && (per[emWeak] == 0 || sum > per[emWeak]) {
			sum += 0.5
		}
		if j.has(auxNow) && (emerg || per[emWeak] > 0) {
			sum += 0.4
		}
		if per[sgHopeless] > 0 && (per[sgStopMeds] > 0 || per[sgWelfare] > 0) {
			sum += 0.5
		}
	}
	if from, to, ok := j.ageGap(); ok {
		per[sgExploit] = 1
		sum += 1
		best[sgExploit] = -1
		sc.hits = append(sc.hits, hit{cue: sgExploit, pat: -1, from: from, to: to})
		best[sgExploit] = len(sc.hits) - 1
	}
	p := j.model[mSG]
	if sum > 0 && sum < enough && p >= modelSupportSafeguard {
		sum += 0.5
	}
	if sum < enough {
		return j.safeguardingModel()
	}
	var top cue
	for _, c := range sgPriority {
		if per[c] >= 1 || (top == cueNone && per[c] > 0) {
			if top == cueNone || per[c] > per[top] {
				top = c
			}
		}
	}
	h := sc.hits[best[top]]
	j.emergency = emerg
	score := 0.5 + 0.25*sum
	reason := reasons[top]
	suicideOnly := true
	for c, w := range per {
		if w > 0 && cue(c) != sgSuicide && cue(c) != sgSuicideWord && cue(c) != sgHopeless {
			suicideOnly = false
		}
	}
	switch {
	case suicideOnly && (per[sgSuicide] > 0 || per[sgSuicideWord] > 0) && j.has(auxLaugh):
		score, reason = 0.5, "mentions suicide (possibly hyperbole: a person should decide)"
	case top == sgSuicideWord:
		score, reason = 0.6, "mentions suicide: a person should check"
	case emerg:
		score = max(score, 0.95)
	}
	if j.negated(&h) {
		score, reason = 0.4, reason+" (with a denial: a person should check)"
	}
	return j.finding(moderation.Safeguarding, h.from, h.to, score, reason), true
}

// safeguardingModel is safeguarding when the signs fall short: the model
// alone, when it is confident.
func (j *judge) safeguardingModel() (moderation.Finding, bool) {
	if p := j.model[mSG]; p >= modelAloneSafeguarding && j.f.model != nil && !j.scam() {
		return j.modelFinding(moderation.Safeguarding, j.f.mlab[mSG], p,
			"reads like posts where someone was at risk: a person should check")
	}
	return moderation.Finding{}, false
}

// negated reports whether a negator sits just before h ("not suicidal", "never hit me").
func (j *judge) negated(h *hit) bool {
	for i := range j.sc.hits {
		v := &j.sc.hits[i]
		if v.cue == auxNeg && v.to <= h.from && h.from-v.to <= 1 && j.sc.sent[v.from] == j.sc.sent[h.from] {
			return true
		}
	}
	return false
}

// romanceWords are the words that make ageGap read a relationship.
var romanceWords = []string{"boyfriend", "girlfriend", "dating", "seeing", "relationship", "bf"}

// ageGap finds a child's age and an adult's age in a post that talks of a
// relationship: "my 14 year old has a boyfriend who's 26".
func (j *judge) ageGap() (from, to int, ok bool) {
	d := j.d
	if !j.has(auxChild) || !j.sc.anyNum {
		return 0, 0, false // no age mentioned
	}
	if j.sc.sig&j.f.romanceSig == 0 {
		return 0, 0, false // no word of a relationship
	}
	child, adult := -1, -1
	romance := false
	for i, w := range d.Words {
		for _, r := range romanceWords {
			if !romance && d.Is(i, r) {
				romance = true
			}
		}
		if !j.sc.nums[i] || w.Len() > 2 {
			continue
		}
		n := j.number(i)
		ageLike := d.Is(i+1, "year") || d.Is(i+1, "years") || d.Is(i+1, "yr") || d.Is(i+1, "yrs") || d.Is(i+1, "yo") ||
			d.Is(i-1, "im") || d.Is(i-1, "i'm") || d.Is(i-1, "aged") || d.Is(i-1, "who's") || d.Is(i-1, "whos") ||
			d.Is(i-1, "is") || d.Is(i-1, "he's") || d.Is(i-1, "she's")
		if !ageLike {
			continue
		}
		switch {
		case n >= 8 && n <= 17 && child < 0:
			child = i
		case n >= 18 && n < 100 && adult < 0:
			adult = i
		}
	}
	if child >= 0 && adult >= 0 && romance {
		return min(child, adult), max(child, adult) + 1, true
	}
	return 0, 0, false
}

func (j *judge) clinical() (moderation.Finding, bool) {
	sc := j.sc
	bestW, bi := float32(0), -1
	for i := range sc.hits {
		h := &sc.hits[i]
		if h.dead {
			continue
		}
		s := sc.sent[h.from]
		ok := false
		switch h.cue {
		case crAdvice:
			ok = j.has(auxMine) && !j.sentHas(s, auxGenericQ) && !j.sentHas(s, auxElse)
		case crPending:
			ok = j.sentHas(s, crObj) && !j.sentHas(s, auxProcess)
		case crCallMe:
			ok = !j.sentHas(s, auxAdmin)
		case crMedQ:
			ok = sc.sq[s] && j.has(auxMine)
		case crAppt:
			ok = sc.sq[s] && !j.sentHas(s, auxGenericQ)
		case crSee:
			ok = !j.sentHas(s, auxAdmin) && !j.sentHas(s, auxProcess)
		}
		if ok && j.weight(h) > bestW {
			bestW, bi = j.weight(h), i
		}
	}
	if bi >= 0 {
		h := sc.hits[bi]
		return j.finding(moderation.ClinicalRequest, h.from, h.to, 0.8, reasons[h.cue]+" through social media"), true
	}
	// a request form next to an object of care, about the poster or their own
	if j.has(crObj) && j.has(auxMine) {
		for i := range sc.hits {
			o := &sc.hits[i]
			if o.dead || o.cue != crObj {
				continue
			}
			s := sc.sent[o.from]
			m := sc.smask[s]
			process := m.has(auxAdmin) || m.has(auxGenericQ) || m.has(auxOthers) || m.has(auxElse)
			for k := range sc.hits {
				r := &sc.hits[k]
				if r.dead {
					continue
				}
				near := false
				// a process question before the request makes it general ("how do I set up
				// proxy access so I can order my mum's prescriptions"); after it, it asks
				// how to get what was asked for ("I need a sick note, who do I message?")
				general := func() bool { return process || j.processBefore(s, r.from) }
				switch r.cue {
				case crReq: // "can you send my ... prescription"
					near = sc.sent[r.from] == s && r.to <= o.from && o.from-r.to <= 4 && !general()
				case crAfter: // "his inhaler reissued please"
					near = sc.sent[r.from] == s && r.from >= o.to && r.from-o.to <= 3 && !general()
				case crRedo: // "Referral letter ... went to the wrong address. Please resend!"
					near = r.from-o.to <= 30 && o.from-r.to <= 30 && !general()
				}
				if near {
					from, to := o.from, o.to
					for x := range sc.hits { // "repeat" + "prescription": one span
						if h := &sc.hits[x]; !h.dead && h.cue == crObj && h.from <= to && h.to >= from {
							from, to = min(from, h.from), max(to, h.to)
						}
					}
					return j.finding(moderation.ClinicalRequest, from, to, 0.75, "asks for "+j.careObject(from, to)+" through social media"), true
				}
			}
		}
	}
	if j.emergency && (j.has(auxPlea) || j.anyQuestion()) {
		for i := range sc.hits {
			h := &sc.hits[i]
			if !h.dead && h.cue == auxPlea {
				return j.finding(moderation.ClinicalRequest, h.from, h.to, 0.8, "asks for help with an emergency through social media"), true
			}
		}
		return j.finding(moderation.ClinicalRequest, 0, len(j.d.Words), 0.7, "asks for help with an emergency through social media"), true
	}
	if p := j.model[mCR]; p >= modelAloneOther && !j.has(auxAdmin) && !j.has(auxProcess) && !j.has(auxOthers) && j.has(auxMine) {
		return j.modelFinding(moderation.ClinicalRequest, j.f.mlab[mCR], p, "reads like a request for care")
	}
	return moderation.Finding{}, false
}

// careObject names what a request asks for, in receptionist's words.
func (j *judge) careObject(from, to int) string {
	d := j.d
	for i := from; i < to; i++ {
		switch {
		case d.Is(i, "repeat"), d.Is(i, "repeats"):
			return "a repeat prescription"
		case d.Is(i, "prescription"), d.Is(i, "prescriptions"), d.Is(i, "perscription"), d.Is(i, "meds"), d.Is(i, "medication"), d.Is(i, "inhaler"), d.Is(i, "script"):
			return "a prescription"
		case d.Is(i, "results"), d.Is(i, "result"), d.Is(i, "bloods"), d.Is(i, "test"), d.Is(i, "tests"):
			return "test results"
		case d.Is(i, "fit"), d.Is(i, "sick"), d.Is(i, "fitnote"), d.Is(i, "sicknote"), d.Is(i, "med3"):
			return "a fit note"
		case d.Is(i, "referral"), d.Is(i, "refferal"), d.Is(i, "referal"):
			return "a referral"
		case d.Is(i, "home"), d.Is(i, "visit"):
			return "a home visit"
		}
	}
	return "care"
}

func (j *judge) anyQuestion() bool {
	for _, q := range j.sc.sq {
		if q {
			return true
		}
	}
	return false
}

func (j *judge) complaint() (moderation.Finding, bool) {
	var sum float32
	var h hit
	top := cueNone
	if j.post.meets(coSigns) {
		sum, top, h = j.complaintSigns()
	}
	p := j.model[mCO]
	if sum > 0 && sum < enough && p >= modelSupport {
		sum += 0.5
	}
	if sum >= enough {
		return j.finding(moderation.Complaint, h.from, h.to, min(0.5+0.25*sum, 0.95), reasons[top]), true
	}
	if p >= modelAloneOther && !j.has(auxOthers) && !j.has(auxInfoThx) && !j.has(rvStrong) && !j.has(rvVerdict) &&
		!(j.has(auxProcess) && sum == 0) && !j.priorHas(moderation.Misinformation) && j.anchored() {
		return j.modelFinding(moderation.Complaint, j.f.mlab[mCO], p, modelComplaint)
	}
	return moderation.Finding{}, false
}

// complaintSigns adds up the live signs of a complaint: their total weight,
// the strongest kind and its hit.
func (j *judge) complaintSigns() (sum float32, top cue, h hit) {
	sc := j.sc
	var per [numCues]float32
	var best [numCues]int
	for i := range sc.hits {
		h := &sc.hits[i]
		if h.dead || h.cue.category() != moderation.Complaint {
			continue
		}
		s := sc.sent[h.from]
		if j.sentHas(s, auxGeneral) && !j.sentHas(s, auxOurs) {
			continue // the NHS or the government in general
		}
		if j.sentHas(s, auxOthers) || (j.has(auxOthers) && (h.cue == coAccess || h.cue == coWeak)) {
			continue // a tip for others ("anyone battling the 8am queue"; "engaged tone? try the online form")
		}
		if (h.cue == coAccess || h.cue == coWeak) && j.sentHas(s, auxProcess) && sc.sq[s] && !j.sentHasWord(s, "why") {
			continue // "is it normal to wait two weeks for results?" asks, it does not complain
		}
		if (h.cue == coExplicit || h.cue == coWeak) && j.sentHas(s, auxOtherOrg) && !j.has(auxOurs) && !j.has(auxPractice) && !j.has(crObj) {
			continue // "so annoying" about the bank or the bus
		}
		if (h.cue == coAccess || h.cue == coWeak) && j.has(auxGeneral) && !j.has(auxOurs) {
			continue // waiting or grumbling about the NHS in general, never this practice
		}
		if j.emergency && (h.cue == coAccess || h.cue == coWeak) {
			continue // "can't get through" while describing an emergency is context
		}
		if w := j.weight(h); w > per[h.cue] {
			per[h.cue], best[h.cue] = w, i
		}
	}
	top = cueNone
	for _, c := range []cue{coExplicit, coError, coAttitude, coAccess, coPremises, coWeak} {
		sum += per[c]
		if per[c] > 0 && (top == cueNone || per[c] > per[top]) {
			top = c
		}
	}
	if top != cueNone {
		h = sc.hits[best[top]]
	}
	return sum, top, h
}

// modelComplaint is the reason given when the model alone finds a complaint.
const modelComplaint = "reads like a complaint about the service"

func (j *judge) review(farewell, complained bool) (moderation.Finding, bool) {
	sc := j.sc
	var sum, lastW float32
	lastTo := -1
	bi, bw := -1, float32(0)
	for i := range sc.hits {
		h := &sc.hits[i]
		if h.dead || h.cue.category() != moderation.Review {
			continue
		}
		s := sc.sent[h.from]
		if j.sentHas(s, auxInfoThx) || (farewell && h.cue != rvVerdict) {
			continue // thanks for an announcement or information, or in a goodbye
		}
		if j.sentHas(s, auxGeneral) && !j.sentHas(s, auxOurs) {
			continue // support for the NHS in general
		}
		w := j.weight(h)
		if h.cue == rvPraise && (j.sentHas(s, auxSexual) || j.sentHas(s, auxWish) || j.abusive(s)) {
			continue // a sexual remark, harassment or good wishes are not praise
		}
		if h.cue == rvPraise {
			near, ok := j.aboutPractice(h)
			if !ok {
				continue
			}
			if near && w >= 0.6 {
				w = 1 // "Nurse Tom was so gentle": praise with its subject close by
			}
		}
		if bi >= 0 && overlaps(h, &sc.hits[bi]) || lastTo > h.from {
			// overlapping phrases ("thank you all", "thank you") count once, at the larger weight
			if w > lastW {
				sum += w - lastW
				lastW = w
			}
			if w > bw {
				bw, bi = w, i
			}
			lastTo = max(lastTo, h.to)
			continue
		}
		sum += w
		lastTo, lastW = h.to, w
		if w > bw {
			bw, bi = w, i
		}
	}
	if from, to, ok := j.rating(); ok {
		sum += 1
		sc.hits = append(sc.hits, hit{cue: rvVerdict, pat: -1, from: from, to: to})
		bi, bw = len(sc.hits)-1, 1
	}
	p := j.model[mRV]
	if sum > 0 && sum < enough && p >= modelSupport {
		sum += 0.5
	}
	if sum >= enough && bi >= 0 {
		h := sc.hits[bi]
		reason := reasons[h.cue]
		if h.cue == rvVerdict {
			reason = "a review-style verdict or rating"
		}
		return j.finding(moderation.Review, h.from, h.to, min(0.5+0.25*sum, 0.95), reason), true
	}
	if p >= modelAloneOther && !complained && !j.has(auxInfoThx) && !j.has(auxWish) && !(j.has(auxGeneral) && !j.has(auxOurs)) && j.anchored() {
		return j.modelFinding(moderation.Review, j.f.mlab[mRV], p, "reads like a review of the practice")
	}
	return moderation.Finding{}, false
}

// aboutPractice reports whether the praise in h is about the practice: the
// nearest subject in its sentence (or, failing that, nearby in the post) is
// the practice or its people rather than another place.
func (j *judge) aboutPractice(h *hit) (near, ok bool) {
	sc := j.sc
	s := sc.sent[h.from]
	bestD, bestSame, practice := 1<<30, false, false
	for i := range sc.hits {
		a := &sc.hits[i]
		if a.dead || (a.cue != auxPractice && a.cue != auxOtherOrg) {
			continue
		}
		dist := a.from - h.to
		if a.to <= h.from {
			dist = h.from - a.to
		} else if a.from < h.to {
			dist = 0
		}
		if dist < 0 {
			dist = -dist
		}
		same := sc.sent[a.from] == s
		if !same && dist > 12 {
			continue
		}
		better := (same && !bestSame) || (same == bestSame && dist < bestD)
		if better {
			bestD, bestSame, practice = dist, same, a.cue == auxPractice
		}
	}
	return practice && bestSame && bestD <= 4, practice
}

// rating finds "4/5", "10/10" or a sentence that is only "Avoid". A score
// out of five or ten comes first, then a number with a star after it, then
// "Avoid"; one pass over the words finds the earliest of each.
func (j *judge) rating() (from, to int, ok bool) {
	d, sc := j.d, j.sc
	avoid := j.f.avoid
	if !sc.anyNum && (avoid < 0 || sc.sig&sig(avoid) == 0) {
		return 0, 0, false // no number, and no word "avoid"
	}
	words := d.Words
	star, alone := -1, -1
	for i, w := range words {
		if !sc.nums[i] {
			if alone < 0 && sc.ids[i] == avoid && avoid >= 0 && w.Has(textnorm.SentStart) && (i+1 == len(words) || words[i+1].Has(textnorm.SentStart)) {
				alone = i
			}
			continue
		}
		if i+1 < len(words) && sc.nums[i+1] && outOf(d, i) {
			return i, i + 2, true
		}
		// "5* service", "5⭐"
		if star < 0 && w.Len() <= 2 && j.number(i) <= 10 {
			e := int(w.End)
			if e < len(d.Norm) && d.Norm[e] == '*' || bytes.HasPrefix(d.Norm[e:min(e+3, len(d.Norm))], []byte("\u2b50")) {
				star = i
			}
		}
	}
	switch {
	case star >= 0:
		return star, star + 1, true
	case alone >= 0:
		return alone, alone + 1, true
	}
	return 0, 0, false
}

// outOf reports whether numbers i and i+1 read as a score out of five or
// ten: "4/5", "10 / 10".
func outOf(d *textnorm.Doc, i int) bool {
	gap := d.Norm[d.Words[i].End:d.Words[i+1].Start]
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	slash := false
	for _, c := range gap {
		switch c {
		case '/':
			slash = true
		case ' ':
		default:
			slash = false
		}
	}
	return slash && (d.Is(i+1, "5") || d.Is(i+1, "10")) && d.Words[i].Len() <= 2
}

// evidence returns the words [from, to) of the feature that contributes most
// to the model's label, skipping features made only of short function words,
// which make poor evidence for a person to read.
func (j *judge) evidence(label int) (from, to int, ok bool) {
	m := j.f.model
	k := len(m.Labels)
	var bw float32
	if j.sc.feats == nil {
		j.sc.feats = j.sc.x.ExtractShared(j.sc.hashes, j.d)
	}
	for _, f := range j.sc.feats {
		if f.From < 0 {
			continue
		}
		w := m.W[int(f.Hash)*k+label]
		if w <= bw {
			continue
		}
		content := false
		for i := f.From; i <= f.To; i++ {
			if w := j.d.Words[i]; w.Len() > 3 && !stopwords[string(j.d.Text(w))] {
				content = true
			}
		}
		if content {
			bw, from, to, ok = w, f.From, f.To+1, true
		}
	}
	return from, to, ok
}

// stopwords are words too common to show a person why the model spoke.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`about after again also been before being could didn't doesn't don't down
		even ever from going gonna have haven't here i'll i'm i've into it's just keep keeps know like
		much never next only over really said says should some still than that that's their them then
		there they they're this thought through told very want wants was wasn't went were what when
		where which while will with won't would your you're`) {
		stopwords[w] = true
	}
}

// scam reports whether the post sells or advertises something: a request or
// review in it is not genuine, and the model's guesses are not to be trusted.
func (j *judge) scam() bool {
	if j.has(auxOffer) {
		return true
	}
	for _, p := range j.prior {
		if p.Category == moderation.Fraud {
			return true
		}
	}
	return false
}

// abusive reports whether an earlier family found harassment in sentence s.
// Swearing alone does not cancel praise ("f*ck me, an appointment within a week").
func (j *judge) abusive(s int32) bool {
	for _, p := range j.prior {
		if p.Category != moderation.Harassment {
			continue
		}
		if i := j.wordAt(p.Start); i >= 0 && j.sc.sent[i] == s {
			return true
		}
	}
	return false
}

// anchored reports whether the post is about care or the practice at all, so
// that the model may speak alone about a complaint or a review ("I hate
// Mondays" is neither).
func (j *judge) anchored() bool {
	for _, c := range [...]cue{auxPractice, auxOurs, crObj, coExplicit, coAccess, coAttitude,
		coError, coPremises, coWeak, rvVerdict, rvStrong, rvPraise} {
		if j.has(c) {
			return true
		}
	}
	return false
}

// priorHas reports whether an earlier family found category c.
func (j *judge) priorHas(c moderation.Category) bool {
	for _, p := range j.prior {
		if p.Category == c {
			return true
		}
	}
	return false
}

// processBefore reports whether a process question starts in sentence s before word i.
func (j *judge) processBefore(s int32, i int) bool {
	for k := range j.sc.hits {
		h := &j.sc.hits[k]
		if !h.dead && h.cue == auxProcess && j.sc.sent[h.from] == s && h.from < i {
			return true
		}
	}
	return false
}

// sentHasWord reports whether sentence s contains the word w, a word of the
// matcher's vocabulary.
func (j *judge) sentHasWord(s int32, w string) bool {
	if id, ok := j.f.m.vocab[w]; ok && j.sc.sig&sig(id) == 0 {
		return false // not in the post at all
	}
	for i := range j.d.Words {
		if j.sc.sent[i] == s && j.d.Is(i, w) {
			return true
		}
	}
	return false
}
