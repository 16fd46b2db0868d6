package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// inv_gamma_lcdf and inv_gamma_lccdf (Stan Functions Reference, "Inverse
// gamma distribution"): F = Q(α, β/y), the upper regularized incomplete
// gamma function (LogIncGamma); ∂F/∂β = -(y/β) pdf. The shape α is data,
// as gamma_lcdf's.
var invGammaLcdf, invGammaLccdf = cdfKernels("inv_gamma", []library.Domain{library.Positive, library.DataPositive, library.Positive}, invGammaLpdfKernel,
	func(y, alpha, beta, _ float64, _ int) float64 { return invGammaLogCDF(y, alpha, beta, false) },
	func(y, alpha, beta, _ float64, _ int) float64 { return invGammaLogCDF(y, alpha, beta, true) }, `
BAYES_FN bayes_real bayes_inv_gamma_log_cdf(bayes_real y, bayes_real alpha, bayes_real beta, int upper)
{
	if (y <= 0) return upper ? 0 : -BAYES_INF;
	return bayes_log_inc_gamma(alpha, beta / y, !upper);
}

BAYES_FN bayes_real bayes_inv_gamma_lcdf(bayes_real y, bayes_real alpha, bayes_real beta)
{
	return bayes_inv_gamma_log_cdf(y, alpha, beta, 0);
}`, `
BAYES_FN bayes_real bayes_inv_gamma_lccdf(bayes_real y, bayes_real alpha, bayes_real beta)
{
	return bayes_inv_gamma_log_cdf(y, alpha, beta, 1);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		if i == 0 {
			return library.NoValue
		}
		return b.Neg(b.Div(xs[0], xs[2]))
	})

// invGammaLogCDF is log F(y), or with upper log(1 - F(y)), of
// inv_gamma(α, β): F = Q(α, β/y), 0 for y <= 0.
func invGammaLogCDF(y, alpha, beta float64, upper bool) float64 {
	if y <= 0 {
		if upper {
			return 0
		}
		return math.Inf(-1)
	}
	return library.LogIncGamma(alpha, beta/y, !upper)
}
