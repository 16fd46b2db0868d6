package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// neg_binomial_2_lcdf and neg_binomial_2_lccdf (Stan Functions Reference,
// "Negative binomial distribution (alternative parameterization)"):
// neg_binomial(φ, φ/μ), so with p = φ/(μ+φ), P(X <= n) = I_p(φ, n+1);
// ∂F/∂μ = -((φ+n)/(μ+φ)) pmf(n). The precision φ is data, as
// neg_binomial_lcdf's α.
var negBinomial2Lcdf, negBinomial2Lccdf = cdfKernels("neg_binomial_2", []library.Domain{library.Count, library.Positive, library.DataPositive}, negBinomial2LpmfKernel,
	func(n, mu, phi, _ float64, _ int) float64 {
		return negBinomialLogCDF(n, phi, phi/(mu+phi), mu/(mu+phi), false)
	},
	func(n, mu, phi, _ float64, _ int) float64 {
		return negBinomialLogCDF(n, phi, phi/(mu+phi), mu/(mu+phi), true)
	}, `
BAYES_FN bayes_real bayes_neg_binomial_2_lcdf(bayes_real n, bayes_real mu, bayes_real phi)
{
	return bayes_neg_binomial_log_cdf(n, phi, phi / (mu + phi), mu / (mu + phi), 0);
}`, `
BAYES_FN bayes_real bayes_neg_binomial_2_lccdf(bayes_real n, bayes_real mu, bayes_real phi)
{
	return bayes_neg_binomial_log_cdf(n, phi, phi / (mu + phi), mu / (mu + phi), 1);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		n, mu, phi := xs[0], xs[1], xs[2]
		return b.Neg(b.Div(b.Add(phi, n), b.Add(mu, phi)))
	})
