package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// exponential_lcdf and exponential_lccdf (Stan Functions Reference,
// "Exponential distribution"): F = 1 - exp(-βy) for y >= 0, so
// log(1-F) = -βy and log F = log1m_exp(-βy); ∂F/∂β = (y/β) pdf.
var exponentialLcdf, exponentialLccdf = cdfKernels("exponential", []library.Domain{library.Positive, library.Positive}, exponentialLpdfKernel,
	func(y, beta, _, _ float64, _ int) float64 {
		if y < 0 {
			return math.Inf(-1)
		}
		return library.Log1mExp(-beta * y)
	},
	func(y, beta, _, _ float64, _ int) float64 {
		if y < 0 {
			return 0
		}
		return -beta * y
	}, `
BAYES_FN bayes_real bayes_exponential_lcdf(bayes_real y, bayes_real beta)
{
	if (y < 0) return -INFINITY;
	return bayes_log1m_exp(-beta * y);
}`, `
BAYES_FN bayes_real bayes_exponential_lccdf(bayes_real y, bayes_real beta)
{
	if (y < 0) return 0;
	return -beta * y;
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		if i == 0 {
			return library.NoValue
		}
		return b.Div(xs[0], xs[1])
	})
