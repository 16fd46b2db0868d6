package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// weibull_lcdf and weibull_lccdf (Stan Functions Reference, "Weibull
// distribution"): F = 1 - exp(-w), w = (y/σ)^α, y >= 0, so log(1-F) = -w
// and log F = log1m_exp(-w); ∂F/∂α = (y/α) log(y/σ) pdf and
// ∂F/∂σ = -(y/σ) pdf.
var weibullLcdf, weibullLccdf = cdfKernels("weibull", []library.Domain{library.Positive, library.Positive, library.Positive}, weibullLpdfKernel,
	func(y, alpha, sigma, _ float64, _ int) float64 {
		if y < 0 {
			return math.Inf(-1)
		}
		return library.Log1mExp(-math.Pow(y/sigma, alpha))
	},
	func(y, alpha, sigma, _ float64, _ int) float64 {
		if y < 0 {
			return 0
		}
		return -math.Pow(y/sigma, alpha)
	}, `
BAYES_FN bayes_real bayes_weibull_lcdf(bayes_real y, bayes_real alpha, bayes_real sigma)
{
	if (y < 0) return -INFINITY;
	return bayes_log1m_exp(-BAYES_M(pow)(y / sigma, alpha));
}`, `
BAYES_FN bayes_real bayes_weibull_lccdf(bayes_real y, bayes_real alpha, bayes_real sigma)
{
	if (y < 0) return 0;
	return -BAYES_M(pow)(y / sigma, alpha);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		y, alpha, sigma := xs[0], xs[1], xs[2]
		switch i {
		case 0:
			return library.NoValue
		case 1:
			return b.Mul(b.Div(y, alpha), b.Log(b.Div(y, sigma)))
		}
		return b.Neg(b.Div(y, sigma))
	})
