package web

import "testing"

func TestStackedBarsFitTheChart(t *testing.T) {
	c := stackedBars("c", "t", "d", []string{"w1", "w2"}, []series{{"a", []int{3, 0}}, {"b", []int{1, 4}}})
	if len(c.Bars) != 3 {
		t.Fatalf("bars = %d, want 3 (a zero value draws nothing)", len(c.Bars))
	}
	for _, b := range c.Bars {
		if b.Y < 0 || b.Y+b.H > c.Height || b.X+b.W > c.Width || b.H <= 0 {
			t.Errorf("bar %+v outside the %dx%d chart", b, c.Width, c.Height)
		}
	}
	if len(c.Legend) != 2 {
		t.Errorf("legend = %v", c.Legend)
	}
}

func TestHBars(t *testing.T) {
	c := hbars("c", "t", "d", []string{"Facebook", "X"}, []int{10, 0})
	if len(c.Bars) != 2 || c.Bars[0].W <= c.Bars[1].W {
		t.Errorf("bars = %+v", c.Bars)
	}
}
