package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Pairs draws the draws of all chains pooled, pair by pair, with the
// divergent draws in red on top. Two quantities give one scatter plot,
// specs[0] on the x axis: the funnel of the centered eight schools model
// is Pairs(r, "theta[1]", "log(tau)"), where the divergences gather in the
// neck, small tau (Betancourt and Girolami 2015, section 4; Stan User's
// Guide, "Reparameterization"). Three or more give a pairs matrix, as
// ArviZ's plot_pair(marginals=True) and R's pairs draw it: the histogram
// of each quantity on the diagonal, below it the scatter plot of every
// pair, the quantity of the column on the x axis and that of the row on
// the y axis, axes shared along each column and row. The matrix shows at
// most MaxCols quantities; the rest are named in the note. A spec may be
// log(NAME); every draw of NAME must then be positive.
func Pairs(r *Run, specs ...string) (*Figure, error) {
	ss, err := r.selectSeries(specs)
	if err != nil {
		return nil, fmt.Errorf("pairs: %w", err)
	}
	if len(ss) < 2 {
		return nil, errors.New("pairs: need at least two quantities, e.g. theta[1] and log(tau)")
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
	var panels []*plot.Plot
	var title, note string
	if len(ss) == 2 {
		p, err := scatterPanel(r, ss[0], ss[1])
		if err != nil {
			return nil, err
		}
		panels = []*plot.Plot{p}
		title = fmt.Sprintf("%s against %s", ss[1].label, ss[0].label)
	} else {
		if len(ss) > MaxCols {
			note = fmt.Sprintf("Showing the first %d of %d quantities; choose fewer to see the rest.", MaxCols, len(ss))
			ss = ss[:MaxCols]
		}
		if panels, err = pairsMatrix(r, ss); err != nil {
			return nil, err
		}
		title = "Pairs"
	}
	legend := []LegendEntry{{Label: "draw", Thumb: &plotter.Scatter{GlyphStyle: drawGlyph}}}
	if r.Divergent != nil {
		legend = append(legend, LegendEntry{Label: "divergent", Thumb: &plotter.Scatter{GlyphStyle: divergentGlyph}})
		title += fmt.Sprintf(" (%d divergent of %d draws)", nDiv, nAll)
	} else {
		title += " (divergences unknown)"
	}
	return newFigure(title, legend, note, panels), nil
}

// scatterPanel is the scatter plot of y against x, the divergent draws
// on top.
func scatterPanel(r *Run, x, y series) (*plot.Plot, error) {
	var ok, div plotter.XYs
	for c := range x.draws {
		for i, xv := range x.draws[c] {
			pt := plotter.XY{X: xv, Y: y.draws[c][i]}
			if r.Divergent != nil && r.Divergent[c][i] {
				div = append(div, pt)
			} else {
				ok = append(ok, pt)
			}
		}
	}
	p := newPanel("", x.label, y.label)
	for _, layer := range []struct {
		pts   plotter.XYs
		glyph draw.GlyphStyle
	}{{ok, drawGlyph}, {div, divergentGlyph}} {
		if len(layer.pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(layer.pts)
		if err != nil {
			return nil, fmt.Errorf("pairs: %s vs %s: %w", y.label, x.label, err)
		}
		sc.GlyphStyle = layer.glyph
		p.Add(sc)
	}
	return p, nil
}

// pairsMatrix lays out the k x k matrix of ss, row by row: histograms on
// the diagonal, scatter plots below it, nothing above (nil panels). Only
// the bottom row labels its x axis and the first column its y axis, each
// with the quantity it shares with its column or row.
func pairsMatrix(r *Run, ss []series) ([]*plot.Plot, error) {
	k := len(ss)
	lo, hi := make([]float64, k), make([]float64, k)
	for v, s := range ss {
		lo[v], hi[v] = spreadRange(pooled(s.draws))
		if lo[v] == hi[v] {
			lo[v], hi[v] = lo[v]-0.5, hi[v]+0.5
		}
	}
	panels := make([]*plot.Plot, k*k)
	for i := range k {
		for j := range i + 1 {
			var p *plot.Plot
			if i == j {
				p = marginalPanel(ss[i], lo[i], hi[i])
			} else {
				var err error
				if p, err = scatterPanel(r, ss[j], ss[i]); err != nil {
					return nil, err
				}
				p.Y.Min, p.Y.Max = lo[i], hi[i]
			}
			p.X.Min, p.X.Max = lo[j], hi[j]
			if i < k-1 {
				p.X.Label.Text = ""
			}
			if j > 0 || i == 0 {
				p.Y.Label.Text = ""
			}
			panels[i*k+j] = p
		}
	}
	return panels, nil
}

// marginalBins is the most bins of a marginal histogram; fewer draws get
// one bin per 10 draws, at least 5.
const marginalBins = 30

// marginalPanel is the histogram of the pooled draws of s over [lo, hi],
// titled with its name; its y axis (a count) is hidden.
func marginalPanel(s series, lo, hi float64) *plot.Plot {
	all := pooled(s.draws)
	bins := max(5, min(marginalBins, len(all)/10))
	p := newPanel(s.label, s.label, "")
	hist := &plotter.Histogram{
		Bins:      histBins(all, lo, hi, bins),
		Width:     (hi - lo) / float64(bins),
		FillColor: marginalFill,
		LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.3)},
	}
	p.Add(hist)
	p.HideY()
	p.Y.Min = 0
	var top float64
	for _, b := range hist.Bins {
		top = math.Max(top, b.Weight)
	}
	p.Y.Max = top * 1.05
	return p
}

// Glyphs: many translucent small dots show where the mass is; divergent
// draws are larger and opaque so a few stand out. The marginal histograms
// are in the draws' colour, lighter.
var (
	drawGlyph      = draw.GlyphStyle{Color: drawColor, Radius: vg.Points(1.6), Shape: draw.CircleGlyph{}}
	divergentGlyph = draw.GlyphStyle{Color: divergentColor, Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
	marginalFill   = color.NRGBA{0x1f, 0x3b, 0x73, 0x90}
)
