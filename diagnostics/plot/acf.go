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

// MaxLag is the largest lag the autocorrelation plot shows.
const MaxLag = 50

// Autocorrelation draws one panel per quantity: the autocorrelation of
// each chain at lags 0..MaxLag (fewer for short chains), a line per chain.
// Slowly decaying autocorrelation means few effective draws; the
// effective sample size (diagnostics.ESSBulk) sums these curves (Stan
// Reference Manual, "Effective sample size"). A constant chain has no
// autocorrelation and is left out of its panel.
func Autocorrelation(r *Run, specs ...string) (*Figure, error) {
	ss, err := r.selectSeries(specs)
	if err != nil {
		return nil, fmt.Errorf("autocorrelation: %w", err)
	}
	if r.iterations() < 2 {
		return nil, fmt.Errorf("autocorrelation: chains have %d draw; need at least 2", r.iterations())
	}
	ss, note := capPanels(ss, "quantities")
	drawn, note := capChains(r.chains(), note, "")
	maxLag := min(MaxLag, r.iterations()-1)
	panels := make([]*plot.Plot, len(ss))
	for k, s := range ss {
		p := newPanel(s.panelTitle(), "lag", "autocorrelation")
		zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: float64(maxLag), Y: 0}})
		if err != nil {
			return nil, fmt.Errorf("autocorrelation: %s: %w", s.label, err)
		}
		zero.LineStyle = draw.LineStyle{Color: color.Gray{0x90}, Width: vg.Points(0.6)}
		p.Add(zero)
		for c, d := range s.draws[:drawn] {
			rho := acf(d, maxLag)
			if math.IsNaN(rho[0]) {
				continue
			}
			l, err := plotter.NewLine(xys(nil, rho))
			if err != nil {
				return nil, fmt.Errorf("autocorrelation: %s: %w", s.label, err)
			}
			l.LineStyle = chainLine(c, vg.Points(1.2), 0xd0)
			p.Add(l)
		}
		p.X.Min, p.X.Max = 0, float64(maxLag)
		p.Y.Max = 1
		p.Y.Min = math.Min(p.Y.Min, -0.2)
		panels[k] = p
	}
	title := fmt.Sprintf("Autocorrelation by chain (lags 0-%d)", maxLag)
	return newFigure(title, chainLegend(drawn), note, panels), nil
}

// acf returns the sample autocorrelation of x at lags 0..maxLag,
//
//	ρ_t = Σ_{i=1}^{n-t} (x_i - x̄)(x_{i+t} - x̄) / Σ_{i=1}^{n} (x_i - x̄)²,
//
// the biased estimator Stan and Geyer (1992) use, which keeps the sequence
// positive definite. Special case: a constant x gives NaN at every lag.
func acf(x []float64, maxLag int) []float64 {
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var den float64
	for _, v := range x {
		den += (v - mean) * (v - mean)
	}
	out := make([]float64, maxLag+1)
	for t := range out {
		if den == 0 {
			out[t] = math.NaN()
			continue
		}
		var num float64
		for i := 0; i+t < len(x); i++ {
			num += (x[i] - mean) * (x[i+t] - mean)
		}
		out[t] = num / den
	}
	return out
}
