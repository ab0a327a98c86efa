package conduct

import (
	"bytes"
	"math"
	"slices"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/linear"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// The fraud rules' text scans and the spam score are computed in fewer
// steps than they are defined; the definitions are kept here as oracles.

// premiumChargeRef is premiumCharge as defined: one of the patterns
// anywhere, the pence ones after a digit.
func premiumChargeRef(n []byte) bool {
	for _, s := range [...]string{"pmsg", "p per msg", "p per min"} {
		for i := 0; ; i++ {
			j := bytes.Index(n[i:], []byte(s))
			if j < 0 {
				break
			}
			i += j
			if i > 0 && isDigitByte(n[i-1]) {
				return true
			}
		}
	}
	for _, s := range [...]string{"p/msg", "p/min", "p/txt", "p/text", "p/rcvd", "/msg", "/min", "/minute", "ppm", "/rcvd", "/sms", "msg rcvd"} {
		if bytes.Contains(n, []byte(s)) {
			return true
		}
	}
	return false
}

// findLinksRef is findLinks as defined: every space-separated token, trimmed
// of punctuation, that has a dot after its first byte and a host.
func (f *Family) findLinksRef(n []byte) []link {
	var links []link
	if !dotInWord(n) {
		return nil
	}
	for i := 0; i < len(n); {
		for i < len(n) && isSpace(n[i]) {
			i++
		}
		j := i
		for j < len(n) && !isSpace(n[j]) {
			j++
		}
		tok := bytes.TrimRight(n[i:j], ".,!?:;)]\"'")
		tok = bytes.TrimLeft(tok, "(<[\"'")
		if bytes.IndexByte(tok, '.') <= 0 {
			i = j
			continue
		}
		if host, ok := linkHost(tok); ok || f.trusted(host) {
			off := i + bytes.Index(n[i:j], tok)
			links = append(links, link{ns: off, ne: off + len(tok), trusted: f.trusted(host)})
		}
		i = j
	}
	return links
}

// spamRef is the spam model's score as defined: Scores over SpamFeatures.
func (f *Family) spamRef(d *textnorm.Doc) float32 {
	x := f.spamModel.Extractor()
	var out [1]float32
	f.spamModel.Scores(SpamFeatures(nil, d, x.Extract(d), f.spamModel.Bits), out[:])
	return out[0]
}

// checkFraudScans compares the fast scans of s with their definitions.
func checkFraudScans(t *testing.T, f *Family, sc *scan, s string) {
	t.Helper()
	d := textnorm.New(s)
	if got, want := premiumCharge(d.Norm), premiumChargeRef(d.Norm); got != want {
		t.Errorf("premiumCharge(%q) = %v, want %v", d.Norm, got, want)
	}
	sc.reset(d)
	sc.hashes = &linear.Hashes{}
	if got, want := f.findLinks(sc), f.findLinksRef(d.Norm); !slices.Equal(got, want) {
		t.Errorf("findLinks(%q) = %v, want %v", d.Norm, got, want)
	}
	want := f.spamRef(d)
	if got, ok := f.spamFast(sc); ok && math.Float32bits(got) != math.Float32bits(want) {
		t.Errorf("spamFast(%q) = %v, want %v (Scores over SpamFeatures)", s, got, want)
	}
	if _, ok := f.spamFast(sc); ok {
		from, to, ok := f.spamEvidence(sc)
		x := f.spamModel.Extractor()
		ft, wantOK := f.spamModel.Evidence(SpamFeatures(nil, d, x.Extract(d), f.spamModel.Bits), 0)
		if ok != wantOK || ok && (from != ft.From || to != ft.To) {
			t.Errorf("spamEvidence(%q) = %d, %d, %v; want %d, %d, %v (Evidence over SpamFeatures)", s, from, to, ok, ft.From, ft.To, wantOK)
		}
	}
	if got := f.spamScore(sc); math.Float32bits(got) != math.Float32bits(want) {
		t.Errorf("spamScore(%q) = %v, want %v", s, got, want)
	}
	sc.hashes = nil
}

var fraudScanSeeds = []string{
	"", "150p/msg to stop", "calls 10ppm", "£1/min", "24/7 service", "take 1/2 a tablet", "p/txt", "10p/text", "/sms",
	"1.50pmsg", "25p per msg", "25p per min", "msg rcvd", "/", "m", "pp", "ppm", "p/", "/minute", "apps/msg", "hmm/",
	"Call 09061701461 now, 150p/msg", "txt WIN to 80082 £250 prize!!", "FREE ENTRY WINNER!! claim at bit.ly/abc123 NOW",
	"see https://www.nhs.uk/conditions and ashgrove-surgery.example/book", "email hello@ashgrove-surgery.example or scam@gmail.com",
	"(bit.ly/abc123) and \"wa.me/447700900612\".", "Dr. Haddad said 2.5mg. Fine.", "..com@.", "a.b.c.d e.f", ".x x. .",
	"RT @user: LOL http://t.co/AbC123 &#8220;so true&#8221;", "0 0 0 0 0 0 0 0 0 0", "07700 900612 07700 900612", "4409 1234567",
	"ring 0871 222 3333 or 80082 or 8008", "£5 £10 £20 £1.99", "😇 ｆｒｅｅ £5", "WIN WIN WIN CASH NOW", "1 2", "12345",
}

func TestFraudScansMatchDefinitions(t *testing.T) {
	f := newTestFamily(t)
	sc := &scan{x: f.abuseModel.Extractor()}
	for _, s := range fraudScanSeeds {
		checkFraudScans(t, f, sc, s)
	}
	for _, set := range []string{"davidson.test.jsonl", "gp-dev.jsonl", "sms-spam.test.jsonl", "smishing.test.jsonl", "youtube-spam.test.jsonl", "jigsaw-sample.test.jsonl"} {
		t.Run(set, func(t *testing.T) {
			for _, it := range loadSet(t, set) {
				checkFraudScans(t, f, sc, it.Text)
			}
		})
	}
}

func FuzzFraudScans(f *testing.F) {
	for _, s := range fraudScanSeeds {
		f.Add(s)
	}
	fam, err := New(ashgrove())
	if err != nil {
		f.Fatal(err)
	}
	sc := &scan{x: fam.abuseModel.Extractor()}
	f.Fuzz(func(t *testing.T, s string) { checkFraudScans(t, fam, sc, s) })
}
