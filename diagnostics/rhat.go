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
	var m, n int
	w.x, m, n = splitChains(w.x, draws)
	return w.rhatCore(w.x, m, n)
}

// rhat needs the median of all draws, for folding.
func (w *workspace) rhat(draws [][]float64, median float64) float64 {
	var m, n int
	w.x, m, n = splitChains(w.x, draws)
	if !w.rank(w.x) {
		return math.NaN()
	}
	w.z = grow(w.z, len(w.x))
	w.zFromOrder(w.z, w.sv, w.si)
	return w.rhatFolded(m, n, median, w.rhatCore(w.z, m, n))
}

// rhatFolded finishes rhat given the R-hat of the rank-normalised split
// chains (bulk) and their order (w.rank): it ranks the folded chains by
// merging (foldSorted), overwriting w.z with their scores.
func (w *workspace) rhatFolded(m, n int, median, bulk float64) float64 {
	if !w.foldSorted(w.sv, w.si, median) {
		return math.NaN()
	}
	w.zFromOrder(w.z, w.fv, w.fi)
	tail := w.rhatCore(w.z, m, n)
	if math.IsNaN(bulk) || math.IsNaN(tail) {
		return math.NaN()
	}
	return max(bulk, tail)
}

// rhatCore is the potential scale reduction of m chains of n iterations
// stored flat in x (BDA3 section 11.4; Vehtari et al. 2021, section 3.1):
//
//	R̂ = sqrt(((n-1)/n W + B/n) / W) = sqrt((B/W + n - 1) / n)
//
// with B = n·var(chain means) and W = mean of the chain variances.
func (w *workspace) rhatCore(x []float64, m, n int) float64 {
	if n < 2 || m < 2 || returnsNA(x) {
		return math.NaN()
	}
	w.means = grow(w.means, m)
	var within float64
	for c := range m {
		chain := x[c*n : (c+1)*n]
		within += variance(chain)
		var s float64
		for _, v := range chain {
			s += v
		}
		w.means[c] = s / float64(n)
	}
	within /= float64(m)
	between := float64(n) * variance(w.means)
	fn := float64(n)
	return math.Sqrt((between/within + fn - 1) / fn)
}
