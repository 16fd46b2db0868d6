package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// beta_lcdf and beta_lccdf (Stan Functions Reference, "Beta
// distribution"): F = I_y(α, β) and 1 - F = I_{1-y}(β, α) (DLMF 8.17.4),
// each tail in logs (LogIncBeta). Both shapes are data: their partials need
// the incomplete beta's derivative in its parameters, which bayes does not
// have yet; the compiler refuses α or β that depend on parameters.
var betaLcdf, betaLccdf = cdfKernels("beta", []library.Domain{library.Probability, library.DataPositive, library.DataPositive}, betaLpdfKernel,
	func(y, alpha, beta, _ float64, _ int) float64 { return library.LogIncBeta(alpha, beta, y, 1-y) },
	func(y, alpha, beta, _ float64, _ int) float64 { return library.LogIncBeta(beta, alpha, 1-y, y) }, `
BAYES_FN bayes_real bayes_beta_lcdf(bayes_real y, bayes_real alpha, bayes_real beta)
{
	return bayes_log_inc_beta(alpha, beta, y, 1 - y);
}`, `
BAYES_FN bayes_real bayes_beta_lccdf(bayes_real y, bayes_real alpha, bayes_real beta)
{
	return bayes_log_inc_beta(beta, alpha, 1 - y, y);
}`, func(library.Builder, []library.Value, int) library.Value { return library.NoValue })
