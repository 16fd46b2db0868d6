package main

import (
	"cmp"
	"math"
	"slices"

	"github.com/bayes-dev/bayes/diagnostics"
)

// chainMoments is one quantity in one chain: its mean, its standard
// deviation (denominator n-1) and the Monte Carlo standard error of the
// mean (diagnostics.MCSEMean of the chain alone).
type chainMoments struct{ mean, sd, mcse float64 }

// momentsOf computes the chainMoments of each column, [column][chain].
func momentsOf(cols []diagnostics.Column) [][]chainMoments {
	out := make([][]chainMoments, len(cols))
	for k, col := range cols {
		out[k] = make([]chainMoments, len(col.Draws))
		for c, d := range col.Draws {
			one := [][]float64{d}
			out[k][c] = chainMoments{mean: diagnostics.Mean(one), sd: diagnostics.SD(one), mcse: diagnostics.MCSEMean(one)}
		}
	}
	return out
}

// The mode rule: two chains are in one mode when, for every quantity,
// their means differ by at most modeSDs pooled within-chain standard
// deviations plus modeMCSE joint Monte Carlo standard errors:
//
//	|m_a - m_b| <= modeSDs * W + modeMCSE * sqrt(mcse_a² + mcse_b²),
//	W = sqrt(mean over chains of sd_c²)
//
// and the modes are the groups of chains joined by such links (single
// linkage: a chain linked to two others puts all three in one mode, and
// the grouping does not depend on the order of the chains).
//
// Why 3 sds: chains in one mode differ in their means only by Monte Carlo
// error, W / sqrt(ESS of a chain), far below 3 W for any ESS worth the
// name (and the MCSE term covers chains whose ESS is tiny); two modes
// that a sampler's chains keep apart for 1000 iterations are separated by
// a low-density gap, so by several sds of each. A run that mixes slowly
// in one mode (a funnel, a ridge) thus shows as one mode with a high
// R-hat; a label-switched mixture, whose components trade places between
// chains by many sds, as two or more. W is the within-chain spread, the
// width of a mode, not the pooled spread, which a second mode inflates.
// The modes found are those the chains stay in: a chain that crosses
// between modes during its run (low_dim_gauss_mix_collapse's chain 1 at
// c15b158) has a wide sd of its own and joins the others; R-hat, shown
// beside the modes, is what shows it.
const (
	modeSDs  = 3
	modeMCSE = 4
)

// findModes groups the chains of q ([quantity][chain]) into modes by the
// mode rule; each mode lists its chains (0-based) in order, the modes in
// the order of their first chain. Quantities whose means or sds are not
// finite are left out; a chain's MCSE that is not finite (a chain that
// never moves) counts as 0.
func findModes(q [][]chainMoments) [][]int {
	if len(q) == 0 {
		return nil
	}
	chains := len(q[0])
	parent := make([]int, chains)
	for c := range parent {
		parent[c] = c
	}
	var root func(int) int
	root = func(c int) int {
		for parent[c] != c {
			c = parent[c]
		}
		return c
	}
	for a := range chains {
		for b := a + 1; b < chains; b++ {
			if root(a) != root(b) && linked(q, a, b) {
				ra, rb := root(a), root(b)
				parent[max(ra, rb)] = min(ra, rb)
			}
		}
	}
	var modes [][]int
	at := map[int]int{}
	for c := range chains {
		r := root(c)
		i, ok := at[r]
		if !ok {
			i = len(modes)
			at[r] = i
			modes = append(modes, nil)
		}
		modes[i] = append(modes[i], c)
	}
	return modes
}

// linked reports whether chains a and b are within the mode rule's reach
// of each other in every quantity.
func linked(q [][]chainMoments, a, b int) bool {
	for _, ch := range q {
		w := pooledSD(ch)
		x, y := ch[a], ch[b]
		if !finite(w) || !finite(x.mean) || !finite(y.mean) {
			continue
		}
		if math.Abs(x.mean-y.mean) > modeSDs*w+modeMCSE*math.Hypot(finiteOr0(x.mcse), finiteOr0(y.mcse)) {
			return false
		}
	}
	return true
}

// pooledSD is W, the root mean square of the chains' standard deviations.
func pooledSD(ch []chainMoments) float64 {
	var s float64
	for _, m := range ch {
		s += m.sd * m.sd
	}
	return math.Sqrt(s / float64(len(ch)))
}

func finiteOr0(x float64) float64 {
	if finite(x) {
		return x
	}
	return 0
}

// separation is how far apart the chains' means of a quantity lie, in
// pooled within-chain sds: (max mean - min mean) / W; 0 for a constant,
// +Inf for chains that are each constant at different values, NaN when a
// mean or sd is not finite.
func separation(ch []chainMoments) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, m := range ch {
		lo, hi = min(lo, m.mean), max(hi, m.mean)
	}
	w := pooledSD(ch)
	switch {
	case !finite(lo) || !finite(hi) || !finite(w):
		return math.NaN()
	case hi == lo:
		return 0
	case w == 0:
		return math.Inf(1)
	}
	return (hi - lo) / w
}

// mostSeparating returns the indices of the n quantities of q with the
// largest separation, largest first (ties in the order of q), leaving out
// those whose separation is not defined.
func mostSeparating(q [][]chainMoments, n int) []int {
	var idx []int
	sep := make([]float64, len(q))
	for k, ch := range q {
		if sep[k] = separation(ch); !math.IsNaN(sep[k]) {
			idx = append(idx, k)
		}
	}
	slices.SortStableFunc(idx, func(i, j int) int { return cmp.Compare(sep[j], sep[i]) })
	return idx[:min(n, len(idx))]
}

// modeMean is the mean of a quantity over a mode's chains (their draws
// pooled: every chain has as many).
func modeMean(ch []chainMoments, mode []int) float64 {
	var s float64
	for _, c := range mode {
		s += ch[c].mean
	}
	return s / float64(len(mode))
}
