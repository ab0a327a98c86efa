package conduct

import (
	"bytes"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// Thresholds of the spam model (trained on SMS and YouTube comment spam),
// chosen on a held-out fifth of the SMS train split (train -validate). With
// a call to action (a link, a phone number, "txt", "dm") it needs
// spamWithCTA; without one it needs spamAlone.
const (
	spamWithCTA = 0.3
	spamAlone   = 0.7
)

// SetSpamThresholds changes the spam model's thresholds for posts with and
// without a call to action (defaults spamWithCTA, spamAlone), for the
// trainer's cross-validation. It is not safe to call while Detect runs.
func (f *Family) SetSpamThresholds(withCTA, alone float32) { f.spamCTA, f.spamAlone = withCTA, alone }

// link is a web address or email address in the post (a span of Norm).
type link struct {
	ns, ne  int
	trusted bool // the practice's own domain or an NHS or government domain
}

var tlds = map[string]bool{
	"com": true, "net": true, "org": true, "uk": true, "info": true, "shop": true, "co": true, "io": true, "ly": true,
	"me": true, "xyz": true, "biz": true, "online": true, "site": true, "top": true, "tk": true, "ru": true, "click": true,
	"link": true, "app": true, "store": true, "live": true, "club": true, "us": true, "eu": true, "de": true, "cn": true,
	"in": true, "ws": true, "cc": true, "gl": true, "gd": true, "be": true, "to": true, "ml": true, "ga": true, "cf": true,
}

// findLinks fills sc.links from the post's text, once.
func (f *Family) findLinks(sc *scan) []link {
	if sc.linked {
		return sc.links
	}
	sc.linked = true
	n := sc.d.Norm
	if !dotInWord(n) {
		return nil
	}
	// each space-separated token with a dot (none without one is a link),
	// found from its dots
	for k := 0; ; {
		d := bytes.IndexByte(n[k:], '.')
		if d < 0 {
			break
		}
		i, j := k+d, k+d+1
		for i > 0 && !isSpace(n[i-1]) {
			i--
		}
		for j < len(n) && !isSpace(n[j]) {
			j++
		}
		k = j
		// the token without the punctuation around it
		s, e := i, j
		for e > s && linkTrail[n[e-1]] {
			e--
		}
		for s < e && linkLead[n[s]] {
			s++
		}
		tok := n[s:e]
		if bytes.IndexByte(tok, '.') <= 0 {
			continue
		}
		if host, ok := linkHost(tok); ok || f.trusted(host) {
			sc.links = append(sc.links, link{ns: s, ne: e, trusted: f.trusted(host)})
		}
	}
	return sc.links
}

// linkTrail and linkLead are the punctuation a link may have after it
// (".,!?:;)]\"'") and before it ("(<[\"'"), not part of it.
var linkTrail, linkLead = byteSet(".,!?:;)]\"'"), byteSet("(<[\"'")

func byteSet(s string) (t [256]bool) {
	for i := range len(s) {
		t[s[i]] = true
	}
	return t
}

// dotInWord reports whether a dot in n has a letter or digit straight after
// it, as in a web or email address (a full stop has a space or nothing).
func dotInWord(n []byte) bool {
	for i := 0; ; i++ {
		j := bytes.IndexByte(n[i:], '.')
		if j < 0 {
			return false
		}
		i += j
		if i+1 >= len(n) {
			return false
		}
		if c := n[i+1]; 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			return true
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// linkHost returns the host of a token that looks like a web or email
// address ("nhs-refunds.uk-claims.com/x", "bit.ly/abc", "a.b@gmail.com"), and
// whether it does (a known top-level domain or a scheme). A host is returned
// even when it does not, so the practice's own ".example" domains are known.
func linkHost(tok []byte) (string, bool) {
	s := string(tok)
	if at := strings.LastIndexByte(s, '@'); at > 0 {
		s = s[at+1:]
	} else {
		for _, p := range []string{"https://", "http://"} {
			s = strings.TrimPrefix(s, p)
		}
		s = strings.TrimPrefix(s, "www.")
	}
	if k := strings.IndexAny(s, "/?#"); k >= 0 {
		s = s[:k]
	}
	dot := strings.LastIndexByte(s, '.')
	if dot <= 0 || dot == len(s)-1 {
		return "", false
	}
	if !tlds[s[dot+1:]] && !strings.HasPrefix(string(tok), "http") && !strings.HasPrefix(string(tok), "www.") {
		return s, false // not a web address, but maybe the practice's own
	}
	for i := 0; i < dot; i++ {
		if c := s[i]; ('a' <= c && c <= 'z') || c == '-' {
			return s, true
		}
	}
	return "", false
}

// trusted reports whether host is the practice's own domain or an NHS or
// government one (or a subdomain of one).
func (f *Family) trusted(host string) bool {
	if host == "" {
		return false
	}
	for _, d := range f.domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// fraud appends a fraud finding.
func (f *Family) fraud(sc *scan, out []moderation.Finding) []moderation.Finding {
	d := sc.d
	if f.warns(sc) {
		return out
	}
	links := f.findLinks(sc)
	var bad *link
	for i := range links {
		if !links[i].trusted {
			bad = &links[i]
			break
		}
	}
	price := hasPrice(d.Norm)
	phone := hasPhone(sc)
	cta := bad != nil || phone || sc.any(fCTA)
	brand := sc.anyKind(kPractice) || sc.any(fNHS)
	fk := &f.fk
	count := func(k int) (int, hit) {
		n, first := 0, hit{from: -1}
		if k < 0 || sc.present&(1<<k) == 0 {
			return 0, first
		}
		for _, h := range sc.hits {
			if h.kind == k && (k == fk.tradeable || !sc.question(h.from)) {
				if n == 0 {
					first = h
				}
				n++
			}
		}
		return n, first
	}
	var v verdict
	byRule := func(v *verdict, h hit, score float64) { v.setFormat(h.from, h.to, score, f.rules[h.rule].reason) }
	if n, h := count(fk.cred); n > 0 && (cta || brand) {
		byRule(&v, h, 0.9)
	}
	if n, h := count(fk.notice); n > 0 && brand && (bad != nil || price || sc.present&(1<<fk.cred) != 0 || sc.any(fDmPay)) {
		name := f.practice.Name
		if name == "" || !sc.anyKind(kPractice) {
			name = "the NHS"
		}
		if v.wants(0.9) {
			v.setQuote(h.from, h.to, 0.9, "pretends to be "+name+": ", h.from, h.to)
		}
	}
	if n, h := count(fk.giveaway); n > 0 && (cta || brand || n >= 2 || price) {
		byRule(&v, h, 0.85)
	}
	if n, h := count(fk.invest); n > 0 && (cta || n >= 2 || sc.any(fInvest)) {
		byRule(&v, h, 0.85)
	}
	if n, h := count(fk.romance); n >= 2 || n == 1 && sc.any(fChat) {
		byRule(&v, h, 0.8)
	}
	if n, h := count(fk.job); n >= 2 || n == 1 && (bad != nil || price) {
		byRule(&v, h, 0.8)
	}
	if n, h := count(fk.smish); n > 0 && (bad != nil || phone || price) {
		byRule(&v, h, 0.85)
	}
	if n, h := count(fk.tradeable); n > 0 {
		sells, _ := count(fk.sell)
		weak, _ := count(fk.sellweak)
		med := sc.kinds[h.from]&kMed != 0
		if med && (sells > 0 || weak >= 2 && (price || cta)) || sells >= 2 || sells > 0 && (price || cta) {
			what := "offers prescription-only medicines for sale: "
			if !med {
				what = "offers to sell appointments, prescriptions or fit notes: "
			}
			v.setQuote(h.from, h.to, 0.9, what, h.from, h.to)
		}
	}
	if n, h := count(fk.promo); n > 0 && bad != nil {
		byRule(&v, h, 0.85)
	}
	if n, h := count(fk.sexspam); n > 0 && (cta || sc.any(fProfile)) {
		v.setQuote(h.from, h.to, 0.85, "sexual spam: ", h.from, h.to)
	}
	charge := premiumCharge(d.Norm)
	if n, h := count(fk.bulk); n > 0 && (n >= 2 || charge || f.spamScore(sc) >= 0.25) {
		byRule(&v, h, 0.8)
	}
	if charge && (phone || cta) {
		v.set(0, sc.n-1, 0.8, "premium-rate text or call charges")
	}
	if phone && sc.any(fTextCall) && (sc.any(fAdult) || sc.anyKind(kSexual)) {
		for i := range sc.n {
			if e := sc.ent[i]; e != nil && (e.kinds&kSexual != 0 || e.flags&fAdult != 0) {
				v.setQuote(i, i, 0.8, "adult chat spam: ", i, i)
				break
			}
		}
	}
	// the model can only decide a post with a channel or a price, or one
	// that is about neither the practice nor the NHS: skip it otherwise
	if !v.ok && (cta || price || !aboutPractice(sc) && !sc.any(fNHS)) {
		p, ok := f.spamFast(sc)
		if !ok {
			p = f.spamScore(sc)
		}
		if p >= f.spamAlone && !aboutPractice(sc) && !sc.any(fNHS) || p >= f.spamCTA && (cta || price && !aboutPractice(sc)) {
			if from, to, ok := f.spamEvidence(sc); ok {
				v.setQuote(from, to, float64(p), "looks like spam or a scam: ", from, to)
			} else if sc.n > 0 {
				v.set(0, sc.n-1, float64(p), "looks like spam or a scam")
			}
		}
	}
	return f.emit(sc, out, moderation.Fraud, v)
}

// aboutPractice reports whether the post talks about the practice or its
// services: a price there is a complaint or a claim about charges, not an
// offer.
func aboutPractice(sc *scan) bool {
	if sc.anyKind(kPractice) {
		return true
	}
	return sc.any(fAbout)
}

// fraudKinds are the indices of the rule kinds the fraud rules combine.
type fraudKinds struct {
	cred, notice, giveaway, invest, romance, job, smish, tradeable, sell, sellweak, promo, sexspam, bulk, warning int
}

func (f *Family) resolveFraudKinds() {
	f.fk = fraudKinds{
		cred: f.kindOf("cred"), notice: f.kindOf("notice"), giveaway: f.kindOf("giveaway"), invest: f.kindOf("invest"),
		romance: f.kindOf("romance"), job: f.kindOf("job"), smish: f.kindOf("smish"), tradeable: f.kindOf("tradeable"),
		sell: f.kindOf("sell"), sellweak: f.kindOf("sellweak"), promo: f.kindOf("promo"), sexspam: f.kindOf("sexspam"),
		bulk: f.kindOf("bulk"), warning: f.kindOf("warning"),
	}
}

// warns reports whether the post warns others about a scam or asks whether
// a message is genuine, rather than being one.
func (f *Family) warns(sc *scan) bool {
	k := f.fk.warning
	if sc.present&(1<<k) == 0 {
		return false
	}
	for _, h := range sc.hits {
		if h.kind != k {
			continue
		}
		if h.from > 0 && (sc.word(h.from-1) == "not" || sc.word(h.from-1) == "no") {
			continue // "not a scam!" is what a scam says
		}
		return true
	}
	return false
}

// premiumCharge reports whether the text states a per-message or per-minute
// charge, as premium-rate SMS services must ("150p/msg", "£1/min", "10ppm"):
// whether it has one of "p/msg", "p/min", "p/txt", "p/text", "p/rcvd",
// "/msg", "/min", "/minute", "/rcvd", "/sms", "ppm", "msg rcvd", or, after a
// digit, "pmsg", "p per msg" or "p per min". It looks only around each slash
// and each "m", one of which each of those has.
func premiumCharge(n []byte) bool {
	if bytes.IndexByte(n, '/') >= 0 {
		for k := 0; ; k++ {
			j := bytes.IndexByte(n[k:], '/')
			if j < 0 {
				break
			}
			k += j
			after := n[k+1:]
			// "p/msg", "p/min", "p/rcvd", "/minute" hold one of the first four
			if hasPrefix(after, "msg") || hasPrefix(after, "min") || hasPrefix(after, "rcvd") || hasPrefix(after, "sms") ||
				k > 0 && n[k-1] == 'p' && (hasPrefix(after, "txt") || hasPrefix(after, "text")) {
				return true
			}
		}
	}
	// "ppm", "msg rcvd", and pence a message or a minute ("150pmsg",
	// "25p per min": the p after a digit, so "sleep per minute" is no
	// charge), by their "m"
	for k := 0; ; k++ {
		j := bytes.IndexByte(n[k:], 'm')
		if j < 0 {
			return false
		}
		k += j
		before, after := n[:k], n[k+1:]
		if hasSuffix(before, "pp") || hasPrefix(after, "sg rcvd") ||
			pence(before, "p") && hasPrefix(after, "sg") ||
			pence(before, "p per ") && (hasPrefix(after, "sg") || hasPrefix(after, "in")) {
			return true
		}
	}
}

// pence reports whether b ends with s (which starts with "p") after a digit.
func pence(b []byte, s string) bool {
	return hasSuffix(b, s) && len(b) > len(s) && isDigitByte(b[len(b)-len(s)-1])
}

func hasSuffix(b []byte, s string) bool { return len(b) >= len(s) && string(b[len(b)-len(s):]) == s }

// hasPrice reports whether the text quotes a price (£10, $5, €20).
func hasPrice(n []byte) bool {
	if len(n) < 3 {
		return false
	}
	// as a scan of i < len(n)-2 for "£" then a digit, or "$" then a digit
	m := n[:len(n)-2]
	for i := 0; ; i++ {
		j := bytes.IndexByte(m[i:], 0xC2)
		if j < 0 {
			break
		}
		i += j
		if n[i+1] == 0xA3 && isDigitByte(n[i+2]) { // £
			return true
		}
	}
	for i := 0; ; i++ {
		j := bytes.IndexByte(m[i:], '$')
		if j < 0 {
			break
		}
		i += j
		if isDigitByte(n[i+1]) {
			return true
		}
	}
	return false
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// hasPhone reports whether the post has a run of digits long enough to be a
// phone number or SMS short code (five or more) that is not the poster's
// own ("text me on 07700 900155", "my number is ..."): patients give their
// own numbers; spam gives numbers to call or text.
func hasPhone(sc *scan) bool {
	run, start := 0, 0
	for i, w := range sc.d.Words {
		if w.Flags&textnorm.Alpha == 0 && w.Flags&textnorm.Digit != 0 {
			if i > 0 && run > 0 && int(w.Start)-int(sc.d.Words[i-1].End) <= 2 {
				run += w.Len()
			} else {
				run, start = w.Len(), i
			}
			if run >= 5 && !ownNumber(sc, start) {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// ownNumber reports whether the number starting at word i is introduced as
// the poster's own or a relative's ("ring me on", "my mobile is", "call my
// mum on").
func ownNumber(sc *scan, i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		switch sc.word(j) {
		case "me", "my", "mine", "mine's", "her", "him", "his", "mum", "dad", "nan":
			return true
		case "on", "at", "is", "number", "mobile", "mob", "phone", "to", "now", "new", "'s", "landline", "tel", "no":
			continue
		}
		return false
	}
	return false
}
