package textnorm

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/evaldata"
)

func words(d *Doc) []string {
	var out []string
	for i := range d.Words {
		out = append(out, d.WordString(i))
	}
	return out
}

func TestNormalise(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"ascii lower", "Dr Hill IS here", []string{"dr", "hill", "is", "here"}},
		{"fullwidth", "ＩＤＩＯＴ", []string{"idiot"}},
		{"math bold", "𝐢𝐝𝐢𝐨𝐭", []string{"idiot"}},
		{"circled", "ⓘⓓⓘⓞⓣ", []string{"idiot"}},
		{"zero width", "i\u200bd\u200bi\u200bo\u200bt", []string{"idiot"}},
		{"accents", "ídíót Patël", []string{"idiot", "patel"}},
		{"cyrillic lookalikes", "іdіоt", []string{"idiot"}},
		{"curly apostrophe", "mum’s don’t", []string{"mum's", "don't"}},
		{"disguise symbols", "f*ck sh!te w@nker c*nts", []string{"f*ck", "sh!te", "w@nker", "c*nts"}},
		{"trailing asterisks", "what the f*** is", []string{"what", "the", "f***", "is"}},
		{"leet digits", "sh1t b0ll0cks", []string{"sh1t", "b0ll0cks"}},
		{"handle and hashtag", "@MillbrookSurg #millbrook", []string{"@millbrooksurg", "#millbrook"}},
		{"sentence punctuation is not a word", "Joke! Really?", []string{"joke", "really"}},
		{"emoji separate", "angels 😇 the", []string{"angels", "the"}},
		{"invalid utf8", "bad\xffword", []string{"bad", "word"}},
		{"ligature", "ﬁne", []string{"fine"}},
		{"non-breaking space", "a\u00a0b", []string{"a", "b"}},
		{"dashes split", "co-codamol", []string{"co", "codamol"}},
		{"number groups", "766 845 7771", []string{"766", "845", "7771"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(tt.in)
			if diff := cmp.Diff(tt.want, words(d)); diff != "" {
				t.Errorf("words(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// Every word's span in the original text must hold the characters it came from.
func TestSpansPointAtOriginal(t *testing.T) {
	tests := []struct {
		in   string
		word int
		want string
	}{
		{"Hello Dr Hill", 2, "Hill"},
		{"😇 Nurse Jöy here", 1, "Jöy"},
		{"ｆｕｃｋ off", 0, "ｆｕｃｋ"},
		{"i\u200bd\u200bi\u200bo\u200bt!", 0, "i\u200bd\u200bi\u200bo\u200bt"},
		{"café crème", 1, "crème"},
	}
	for _, tt := range tests {
		d := New(tt.in)
		if got := d.OrigText(tt.word); got != tt.want {
			t.Errorf("New(%q) word %d = %q, want %q", tt.in, tt.word, got, tt.want)
		}
	}
}

func TestFlags(t *testing.T) {
	d := New("Hope you're well. I hope NOT @you x")
	tests := []struct {
		word int
		flag uint16
		want bool
	}{
		{0, Capital | SentStart, true},
		{3, SentStart, true},
		{4, Capital, false},
		{5, AllCaps, true},
		{6, Handle, true},
		{1, Apostrophe, true},
	}
	for _, tt := range tests {
		if got := d.Words[tt.word].Has(tt.flag); got != tt.want {
			t.Errorf("word %d (%q) Has(%b) = %v, want %v", tt.word, d.WordString(tt.word), tt.flag, got, tt.want)
		}
	}
}

func TestReuse(t *testing.T) {
	d := New("ＬＯＮＧ unicode text with ünïcödé")
	d.Reset("short")
	if diff := cmp.Diff([]string{"short"}, words(d)); diff != "" {
		t.Error(diff)
	}
	if s, e := d.WordSpan(0, 0); d.Orig[s:e] != "short" {
		t.Errorf("span after reuse = %q", d.Orig[s:e])
	}
}

func TestDisguiseHelpers(t *testing.T) {
	if got := string(Deleet(nil, []byte("sh1t w@nker b0ll0cks $hit"))); got != "shit wanker bollocks shit" {
		t.Errorf("Deleet = %q", got)
	}
	if got := string(Squeeze(nil, []byte("fuuuuck"), 1)); got != "fuck" {
		t.Errorf("Squeeze 1 = %q", got)
	}
	if got := string(Squeeze(nil, []byte("shiiiite"), 2)); got != "shiite" {
		t.Errorf("Squeeze 2 = %q", got)
	}
	var runs []string
	New("F U C K this and s.h.i.t but not a b").SpacedRuns(nil, func(i, j int, joined []byte) {
		runs = append(runs, string(joined))
	})
	if diff := cmp.Diff([]string{"fuck", "shit"}, runs); diff != "" {
		t.Errorf("SpacedRuns mismatch (-want +got):\n%s", diff)
	}
}

func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"Dr Hill", "ｆｕｃｋ", "i\u200bd", "\xff\xfe", "sh!te f***", "@x #y $z", "😇 ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := New(s)
		for i, w := range d.Words {
			if w.Start >= w.End || int(w.End) > len(d.Norm) {
				t.Fatalf("word %d has bad bounds %d..%d of %d", i, w.Start, w.End, len(d.Norm))
			}
			o, e := d.WordSpan(i, i)
			if o < 0 || e > len(s) || o >= e {
				t.Fatalf("word %d maps to bad original span %d..%d of %d", i, o, e, len(s))
			}
		}
		// Normalising is idempotent on the normalised text's words.
		again := New(string(d.Norm))
		if strings.Join(words(again), " ") != strings.Join(words(d), " ") {
			t.Fatalf("not idempotent: %q vs %q", words(d), words(again))
		}
	})
}

func BenchmarkNormaliseASCII(b *testing.B) {
	d := &Doc{}
	s := "Is the new registrar the tall one with the beard? He was really short with my husband on Tuesday and barely looked at him"
	for b.Loop() {
		d.Reset(s)
	}
}

func BenchmarkNormaliseUnicode(b *testing.B) {
	d := &Doc{}
	s := "Honestly the nurses here are angels 😇 the whole team got my mum’s cancer treatment sorted – ｔｈａｎｋｓ"
	for b.Loop() {
		d.Reset(s)
	}
}

// BenchmarkNormaliseSets normalises the posts of shared data sets, when the
// data is present.
func BenchmarkNormaliseSets(b *testing.B) {
	for _, set := range []struct{ name, file string }{{"davidson", "davidson.test.jsonl"}, {"gp-dev", "gp-dev.jsonl"}} {
		b.Run(set.name, func(b *testing.B) {
			name := set.file
			path := evaldata.SetPath(name)
			if path == "" {
				b.Skipf("%s is absent: set PAGEKEEPER_DATA to the shared data directory", name)
			}
			items, err := evaldata.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			d := &Doc{}
			i := 0
			for b.Loop() {
				d.Reset(items[i%len(items)].Text)
				i++
			}
		})
	}
}
