package diagnostics

import "math"

// Rhat returns the rank-normalised split R-hat: the larger of the R-hat of
// the rank-normalised split chains (bulk) and of the rank-normalised folded
// split chains |x - median| (tail), Vehtari et al. 2021, sections 4.1 and
// 4.2, as posterior's rhat. Values above 1.01 suggest the chains have not
// mixed.
//
// Special cases: NaN draws give NaN; constant draws give NaN (posterior's
// NA); fewer than 4 iterations per chain give NaN (a half chain of one draw
// has no variance). Infinite draws rank normally and give a finite R-hat,
// as in posterior.
func Rhat(draws [][]float64) float64 {
	w := getWorkspace()
	defer putWorkspace(w)
	w.sortPool(draws)
	return w.rhat(draws, medianSorted(w.sorted))
}

// RhatBasic returns the classic split R-hat of the untransformed draws
// (Gelman et al. 2013, BDA3 section 11.4; posterior's rhat_basic), for
// comparison with older tools. NaN for NaN, infinite or constant draws.
func RhatBasic(draws [][]float64) float64 {
	w := getWorkspace()
	defer putWorkspace(w)
	return w.rhatCore(splitSeries(seriesSplit, draws, 0))
}

// rhat needs the median of all draws, for folding.
func (w *workspace) rhat(draws [][]float64, median float64) float64 {
	split := splitSeries(seriesSplit, draws, 0)
	if !w.rankSeries(&split) {
		return math.NaN()
	}
	return w.rhatFolded(split.m, split.n, median, w.rhatCore(w.zSeries(split.m, split.n)))
}

// rhatFolded finishes rhat given the R-hat of the rank-normalised split
// chains (bulk) and their order (w.rank): it ranks the folded chains by
// merging (foldSorted), overwriting w.z with their scores.
func (w *workspace) rhatFolded(m, n int, median, bulk float64) float64 {
	if !w.foldSorted(w.sv, w.si, median) {
		return math.NaN()
	}
	w.zFromOrder(w.z, w.fv, w.fi)
	tail := w.rhatCore(flatSeries(w.z, m, n))
	if math.IsNaN(bulk) || math.IsNaN(tail) {
		return math.NaN()
	}
	return max(bulk, tail)
}

// squaredDeviations returns Σ (a_i - ma)² and Σ (b_i - mb)², each added in
// order as variance adds it, two chains at once as chainRanges.
func squaredDeviations(a []float64, ma float64, b []float64, mb float64) (float64, float64) {
	b = b[:len(a)]
	var sa, sb float64
	for i, u := range a {
		v := b[i]
		sa += (u - ma) * (u - ma)
		sb += (v - mb) * (v - mb)
	}
	return sa, sb
}

// rhatCore is the potential scale reduction of m chains of n iterations
// stored flat in x (BDA3 section 11.4; Vehtari et al. 2021, section 3.1):
//
//	R̂ = sqrt(((n-1)/n W + B/n) / W) = sqrt((B/W + n - 1) / n)
//
// with B = n·var(chain means) and W = mean of the chain variances. It is
// NaN when returnsNA of all values, which the same pass checks.
func (w *workspace) rhatCore(x series) float64 {
	m, n := x.m, x.n
	if n < 2 || m < 2 {
		return math.NaN()
	}
	w.means = grow(w.means, m)
	w.buf, w.buf2 = grow(w.buf, n), grow(w.buf2, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	var within float64
	// Two chains at a time, as chainRanges; within adds their variances
	// (variance, the same operations) in order.
	for c := 0; c < m; c += 2 {
		d := min(2, m-c)
		a, b := x.chain(c, w.buf), x.chain(c+d-1, w.buf2)
		ra, rb := chainRanges(a, b)
		if !ra.finite() || !rb.finite() {
			return math.NaN()
		}
		lo, hi = min(lo, ra.lo, rb.lo), max(hi, ra.hi, rb.hi)
		ma, mb := ra.sum/float64(n), rb.sum/float64(n)
		va, vb := squaredDeviations(a, ma, b, mb)
		within += va / float64(n-1)
		w.means[c] = ma
		if d == 2 {
			within += vb / float64(n-1)
			w.means[c+1] = mb
		}
	}
	if math.Abs(hi-lo) < 0x1p-52 {
		return math.NaN()
	}
	within /= float64(m)
	between := float64(n) * variance(w.means)
	fn := float64(n)
	return math.Sqrt((between/within + fn - 1) / fn)
}
