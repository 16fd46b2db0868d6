package plot

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// densityPoints is the number of grid points a density curve is evaluated at.
const densityPoints = 200

// Density draws one panel per quantity: a kernel density estimate of each
// chain's draws, overlaid and coloured by chain. Chains that sample the same
// distribution give curves that agree up to noise. The estimate uses a
// Gaussian kernel with Silverman's bandwidth (see silverman), evaluated
// on a grid that spans the pooled draws plus three bandwidths each side.
func Density(r *Run, specs ...string) (*Figure, error) {
	ss, err := r.selectSeries(specs)
	if err != nil {
		return nil, fmt.Errorf("density: %w", err)
	}
	ss, note := capPanels(ss, "quantities")
	drawn, note := capChains(r.chains(), note, "")
	panels := make([]*plot.Plot, len(ss))
	for k, s := range ss {
		p := newPanel(s.panelTitle(), s.label, "density")
		all := pooled(s.draws)
		draws := s.draws[:drawn]
		hs := make([]float64, drawn)
		lo, hi := math.Inf(1), math.Inf(-1)
		for c, d := range draws {
			hs[c] = silverman(d)
			if hs[c] == 0 {
				// A constant chain: its density is a spike, drawn as a
				// narrow bump a thousandth of the pooled range (or of 1) wide.
				hs[c] = 1e-3 * math.Max(spread(all), 1)
			}
			dlo, dhi := spreadRange(d)
			lo, hi = math.Min(lo, dlo-3*hs[c]), math.Max(hi, dhi+3*hs[c])
		}
		grid := make([]float64, densityPoints)
		for i := range grid {
			grid[i] = lo + (hi-lo)*float64(i)/float64(densityPoints-1)
		}
		for c, d := range draws {
			l, err := plotter.NewLine(xys(grid, kde(grid, d, hs[c])))
			if err != nil {
				return nil, fmt.Errorf("density: %s: %w", s.label, err)
			}
			l.LineStyle = chainLine(c, vg.Points(1.2), 0xe0)
			p.Add(l)
		}
		p.Y.Min = 0
		panels[k] = p
	}
	title := "Marginal density by chain (Gaussian kernel, Silverman bandwidth)"
	return newFigure(title, chainLegend(drawn), note, panels), nil
}

// kde returns the Gaussian kernel density estimate of the draws x with
// bandwidth h at each grid point g: (1/(n h)) Σ φ((g - x_i)/h).
func kde(grid, x []float64, h float64) []float64 {
	out := make([]float64, len(grid))
	norm := 1 / (float64(len(x)) * h * math.Sqrt(2*math.Pi))
	for i, g := range grid {
		var sum float64
		for _, xi := range x {
			u := (g - xi) / h
			sum += math.Exp(-0.5 * u * u)
		}
		out[i] = sum * norm
	}
	return out
}

// silverman returns Silverman's rule-of-thumb bandwidth for a Gaussian
// kernel (Silverman 1986, "Density Estimation for Statistics and Data
// Analysis", eq. 3.31): 0.9 min(sd, IQR/1.34) n^(-1/5), with sd the sample
// standard deviation (denominator n-1) and IQR from type-7 quantiles.
// When the IQR is 0 (over half the draws tied) the sd is used alone.
// Special cases: fewer than two draws or constant draws give 0.
func silverman(x []float64) float64 {
	n := len(x)
	if n < 2 {
		return 0
	}
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(n-1))
	sorted := append([]float64(nil), x...)
	sort.Float64s(sorted)
	a := sd
	if iqr := quantile7(sorted, 0.75) - quantile7(sorted, 0.25); iqr > 0 {
		a = math.Min(sd, iqr/1.34)
	}
	return 0.9 * a * math.Pow(float64(n), -0.2)
}

// quantile7 is the type-7 quantile (R's default, numpy's linear) of sorted.
func quantile7(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	i := int(math.Floor(h))
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// spreadRange returns the smallest and largest of x.
func spreadRange(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo, hi
}

// spread is the range of x, max - min.
func spread(x []float64) float64 {
	lo, hi := spreadRange(x)
	return hi - lo
}
