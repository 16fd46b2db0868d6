package plot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// maxTracePoints caps the points of each chain's line in a trace panel:
// a 3-inch panel is under 300 pixels wide, and 8 chains of 5000 draws
// drawn in full fill it as one solid block, hiding the chains' wander.
// Longer chains are thinned, every k-th draw kept (traceStep).
const maxTracePoints = 150

// traceStep is k, the thinning of a trace of n draws per chain: the
// smallest that keeps at most maxTracePoints of them.
func traceStep(n int) int { return max(1, (n+maxTracePoints-1)/maxTracePoints) }

// Trace draws one panel per quantity: the draws of each chain against the
// iteration, chains coloured. Well-mixed chains overlap as one band
// ("hairy caterpillar"); a chain stuck or drifting stands out. Chains
// longer than maxTracePoints are thinned (traceStep), as the title says;
// the divergent draws, all of them, are marked as a red rug under the
// lines at their iterations (as ArviZ's plot_trace does), so that a
// stretch of iterations where a chain diverges stands out. specs choose
// the quantities (see Run.selectSeries); none means all, capped at
// MaxPanels.
func Trace(r *Run, specs ...string) (*Figure, error) {
	ss, err := r.selectSeries(specs)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	ss, note := capPanels(ss, "quantities")
	drawn, note := capChains(r.chains(), note, "")
	width, alpha := vg.Points(0.8), uint8(0xc0)
	if drawn > 4 {
		alpha = 0x90
	}
	step := traceStep(r.iterations())
	rug := r.divergentIterations(drawn)
	panels := make([]*plot.Plot, len(ss))
	for k, s := range ss {
		p := newPanel(s.label, "iteration", "value")
		lo, hi := math.Inf(1), math.Inf(-1)
		for c, d := range s.draws[:drawn] {
			pts := thinned(d, step)
			for _, pt := range pts {
				lo, hi = math.Min(lo, pt.Y), math.Max(hi, pt.Y)
			}
			l, err := plotter.NewLine(pts)
			if err != nil {
				return nil, fmt.Errorf("trace: %s: %w", s.label, err)
			}
			l.LineStyle = chainLine(c, width, alpha)
			p.Add(l)
		}
		if len(rug) > 0 {
			// The rug lies in a strip below the lowest draw drawn.
			span := hi - lo
			if span == 0 {
				span = math.Max(1, math.Abs(lo))
			}
			y := lo - 0.06*span
			pts := make(plotter.XYs, len(rug))
			for i, x := range rug {
				pts[i] = plotter.XY{X: x, Y: y}
			}
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("trace: %s: %w", s.label, err)
			}
			sc.GlyphStyle = rugGlyph
			p.Add(sc)
			p.Y.Min = lo - 0.1*span
		}
		panels[k] = p
	}
	title := fmt.Sprintf("Trace (%d chains, %d draws each)", r.chains(), r.iterations())
	if step > 1 {
		title = fmt.Sprintf("Trace (%d chains, %d draws each, every %s drawn)", r.chains(), r.iterations(), ordinal(step))
	}
	legend := chainLegend(drawn)
	if len(rug) > 0 {
		// The rug's bars are translucent, so that their density shows;
		// the legend's is opaque, so that it shows at all.
		thumb := draw.GlyphStyle{Color: divergentColor, Radius: vg.Points(6), Shape: barGlyph{}}
		legend = append(legend, LegendEntry{Label: "divergent", Thumb: &plotter.Scatter{GlyphStyle: thumb}})
	}
	return newFigure(title, legend, note, panels), nil
}

// thinned is the trace of one chain, every step-th draw from the first,
// at its iteration.
func thinned(d []float64, step int) plotter.XYs {
	pts := make(plotter.XYs, 0, (len(d)+step-1)/step)
	for i := 0; i < len(d); i += step {
		pts = append(pts, plotter.XY{X: float64(i), Y: d[i]})
	}
	return pts
}

// divergentIterations are the iterations of the divergent draws of the
// first chains chains, chain after chain; none when they are unknown.
func (r *Run) divergentIterations(chains int) []float64 {
	var out []float64
	for _, d := range r.Divergent[:min(len(r.Divergent), chains)] {
		for i, div := range d {
			if div {
				out = append(out, float64(i))
			}
		}
	}
	return out
}

// rugGlyph marks a divergent draw in the trace: a short thin vertical
// bar, translucent red, so that where a run diverges often the rug is
// solid and where it diverges rarely single bars show.
var rugGlyph = draw.GlyphStyle{Color: color.NRGBA{0xd6, 0x27, 0x28, 0x60}, Radius: vg.Points(2.5), Shape: barGlyph{}}

// barGlyph is a vertical bar as tall as the glyph's diameter and a
// quarter of its radius wide.
type barGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (barGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: sty.Radius / 4})
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y - sty.Radius})
	p.Line(vg.Point{X: pt.X, Y: pt.Y + sty.Radius})
	c.Stroke(p)
}

// ordinal is "2nd", "3rd", "20th", "21st", for the thinning in a title.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
