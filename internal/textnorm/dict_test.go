package textnorm

import (
	"fmt"
	"testing"
)

func TestDict(t *testing.T) {
	m := map[string]int{"": 9, "hill": 1, "dr": 2, "f*ck": 3, "mum's": 4, "congratulations": 5, "receptio": 6}
	for i := range 500 {
		m[fmt.Sprintf("w%d", i)] = 100 + i
	}
	dict := NewDict(m)
	if dict.Len() != len(m) {
		t.Errorf("Len = %d, want %d", dict.Len(), len(m))
	}
	for k, want := range m {
		if got, ok := dict.Get([]byte(k)); !ok || got != want {
			t.Errorf("Get(%q) = %d, %v, want %d", k, got, ok, want)
		}
	}
	for _, k := range []string{"hil", "hills", "w500", "x", "Dr"} {
		if got, ok := dict.Get([]byte(k)); ok {
			t.Errorf("Get(%q) = %d, want absent", k, got)
		}
	}
	// known words short and long, mid-post and last (where fewer than eight
	// bytes follow), and words a known one starts or that start one
	d := New("Dr Hill said F*CK and mum's w7 here, congratulations to hills, the reception and hil w7")
	want := map[string]int{"dr": 2, "hill": 1, "f*ck": 3, "mum's": 4, "w7": 107, "congratulations": 5}
	for i := range d.Words {
		got, ok := dict.Word(d, i)
		if w, in := want[d.WordString(i)]; ok != in || got != w {
			t.Errorf("Word(%q) = %d, %v, want %d, %v", d.WordString(i), got, ok, w, in)
		}
	}
	all := dict.Words(d, []int{-2}, -1)
	if len(all) != 1+len(d.Words) || all[0] != -2 {
		t.Fatalf("Words = %v, want -2 then one value per word", all)
	}
	for i := range d.Words {
		w, in := want[d.WordString(i)]
		if !in {
			w = -1
		}
		if all[1+i] != w {
			t.Errorf("Words gives %q %d, want %d", d.WordString(i), all[1+i], w)
		}
	}
	if _, ok := NewDict(map[string]bool{}).Get([]byte("x")); ok {
		t.Error("empty dict holds x")
	}
}

func BenchmarkDictWords(b *testing.B) {
	m := map[string]int{}
	for i := range 3000 {
		m[fmt.Sprintf("word%d", i)] = i
	}
	dict := NewDict(m)
	d := New("Is the new registrar the tall one with the beard? He was really short with my husband word12 word400")
	var vals []int
	b.ReportAllocs()
	for b.Loop() {
		vals = dict.Words(d, vals[:0], -1)
	}
}

func BenchmarkDictWord(b *testing.B) {
	m := map[string]int{}
	for i := range 3000 {
		m[fmt.Sprintf("word%d", i)] = i
	}
	dict := NewDict(m)
	d := New("Is the new registrar the tall one with the beard? He was really short with my husband word12 word400")
	b.ReportAllocs()
	for b.Loop() {
		for i := range d.Words {
			dict.Word(d, i)
		}
	}
}
