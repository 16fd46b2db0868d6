package sampler

import "math"

// essGeyer estimates the effective sample size of one chain with Geyer's
// (1992) initial monotone sequence estimator on the autocorrelations; the
// statistical tests use it for Monte Carlo standard errors (and deliberately
// not the diagnostics package, which sits to the right of this one).
func essGeyer(x []float64) float64 {
	n := len(x)
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	acov := func(lag int) float64 {
		s := 0.0
		for i := 0; i+lag < n; i++ {
			s += (x[i] - mean) * (x[i+lag] - mean)
		}
		return s / float64(n)
	}
	c0 := acov(0)
	if c0 == 0 {
		return float64(n)
	}
	tau := -1.0 // sum of paired autocorrelations: tau = -1 + 2 sum Gamma_k
	prev := math.Inf(1)
	for k := 0; 2*k+1 < n; k++ {
		g := (acov(2*k) + acov(2*k+1)) / c0
		if g <= 0 {
			break
		}
		g = min(g, prev) // monotone
		prev = g
		tau += 2 * g
	}
	return float64(n) / max(tau, 1/math.Log10(float64(n)))
}

// meanMCSE returns the mean of all chains' draws and its Monte Carlo
// standard error sd/sqrt(ESS), with ESS summed over chains.
func meanMCSE(chains [][]float64) (mean, mcse float64) {
	n, ess := 0, 0.0
	for _, c := range chains {
		for _, v := range c {
			mean += v
		}
		n += len(c)
		ess += essGeyer(c)
	}
	mean /= float64(n)
	v := 0.0
	for _, c := range chains {
		for _, x := range c {
			v += (x - mean) * (x - mean)
		}
	}
	v /= float64(n - 1)
	return mean, math.Sqrt(v / ess)
}
