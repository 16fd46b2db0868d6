package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// logistic_lcdf and logistic_lccdf (Stan Functions Reference, "Logistic
// distribution"): F = inv_logit(z), z = (y-μ)/σ, so log F = -log1p_exp(-z)
// and log(1-F) = -log1p_exp(z).
var logisticLcdf, logisticLccdf = cdfKernels("logistic", []library.Domain{library.AnyReal, library.Finite, library.Positive}, logisticLpdfKernel,
	func(y, mu, sigma, _ float64, _ int) float64 { return -library.Log1pExp(-((y - mu) / sigma)) },
	func(y, mu, sigma, _ float64, _ int) float64 { return -library.Log1pExp((y - mu) / sigma) }, `
BAYES_FN bayes_real bayes_logistic_lcdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return -bayes_log1p_exp(-((y - mu) / sigma));
}`, `
BAYES_FN bayes_real bayes_logistic_lccdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return -bayes_log1p_exp((y - mu) / sigma);
}`, locationScaleFactor(0))
