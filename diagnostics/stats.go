package diagnostics

import (
	"fmt"
	"math"
	"slices"
)

// checkChains panics when draws is ragged. Every caller inside bayes builds
// draws with chains of equal length, so a ragged slice is a broken invariant,
// not a user error; Summarize checks user-supplied columns and returns an
// error instead.
func checkChains(draws [][]float64) (chains, iters int) {
	chains = len(draws)
	if chains == 0 {
		return 0, 0
	}
	iters = len(draws[0])
	for c, d := range draws {
		if len(d) != iters {
			panic(fmt.Sprintf("diagnostics: chain %d has %d draws, chain 0 has %d", c, len(d), iters))
		}
	}
	return chains, iters
}

// Mean returns the mean of all draws pooled over chains (NaN for no draws).
func Mean(draws [][]float64) float64 {
	checkChains(draws)
	return poolMean(draws)
}

// SD returns the standard deviation (denominator n-1) of all draws pooled
// over chains, as R's sd(). It is NaN for fewer than two draws.
func SD(draws [][]float64) float64 {
	checkChains(draws)
	return poolSD(draws)
}

// Median returns the median of all draws pooled over chains: the middle
// order statistic, or the mean of the two middle ones, as R's median().
func Median(draws [][]float64) float64 {
	checkChains(draws)
	return medianSorted(pooledSorted(nil, draws))
}

// Quantile returns the type-7 quantile (R's default, numpy's "linear") of all
// draws pooled over chains, for p in [0, 1]. NaN draws give NaN.
func Quantile(draws [][]float64, p float64) float64 {
	checkChains(draws)
	return quantileSorted(pooledSorted(nil, draws), p)
}

func poolMean(draws [][]float64) float64 {
	var sum float64
	n := 0
	for _, d := range draws {
		for _, v := range d {
			sum += v
		}
		n += len(d)
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// poolSD uses two passes (mean, then squared deviations) for accuracy.
func poolSD(draws [][]float64) float64 {
	return poolSDAbout(draws, poolMean(draws))
}

// poolSDAbout is poolSD given the mean, poolMean(draws).
func poolSDAbout(draws [][]float64, mean float64) float64 {
	var ss float64
	n := 0
	for _, d := range draws {
		for _, v := range d {
			ss += (v - mean) * (v - mean)
		}
		n += len(d)
	}
	if n < 2 {
		return math.NaN()
	}
	return math.Sqrt(ss / float64(n-1))
}

// pooledSorted copies all draws into dst (reusing its storage) and sorts
// them ascending. NaNs sort first, as slices.Sort orders them.
func pooledSorted(dst []float64, draws [][]float64) []float64 {
	dst = dst[:0]
	for _, d := range draws {
		dst = append(dst, d...)
	}
	slices.Sort(dst)
	return dst
}

// sortPool sets w.sorted to all draws in ascending order, as pooledSorted,
// by the radix sort of rank when there is no NaN. It overwrites w's ranking
// (w.sv, w.si).
func (w *workspace) sortPool(draws [][]float64) {
	w.sorted = w.sorted[:0]
	for _, d := range draws {
		w.sorted = append(w.sorted, d...)
	}
	if w.rank(w.sorted) {
		copy(w.sorted, w.sv)
	} else {
		slices.Sort(w.sorted)
	}
}

func hasNaN(sorted []float64) bool {
	return len(sorted) > 0 && math.IsNaN(sorted[0])
}

func medianSorted(x []float64) float64 {
	n := len(x)
	if n == 0 || hasNaN(x) {
		return math.NaN()
	}
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}

// quantileSorted is Hyndman and Fan's (1996) type 7 on sorted x, computed as
// R's quantile.default does: index = 1 + (n-1)p, and where index is not an
// integer and the neighbours differ, (1-h) x[lo] + h x[hi]. The exact form
// matters because ess_tail compares draws against this value.
func quantileSorted(x []float64, p float64) float64 {
	n := len(x)
	if n == 0 || hasNaN(x) || math.IsNaN(p) {
		return math.NaN()
	}
	index := float64(n-1) * p // 0-based
	lo := math.Floor(index)
	hi := math.Ceil(index)
	q := x[int(lo)]
	if index > lo && x[int(hi)] != q {
		h := index - lo
		q = (1-h)*q + h*x[int(hi)]
	}
	return q
}
