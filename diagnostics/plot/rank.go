package plot

import (
	"fmt"
	"image/color"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// rankBins is the number of histogram bins, as in the rank plots of
// Vehtari et al. (2021), fig. 4-6; fewer when chains are short, so that a
// bin expects at least 5 draws of a chain.
const rankBins = 20

// rankBand is the coverage of the grey band: the central interval of a
// chain's bin count when the ranks are uniform.
const rankBand = 0.99

// Rank draws one panel per quantity: the histogram of each chain's draws'
// ranks among the draws of all chains (Vehtari, Gelman, Simpson, Carpenter
// and Bürkner 2021, "Rank-normalization, folding, and localization",
// section 4.1). When the chains sample the same distribution the ranks of
// every chain are uniform: each histogram stays near the dashed line,
// n/bins, and inside the grey band, the central 99% interval of a
// Binomial(n, 1/bins) count. A chain stuck in a region shows a slope or a
// bump. Histograms are drawn as overlaid steps, chains coloured.
func Rank(r *Run, specs ...string) (*Figure, error) {
	ss, err := r.selectSeries(specs)
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	ss, note := capPanels(ss, "quantities")
	drawn, note := capChains(r.chains(), note, "the ranks are among them all.")
	n := r.iterations()
	bins := max(2, min(rankBins, n/5))
	expect := float64(n) / float64(bins)
	lo, hi := binomialInterval(n, 1/float64(bins), rankBand)
	panels := make([]*plot.Plot, len(ss))
	for k, s := range ss {
		total := float64(len(s.draws) * n)
		p := newPanel(s.panelTitle(), "rank (all chains pooled)", "draws per bin")
		band, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: lo}, {X: total, Y: lo}, {X: total, Y: hi}, {X: 0, Y: hi}})
		if err != nil {
			return nil, fmt.Errorf("rank: %s: %w", s.label, err)
		}
		band.Color, band.LineStyle.Width = bandColor, 0
		p.Add(band)
		for c, counts := range rankCounts(s.draws, bins)[:drawn] {
			pts := make(plotter.XYs, bins+1)
			for b := range pts {
				pts[b].X = total * float64(b) / float64(bins)
				pts[b].Y = float64(counts[min(b, bins-1)])
			}
			l, err := plotter.NewLine(pts)
			if err != nil {
				return nil, fmt.Errorf("rank: %s: %w", s.label, err)
			}
			l.StepStyle = plotter.PostStep
			l.LineStyle = chainLine(c, vg.Points(1.2), 0xe0)
			p.Add(l)
		}
		uniform, err := plotter.NewLine(plotter.XYs{{X: 0, Y: expect}, {X: total, Y: expect}})
		if err != nil {
			return nil, fmt.Errorf("rank: %s: %w", s.label, err)
		}
		uniform.LineStyle = uniformLine
		p.Add(uniform)
		p.X.Min, p.X.Max = 0, total
		p.Y.Min = 0
		panels[k] = p
	}
	legend := append(chainLegend(drawn),
		LegendEntry{Label: "uniform", Thumb: &plotter.Line{LineStyle: uniformLine}},
		LegendEntry{Label: fmt.Sprintf("%g%% if uniform", 100*rankBand), Thumb: &plotter.Polygon{Color: bandColor}})
	title := fmt.Sprintf("Rank histograms (%d bins)", bins)
	return newFigure(title, legend, note, panels), nil
}

var (
	uniformLine = draw.LineStyle{Color: refColor, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
	bandColor   = color.NRGBA{0xd0, 0xd0, 0xd0, 0xa0}
)

// rankCounts returns, for each chain, how many of its draws fall in each of
// bins equal bins of the pooled ranks 1..S. Ties get their average rank,
// as in the rank normalisation of Vehtari et al. (2021), eq. 14.
func rankCounts(draws [][]float64, bins int) [][]int {
	type item struct {
		x     float64
		chain int
	}
	var all []item
	for c, d := range draws {
		for _, x := range d {
			all = append(all, item{x, c})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].x < all[j].x })
	counts := make([][]int, len(draws))
	for c := range counts {
		counts[c] = make([]int, bins)
	}
	total := float64(len(all))
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].x == all[i].x {
			j++
		}
		rank := float64(i+j+1) / 2 // average of the ranks i+1..j
		b := min(bins-1, max(0, int((rank-1)*float64(bins)/total)))
		for _, it := range all[i:j] {
			counts[it.chain][b]++
		}
		i = j
	}
	return counts
}

// binomialInterval returns the central interval of probability at least
// cover of a Binomial(n, p) count: the cover/2 tail quantiles.
func binomialInterval(n int, p, cover float64) (lo, hi float64) {
	d := distuv.Binomial{N: float64(n), P: p}
	tail := (1 - cover) / 2
	lo, hi = 0, float64(n)
	for k := 0; k <= n; k++ {
		if d.CDF(float64(k)) >= tail {
			lo = float64(k)
			break
		}
	}
	for k := int(lo); k <= n; k++ {
		if d.CDF(float64(k)) >= 1-tail {
			hi = float64(k)
			break
		}
	}
	return lo, hi
}
