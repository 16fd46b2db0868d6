package diagnostics

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// splitChains copies draws into dst as 2m half-chains of n/2 iterations
// (Vehtari et al. 2021, section 3.1: split-R-hat). For an odd number of
// iterations the middle draw of each chain is dropped, as posterior's
// .split_chains does (it keeps 1:floor(n/2) and ceiling(n/2+1):n). A single
// iteration is not split.
func splitChains(dst []float64, draws [][]float64) (x []float64, m, n int) {
	chains, iters := checkChains(draws)
	if iters < 2 {
		x = grow(dst, chains*iters)
		for c, d := range draws {
			copy(x[c*iters:], d)
		}
		return x, chains, iters
	}
	half := iters / 2
	x = grow(dst, 2*chains*half)
	for c, d := range draws {
		copy(x[(2*c)*half:], d[:half])
		copy(x[(2*c+1)*half:], d[iters-half:])
	}
	return x, 2 * chains, half
}

// zScale replaces every value of x by its rank-normalised score
// Φ⁻¹((r - 3/8) / (S + 1/4)), where r is its rank among all S values with
// ties given their average rank (Vehtari et al. 2021, section 4.1;
// the 3/8 offset is Blom's 1958). It reports false, leaving x unspecified,
// when x holds a NaN, whose rank is undefined; infinities rank normally.
func (w *workspace) zScale(x []float64) bool {
	s := len(x)
	w.order = grow(w.order, s)
	for i, v := range x {
		if math.IsNaN(v) {
			return false
		}
		w.order[i] = ranked{v, int32(i)}
	}
	// Sorting (value, index) pairs keeps the comparisons in cache; NaN is
	// excluded above, so plain < is a total order.
	slices.SortFunc(w.order, func(a, b ranked) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	denom := float64(s) + 0.25
	// Walk runs of equal values; each gets the average of ranks lo+1..hi.
	for lo := 0; lo < s; {
		v := w.order[lo].v
		hi := lo + 1
		for hi < s && w.order[hi].v == v {
			hi++
		}
		r := float64(lo+1+hi) / 2
		z := distuv.UnitNormal.Quantile((r - 0.375) / denom)
		for _, o := range w.order[lo:hi] {
			x[o.i] = z
		}
		lo = hi
	}
	return true
}

// ranked is a value and its position, for ranking.
type ranked struct {
	v float64
	i int32
}

// foldInPlace replaces every value v of x by |v - median|, where median is
// that of all draws before splitting (Vehtari et al. 2021, section 4.2,
// folded split-R-hat), as posterior's fold_draws. Folding elementwise after
// the split is the same as folding before it.
func foldInPlace(x []float64, median float64) {
	for i, v := range x {
		x[i] = math.Abs(v - median)
	}
}

// returnsNA mirrors posterior's should_return_NA: a diagnostic is undefined
// when any value is NaN or infinite, or all values are equal to within
// machine epsilon (is_constant).
func returnsNA(x []float64) bool {
	if len(x) == 0 {
		return true
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return true
		}
		lo = min(lo, v)
		hi = max(hi, v)
	}
	return math.Abs(hi-lo) < 0x1p-52
}
