package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// poisson_lcdf and poisson_lccdf (Stan Functions Reference, "Poisson
// distribution"): P(X <= n) = Q(n+1, λ) (DLMF 8.4.10), so log F and
// log(1-F) are LogIncGamma's two tails at a = n+1; n is an int, and
// ∂F/∂λ = -pmf(n).
var poissonLcdf, poissonLccdf = cdfKernels("poisson", []library.Domain{library.Count, library.Positive}, poissonLpmfKernel,
	func(n, lambda, _, _ float64, _ int) float64 { return poissonLogCDF(n, lambda, false) },
	func(n, lambda, _, _ float64, _ int) float64 { return poissonLogCDF(n, lambda, true) }, `
BAYES_FN bayes_real bayes_poisson_log_cdf(bayes_real n, bayes_real lambda, int upper)
{
	if (n < 0) return upper ? 0 : -BAYES_INF;
	return bayes_log_inc_gamma(n + 1, lambda, !upper);
}

BAYES_FN bayes_real bayes_poisson_lcdf(bayes_real n, bayes_real lambda)
{
	return bayes_poisson_log_cdf(n, lambda, 0);
}`, `
BAYES_FN bayes_real bayes_poisson_lccdf(bayes_real n, bayes_real lambda)
{
	return bayes_poisson_log_cdf(n, lambda, 1);
}`, func(b library.Builder, xs []library.Value, i int) library.Value { return b.Const(-1) })

// poissonLogCDF is log P(X <= n), or with upper log P(X > n), X ~ poisson(λ).
func poissonLogCDF(n, lambda float64, upper bool) float64 {
	switch {
	case n < 0 && upper:
		return 0
	case n < 0:
		return math.Inf(-1)
	}
	return library.LogIncGamma(n+1, lambda, !upper)
}
