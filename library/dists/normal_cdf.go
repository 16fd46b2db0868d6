package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// normal_lcdf and normal_lccdf (Stan Functions Reference, "Normal
// distribution"): log Φ(z) and log Φ(-z), z = (y-μ)/σ, by LogPhi, accurate
// in both tails (Stan Math's normal_lcdf is -Inf below z = -37.5).
// std_normal's are the same kernels with μ = 0, σ = 1 filled in.
var normalLcdf, normalLccdf = cdfKernels("normal", []library.Domain{library.AnyReal, library.Finite, library.Positive}, NormalLpdf,
	func(y, mu, sigma, _ float64, _ int) float64 { return library.LogPhi((y - mu) / sigma) },
	func(y, mu, sigma, _ float64, _ int) float64 { return library.LogPhi(-((y - mu) / sigma)) }, `
BAYES_FN bayes_real bayes_normal_lcdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return bayes_log_phi((y - mu) / sigma);
}`, `
BAYES_FN bayes_real bayes_normal_lccdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return bayes_log_phi(-((y - mu) / sigma));
}`, locationScaleFactor(0))
