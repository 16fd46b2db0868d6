package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"

	"github.com/bayes-dev/bayes/diagnostics"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// energyBins is the number of bins of each energy histogram.
const energyBins = 40

// Energy draws, in one panel, the histograms of the marginal energy E - Ē
// and of the energy transitions E_n - E_{n-1}, pooled over the chains,
// normalised to unit area (Betancourt 2017, "A Conceptual Introduction to
// Hamiltonian Monte Carlo", section 6.1, fig. 33-34). When the transition
// histogram is much narrower than the marginal one, momentum resampling
// moves through the energy levels slowly and the sampler may not reach the
// tails; the title gives each chain's E-BFMI (diagnostics.EBFMI) and marks
// those below diagnostics.LowEBFMI. The run must have energies (Run.Energy).
func Energy(r *Run) (*Figure, error) {
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("energy: %w", err)
	}
	if r.Energy == nil {
		return nil, errors.New("energy: the run has no energy__ values")
	}
	var marginal, transition plotter.Values
	var bfmi []string
	for c, e := range r.Energy {
		var mean float64
		for i, x := range e {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("energy: energy__ %d of chain %d is %v; only finite energies can be plotted", i+1, c+1, x)
			}
			mean += x
		}
		mean /= float64(len(e))
		for i, x := range e {
			marginal = append(marginal, x-mean)
			if i > 0 {
				transition = append(transition, x-e[i-1])
			}
		}
		b := diagnostics.EBFMI(e)
		mark := ""
		if b < diagnostics.LowEBFMI {
			mark = " (low)"
		}
		bfmi = append(bfmi, fmt.Sprintf("%d: %.2f%s", c+1, b, mark))
	}
	if len(transition) == 0 {
		return nil, errors.New("energy: need at least two draws per chain for energy transitions")
	}
	p := newPanel("", "energy (centered)", "density")
	lo, hi := spreadRange(marginal)
	tlo, thi := spreadRange(transition)
	lo, hi = math.Min(lo, tlo), math.Max(hi, thi)
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	for _, h := range []struct {
		v     plotter.Values
		color color.Color
	}{{marginal, marginalColor}, {transition, transitionColor}} {
		hist := &plotter.Histogram{
			Bins:      histBins(h.v, lo, hi, energyBins),
			Width:     (hi - lo) / energyBins,
			FillColor: h.color,
			LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.3)},
		}
		hist.Normalize(1)
		p.Add(hist)
	}
	legend := []LegendEntry{
		{Label: "marginal energy E - mean(E)", Thumb: &plotter.Polygon{Color: marginalColor}},
		{Label: "energy transition E(n) - E(n-1)", Thumb: &plotter.Polygon{Color: transitionColor}},
	}
	title := "Energy\nE-BFMI by chain   " + wrapList(bfmi, 6)
	return newFigure(title, legend, "", []*plot.Plot{p}), nil
}

// Translucent fills, so the overlap of the two histograms shows.
var (
	marginalColor   = color.NRGBA{0x4e, 0x79, 0xa7, 0x90}
	transitionColor = color.NRGBA{0xf2, 0x8e, 0x2b, 0x90}
)

// histBins counts v in n equal bins over [lo, hi]; hi falls in the last bin.
func histBins(v []float64, lo, hi float64, n int) []plotter.HistogramBin {
	bins := make([]plotter.HistogramBin, n)
	w := (hi - lo) / float64(n)
	for i := range bins {
		bins[i].Min, bins[i].Max = lo+float64(i)*w, lo+float64(i+1)*w
	}
	for _, x := range v {
		bins[min(n-1, max(0, int((x-lo)/w)))].Weight++
	}
	return bins
}

// wrapList joins items with "  ", starting a new line every perLine items.
func wrapList(items []string, perLine int) string {
	var b strings.Builder
	for i, s := range items {
		switch {
		case i == 0:
		case i%perLine == 0:
			b.WriteString("\n")
		default:
			b.WriteString("   ")
		}
		b.WriteString(s)
	}
	return b.String()
}
