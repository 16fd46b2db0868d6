package plot

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"

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
// tails; the subtitle gives each chain's E-BFMI (diagnostics.EBFMI) and
// marks those below diagnostics.LowEBFMI (ebfmiItems). The run must have energies (Run.Energy).
func Energy(r *Run) (*Figure, error) {
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("energy: %w", err)
	}
	if r.Energy == nil {
		return nil, errors.New("energy: the run has no energy__ values")
	}
	var marginal, transition plotter.Values
	bfmi := make([]float64, len(r.Energy))
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
		bfmi[c] = diagnostics.EBFMI(e)
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
	f := newFigure("Energy", legend, "", []*plot.Plot{p})
	f.Subtitle = ebfmiItems(bfmi)
	return f, nil
}

// maxListedEBFMI is how many chains the energy plot names with their
// E-BFMI: every chain up to this many, else the lowest this many (as
// many as the chain legend names).
const maxListedEBFMI = 10

// ebfmiItems are the subtitle items of the energy plot: "E-BFMI by
// chain:" and "1: 0.23 (low)" for each chain, those below
// diagnostics.LowEBFMI marked. Past maxListedEBFMI chains (a GPU run has
// thousands, whose list once filled the figure and left no room for the
// plot) it counts the low chains, gives the median, and names the lowest
// maxListedEBFMI, lowest first, as the warning does.
func ebfmiItems(bfmi []float64) []string {
	item := func(c int) string {
		s := fmt.Sprintf("%d: %.2f", c+1, bfmi[c])
		if bfmi[c] < diagnostics.LowEBFMI {
			s += " (low)"
		}
		return s
	}
	chains := make([]int, len(bfmi))
	for c := range chains {
		chains[c] = c
	}
	if len(bfmi) <= maxListedEBFMI {
		items := []string{"E-BFMI by chain:"}
		for _, c := range chains {
			items = append(items, item(c))
		}
		return items
	}
	// NaN (a constant energy) sorts last and is left out of the median:
	// it is undefined, not low.
	key := func(c int) float64 {
		if math.IsNaN(bfmi[c]) {
			return math.Inf(1)
		}
		return bfmi[c]
	}
	slices.SortStableFunc(chains, func(a, b int) int { return cmp.Compare(key(a), key(b)) })
	low := 0
	var sorted []float64
	for _, c := range chains {
		if b := bfmi[c]; !math.IsNaN(b) {
			sorted = append(sorted, b)
		}
		if bfmi[c] < diagnostics.LowEBFMI {
			low++
		}
	}
	median := math.NaN()
	if len(sorted) > 0 {
		median = quantile7(sorted, 0.5)
	}
	items := []string{fmt.Sprintf("E-BFMI below %g in %d of %d chains, median %.2f; the lowest by chain:",
		diagnostics.LowEBFMI, low, len(bfmi), median)}
	for _, c := range chains[:maxListedEBFMI] {
		items = append(items, item(c))
	}
	return items
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
