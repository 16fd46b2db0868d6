package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// gamma_lcdf and gamma_lccdf (Stan Functions Reference, "Gamma
// distribution"): F = P(α, βy), the regularized incomplete gamma function
// (LogIncGamma, each tail in logs); ∂F/∂β = (y/β) pdf. The shape α is
// data: the partial in α needs the incomplete gamma's derivative in its
// parameter, which bayes does not have yet; the compiler refuses an α that
// depends on parameters.
var gammaLcdf, gammaLccdf = cdfKernels("gamma", []library.Domain{library.Positive, library.DataPositive, library.Positive}, gammaLpdfKernel,
	func(y, alpha, beta, _ float64, _ int) float64 { return library.LogIncGamma(alpha, beta*y, false) },
	func(y, alpha, beta, _ float64, _ int) float64 { return library.LogIncGamma(alpha, beta*y, true) }, `
BAYES_FN bayes_real bayes_gamma_lcdf(bayes_real y, bayes_real alpha, bayes_real beta)
{
	return bayes_log_inc_gamma(alpha, beta * y, 0);
}`, `
BAYES_FN bayes_real bayes_gamma_lccdf(bayes_real y, bayes_real alpha, bayes_real beta)
{
	return bayes_log_inc_gamma(alpha, beta * y, 1);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		if i == 0 {
			return library.NoValue
		}
		return b.Div(xs[0], xs[2])
	})
