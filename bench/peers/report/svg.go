package main

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
)

// Chart geometry, in SVG user units.
const (
	rowH    = 18  // one tool
	gapH    = 26  // between sets, holds the set's heading
	labelW  = 190 // tool names
	panelW  = 300 // each of the two bar panels
	panelX2 = labelW + panelW + 60
	topH    = 70
	minRate = 100.0 // posts/s at the left edge of the log axis
	maxRate = 1e7   // and at the right edge
)

// writeSVG draws, for every set, one bar per tool: the F1 of the set's first
// group (linear, 0 to 1) on the left and the median posts/s (log scale) on
// the right. Pagekeeper's bars are dark, the peers' light.
func writeSVG(w io.Writer, rows []*row) error {
	h := topH
	prev := ""
	for _, r := range rows {
		if k := r.Kind + r.Set; k != prev {
			h += gapH
			prev = k
		}
		h += rowH
	}
	h += 40
	width := panelX2 + panelW + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", width, h, width, h)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", width, h)
	fmt.Fprintf(&b, `<text x="10" y="18" font-size="14" font-weight="bold">Pagekeeper beside npm filters: F1 and posts/s on the same sets</text>`+"\n")
	fmt.Fprintf(&b, `<text x="10" y="34" fill="#555">Pagekeeper dark, peers light; one thread each. gp-dev is Pagekeeper's own development set (in-sample). See bench/peers/README.md.</text>`+"\n")
	fmt.Fprintf(&b, `<text x="%d" y="54" font-weight="bold">F1 of the first scored group (0–1)</text>`+"\n", labelW)
	fmt.Fprintf(&b, `<text x="%d" y="54" font-weight="bold">posts/s, median of rounds (log scale)</text>`+"\n", panelX2)
	// Axes: F1 ticks and decades of posts/s.
	for _, t := range []float64{0, 0.25, 0.5, 0.75, 1} {
		x := labelW + t*panelW
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", x, topH-6, x, h-30)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%g</text>`+"\n", x, h-16, t)
	}
	for d := minRate; d <= maxRate; d *= 10 {
		x := rateX(d)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", x, topH-6, x, h-30)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%s</text>`+"\n", x, h-16, decade(d))
	}
	y := topH
	prev = ""
	for _, r := range rows {
		if k := r.Kind + r.Set; k != prev {
			prev = k
			y += gapH
			g := ""
			if len(r.Groups) > 0 {
				g = r.Groups[0].Name
			}
			fmt.Fprintf(&b, `<text x="10" y="%d" font-weight="bold">%s (%d posts), scored on %s</text>`+"\n", y-8, esc(r.Set), r.Posts, esc(g))
		}
		fill, fillR := "#9ecae1", "#c6dbef"
		if strings.HasPrefix(r.Tool, "pagekeeper") {
			fill, fillR = "#08519c", "#3182bd"
		}
		f1 := 0.0
		if len(r.Groups) > 0 {
			f1 = r.Groups[0].f1()
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", labelW-6, y+rowH-6, esc(r.Tool))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", labelW, y+2, f1*panelW, rowH-4, fill)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%.2f</text>`+"\n", float64(labelW)+f1*panelW+4, y+rowH-6, f1)
		m := r.median()
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", panelX2, y+2, rateX(m)-panelX2, rowH-4, fillR)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`+"\n", rateX(m)+4, y+rowH-6, esc(rate(m)))
		y += rowH
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// rateX places posts/s on the log axis, clamped to its ends.
func rateX(v float64) float64 {
	v = math.Min(math.Max(v, minRate), maxRate)
	return panelX2 + panelW*math.Log10(v/minRate)/math.Log10(maxRate/minRate)
}

func decade(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%gM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%gk", v/1e3)
	default:
		return fmt.Sprintf("%g", v)
	}
}

func esc(s string) string { return html.EscapeString(s) }
