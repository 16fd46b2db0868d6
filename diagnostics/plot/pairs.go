package plot

import (
	"errors"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Pairs draws a scatter plot of every pair of the chosen quantities, the
// draws of all chains pooled, with the divergent draws in red on top. The
// pair (specs[i], specs[j]), i < j, puts specs[i] on the x axis: the funnel
// of the centered eight schools model is Pairs(r, "theta[1]", "log(tau)"),
// where the divergences gather in the neck, small tau (Betancourt and
// Girolami 2015, section 4; Stan User's Guide, "Reparameterization").
// A spec may be log(NAME); every draw of NAME must then be positive. At
// least two quantities are needed; pairs beyond MaxPanels are left out and
// named in the note.
func Pairs(r *Run, specs ...string) (*Figure, error) {
	ss, err := r.selectSeries(specs)
	if err != nil {
		return nil, fmt.Errorf("pairs: %w", err)
	}
	if len(ss) < 2 {
		return nil, errors.New("pairs: need at least two quantities, e.g. theta[1] and log(tau)")
	}
	type pair struct{ x, y series }
	var pairs []pair
	for i := range ss {
		for j := i + 1; j < len(ss); j++ {
			pairs = append(pairs, pair{ss[i], ss[j]})
		}
	}
	var note string
	if len(pairs) > MaxPanels {
		note = fmt.Sprintf("Showing the first %d of %d pairs; choose fewer quantities to see the rest.", MaxPanels, len(pairs))
		pairs = pairs[:MaxPanels]
	}
	nDiv, nAll := 0, 0
	for _, d := range r.Divergent {
		for _, b := range d {
			if b {
				nDiv++
			}
		}
		nAll += len(d)
	}
	panels := make([]*plot.Plot, len(pairs))
	for k, pr := range pairs {
		var ok, div plotter.XYs
		for c := range pr.x.draws {
			for i, x := range pr.x.draws[c] {
				pt := plotter.XY{X: x, Y: pr.y.draws[c][i]}
				if r.Divergent != nil && r.Divergent[c][i] {
					div = append(div, pt)
				} else {
					ok = append(ok, pt)
				}
			}
		}
		p := newPanel("", pr.x.label, pr.y.label)
		for _, layer := range []struct {
			pts   plotter.XYs
			glyph draw.GlyphStyle
		}{{ok, drawGlyph}, {div, divergentGlyph}} {
			if len(layer.pts) == 0 {
				continue
			}
			sc, err := plotter.NewScatter(layer.pts)
			if err != nil {
				return nil, fmt.Errorf("pairs: %s vs %s: %w", pr.y.label, pr.x.label, err)
			}
			sc.GlyphStyle = layer.glyph
			p.Add(sc)
		}
		panels[k] = p
	}
	legend := []LegendEntry{{Label: "draw", Thumb: &plotter.Scatter{GlyphStyle: drawGlyph}}}
	title := "Pairs"
	if len(pairs) == 1 {
		title = fmt.Sprintf("%s against %s", pairs[0].y.label, pairs[0].x.label)
	}
	if r.Divergent != nil {
		legend = append(legend, LegendEntry{Label: "divergent", Thumb: &plotter.Scatter{GlyphStyle: divergentGlyph}})
		title += fmt.Sprintf(" (%d divergent of %d draws)", nDiv, nAll)
	} else {
		title += " (divergences unknown)"
	}
	return newFigure(title, legend, note, panels), nil
}

// Glyphs: many translucent small dots show where the mass is; divergent
// draws are larger and opaque so a few stand out.
var (
	drawGlyph      = draw.GlyphStyle{Color: drawColor, Radius: vg.Points(1.6), Shape: draw.CircleGlyph{}}
	divergentGlyph = draw.GlyphStyle{Color: divergentColor, Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
)
