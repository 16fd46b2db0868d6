package loo

import (
	"cmp"
	"math"
	"slices"
)

// tailLength is how many of S draws the Pareto fit uses: the largest
// M = ceil(min(0.2 S, 3 sqrt(S/r_eff))) importance ratios (Vehtari et al.
// 2024, section 3; loo's n_pareto), r_eff being the relative efficiency of
// the draws.
func tailLength(s int, rEff float64) int {
	return int(math.Ceil(math.Min(0.2*float64(s), 3*math.Sqrt(float64(s)/rEff))))
}

// minTail is the fewest tail draws a Pareto fit is tried on; with fewer,
// k is +Inf and the weights are only truncated (loo's enough_tail_samples).
const minTail = 5

// psis smooths the log importance ratios of one observation (Vehtari et al.
// 2024, "Pareto smoothed importance sampling", algorithm 1, as loo's
// do_psis_i): the M largest ratios are replaced by the expected order
// statistics of a generalized Pareto distribution fitted to them, and
// every ratio is truncated at the largest raw one. It writes the
// unnormalised log weights into lw (len(logRatios)) and returns the
// estimated shape k, the diagnostic: +Inf when the tail is too short to
// fit or all its values are equal.
//
// Ties in the ratios keep their draw order (R's sort.int is stable), so
// repeated draws of a stuck chain get the same smoothed values as in loo.
func psis(lw, logRatios []float64, rEff float64) float64 {
	s := len(logRatios)
	mx := slices.Max(logRatios)
	for i, v := range logRatios {
		lw[i] = v - mx // shifted for safe exponentiation
	}
	k := math.Inf(1)
	m := tailLength(s, rEff)
	if m >= minTail {
		order := make([]int, s)
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(lw[a], lw[b]) })
		tail := make([]float64, m)
		for j := range tail {
			tail[j] = lw[order[s-m+j]]
		}
		if math.Abs(tail[m-1]-tail[0]) >= epsilon/100 {
			cutoff := lw[order[s-m-1]] // the largest ratio below the tail
			smoothed, kt := smoothTail(tail, cutoff)
			for j, v := range smoothed {
				lw[order[s-m+j]] = v
			}
			k = kt
		}
	}
	for i, v := range lw {
		lw[i] = math.Min(v, 0) + mx // truncate at the largest raw ratio, then shift back
	}
	return k
}

// epsilon is R's .Machine$double.eps, 2^-52.
const epsilon = 0x1p-52

// smoothTail fits a generalized Pareto distribution to exp(x) - exp(cutoff)
// for the ascending log ratios x of the tail, and returns the logs of its
// expected order statistics, quantiles (j - 0.5)/M shifted back by
// exp(cutoff), with the fitted k. When k is not finite the tail is
// returned as it was (loo's psis_smooth_tail).
func smoothTail(x []float64, cutoff float64) ([]float64, float64) {
	expCut := math.Exp(cutoff)
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Exp(v) - expCut
	}
	k, sigma := gpdFit(y)
	if math.IsInf(k, 0) {
		return x, k
	}
	out := make([]float64, len(x))
	n := float64(len(x))
	for i := range out {
		p := (float64(i+1) - 0.5) / n
		out[i] = math.Log(gpdQuantile(p, k, sigma) + expCut)
	}
	return out, k
}
