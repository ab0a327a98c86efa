package web

import (
	"fmt"
	"strconv"
)

// barChart is a bar chart drawn as SVG on the server: no script, a title
// and description for screen readers, and always shown next to a table of
// the same numbers. Stacked bars have several segments.
type barChart struct {
	ID            string // the SVG's id; its title and desc ids derive from it
	Title, Desc   string
	Width, Height int
	Bars          []svgRect
	Labels        []svgText
	Legend        []legendItem
}

type svgRect struct {
	X, Y, W, H int
	Fill       string
	Title      string // a tooltip naming the value
}

type svgText struct {
	X, Y   int
	Anchor string // start, middle, end
	Text   string
}

type legendItem struct {
	Fill, Text string
}

// palette is colour-blind-safe (Okabe and Ito) and each colour contrasts
// at least 3:1 with white, for the bars of a chart (WCAG 1.4.11).
var palette = []string{"#005eb8", "#d5281b", "#007f3b", "#6a3d9a", "#8a6100", "#00718f", "#ae2573", "#425563", "#b04e00", "#2e6b30", "#330072"}

// series is one stack of a stacked bar chart.
type series struct {
	Name   string
	Values []int // one per category of the x axis
}

// stackedBars draws vertical stacked bars: one bar per x label, one
// segment per series.
func stackedBars(id, title, desc string, xs []string, ss []series) barChart {
	const w, h, left, bottom, top = 720, 300, 40, 40, 10
	c := barChart{ID: id, Title: title, Desc: desc, Width: w, Height: h}
	maxTotal := 1
	for i := range xs {
		total := 0
		for _, s := range ss {
			total += s.Values[i]
		}
		maxTotal = max(maxTotal, total)
	}
	plotH := h - bottom - top
	slot := (w - left) / max(len(xs), 1)
	barW := max(slot*2/3, 4)
	for i, x := range xs {
		bx := left + i*slot + (slot-barW)/2
		y := h - bottom
		for j, s := range ss {
			v := s.Values[i]
			if v == 0 {
				continue
			}
			bh := v * plotH / maxTotal
			y -= bh
			c.Bars = append(c.Bars, svgRect{X: bx, Y: y, W: barW, H: bh, Fill: palette[j%len(palette)], Title: fmt.Sprintf("%s, %s: %d", x, s.Name, v)})
		}
		c.Labels = append(c.Labels, svgText{X: bx + barW/2, Y: h - bottom + 16, Anchor: "middle", Text: x})
	}
	c.Labels = append(c.Labels, axisLabels(maxTotal, left, h-bottom, plotH)...)
	for j, s := range ss {
		c.Legend = append(c.Legend, legendItem{Fill: palette[j%len(palette)], Text: s.Name})
	}
	return c
}

// axisLabels marks 0 and the top of a vertical axis.
func axisLabels(maxV, left, base, plotH int) []svgText {
	return []svgText{
		{X: left - 6, Y: base, Anchor: "end", Text: "0"},
		{X: left - 6, Y: base - plotH + 10, Anchor: "end", Text: strconv.Itoa(maxV)},
	}
}

// hbars draws one horizontal bar per label.
func hbars(id, title, desc string, labels []string, values []int) barChart {
	const w, row, left = 720, 32, 220
	h := max(len(labels)*row+10, 40)
	c := barChart{ID: id, Title: title, Desc: desc, Width: w, Height: h}
	maxV := 1
	for _, v := range values {
		maxV = max(maxV, v)
	}
	for i, l := range labels {
		y := 5 + i*row
		bw := values[i] * (w - left - 60) / maxV
		c.Bars = append(c.Bars, svgRect{X: left, Y: y, W: max(bw, 1), H: row - 10, Fill: palette[0], Title: fmt.Sprintf("%s: %d", l, values[i])})
		c.Labels = append(c.Labels,
			svgText{X: left - 8, Y: y + row/2, Anchor: "end", Text: l},
			svgText{X: left + bw + 6, Y: y + row/2, Anchor: "start", Text: strconv.Itoa(values[i])})
	}
	return c
}
