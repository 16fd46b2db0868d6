package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// binomial_lcdf and binomial_lccdf (Stan Functions Reference, "Binomial
// distribution"): P(X <= n) = I_{1-θ}(N-n, n+1) for 0 <= n < N (DLMF
// 8.17.5), 1 from n = N, so log F = LogIncBeta(N-n, n+1, 1-θ, θ) and
// log(1-F) = LogIncBeta(n+1, N-n, θ, 1-θ); n and N are ints, and
// ∂F/∂θ = -N C(N-1, n) θ^n (1-θ)^(N-1-n) = -(N-n)/(1-θ) pmf(n).
var binomialLcdf, binomialLccdf = cdfKernels("binomial", []library.Domain{library.Count, library.Count, library.Probability}, binomialLpmfKernel,
	func(n, trials, theta, _ float64, _ int) float64 { return binomialLogCDF(n, trials, theta, false) },
	func(n, trials, theta, _ float64, _ int) float64 { return binomialLogCDF(n, trials, theta, true) }, `
BAYES_FN bayes_real bayes_binomial_log_cdf(bayes_real n, bayes_real trials, bayes_real theta, int upper)
{
	if (n < 0) return upper ? 0 : -INFINITY;
	if (n >= trials) return upper ? -INFINITY : 0;
	if (upper) return bayes_log_inc_beta(n + 1, trials - n, theta, 1 - theta);
	return bayes_log_inc_beta(trials - n, n + 1, 1 - theta, theta);
}

BAYES_FN bayes_real bayes_binomial_lcdf(bayes_real n, bayes_real trials, bayes_real theta)
{
	return bayes_binomial_log_cdf(n, trials, theta, 0);
}`, `
BAYES_FN bayes_real bayes_binomial_lccdf(bayes_real n, bayes_real trials, bayes_real theta)
{
	return bayes_binomial_log_cdf(n, trials, theta, 1);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		return b.Neg(b.Div(b.Sub(xs[1], xs[0]), b.Sub(b.Const(1), xs[2])))
	})

// binomialLogCDF is log P(X <= n), or with upper log P(X > n), X ~
// binomial(N, θ).
func binomialLogCDF(n, trials, theta float64, upper bool) float64 {
	if lp, ok := outsideTrials(n, trials, upper); ok {
		return lp
	}
	if upper {
		return library.LogIncBeta(n+1, trials-n, theta, 1-theta)
	}
	return library.LogIncBeta(trials-n, n+1, 1-theta, theta)
}

// outsideTrials is log P(X <= n), or with upper log P(X > n), for an X on
// 0..N where n lies outside 0..N-1 (ok), where it is 0 or -Inf.
func outsideTrials(n, trials float64, upper bool) (lp float64, ok bool) {
	switch {
	case n < 0 && upper:
		return 0, true
	case n < 0:
		return math.Inf(-1), true
	case n >= trials && upper:
		return math.Inf(-1), true
	case n >= trials:
		return 0, true
	}
	return 0, false
}
