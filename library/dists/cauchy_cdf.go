package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// cauchy_lcdf and cauchy_lccdf (Stan Functions Reference, "Cauchy
// distribution"): F = 1/2 + atan(z)/π, z = (y-μ)/σ, written for z < 0 as
// atan(-1/z)/π, where 1/2 + atan(z)/π cancels; 1 - F(z) = F(-z).
var cauchyLcdf, cauchyLccdf = cdfKernels("cauchy", []library.Domain{library.AnyReal, library.Finite, library.Positive}, CauchyLpdf,
	func(y, mu, sigma, _ float64, _ int) float64 { return cauchyLogCDF((y - mu) / sigma) },
	func(y, mu, sigma, _ float64, _ int) float64 { return cauchyLogCDF(-((y - mu) / sigma)) }, `
BAYES_FN bayes_real bayes_cauchy_log_cdf(bayes_real z)
{
	if (z < 0) return BAYES_M(log)(BAYES_M(atan)(-1 / z) / BAYES_PI);
	return BAYES_M(log)(BAYES_R(0.5) + BAYES_M(atan)(z) / BAYES_PI);
}

BAYES_FN bayes_real bayes_cauchy_lcdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return bayes_cauchy_log_cdf((y - mu) / sigma);
}`, `
BAYES_FN bayes_real bayes_cauchy_lccdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return bayes_cauchy_log_cdf(-((y - mu) / sigma));
}`, locationScaleFactor(0))

// cauchyLogCDF is log F(z) of the standard Cauchy.
func cauchyLogCDF(z float64) float64 {
	if z < 0 {
		return math.Log(math.Atan(-1/z) / math.Pi)
	}
	return math.Log(0.5 + math.Atan(z)/math.Pi)
}
