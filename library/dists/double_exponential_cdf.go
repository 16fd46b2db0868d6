package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// double_exponential_lcdf and _lccdf (Stan Functions Reference, "Double
// exponential (Laplace) distribution"): F = exp(z)/2 for z < 0, else
// 1 - exp(-z)/2, z = (y-μ)/σ; 1 - F(z) = F(-z).
var doubleExponentialLcdf, doubleExponentialLccdf = cdfKernels("double_exponential",
	[]library.Domain{library.AnyReal, library.Finite, library.Positive}, doubleExponentialLpdfKernel,
	func(y, mu, sigma, _ float64, _ int) float64 { return laplaceLogCDF((y - mu) / sigma) },
	func(y, mu, sigma, _ float64, _ int) float64 { return laplaceLogCDF(-((y - mu) / sigma)) }, `
BAYES_FN bayes_real bayes_laplace_log_cdf(bayes_real z)
{
	if (z < 0) return z - BAYES_LN2;
	return BAYES_M(log1p)(-BAYES_R(0.5) * BAYES_M(exp)(-z));
}

BAYES_FN bayes_real bayes_double_exponential_lcdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return bayes_laplace_log_cdf((y - mu) / sigma);
}`, `
BAYES_FN bayes_real bayes_double_exponential_lccdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return bayes_laplace_log_cdf(-((y - mu) / sigma));
}`, locationScaleFactor(0))

// laplaceLogCDF is log F(z) of the standard Laplace distribution.
func laplaceLogCDF(z float64) float64 {
	if z < 0 {
		return z - library.Ln2
	}
	return math.Log1p(-0.5 * math.Exp(-z))
}
