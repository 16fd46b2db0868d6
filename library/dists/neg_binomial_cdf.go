package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// neg_binomial_lcdf and neg_binomial_lccdf (Stan Functions Reference,
// "Negative binomial distribution"): with p = β/(1+β), P(X <= n) =
// I_p(α, n+1) and P(X > n) = I_{1-p}(n+1, α) (DLMF 8.17.4), each tail in
// logs (LogIncBeta); ∂F/∂β = ((α+n)/(β(1+β))) pmf(n). The shape α is data:
// its partial needs the incomplete beta's derivative in its parameter.
var negBinomialLcdf, negBinomialLccdf = cdfKernels("neg_binomial", []library.Domain{library.Count, library.DataPositive, library.Positive}, negBinomialLpmfKernel,
	func(n, alpha, beta, _ float64, _ int) float64 {
		return negBinomialLogCDF(n, alpha, beta/(1+beta), 1/(1+beta), false)
	},
	func(n, alpha, beta, _ float64, _ int) float64 {
		return negBinomialLogCDF(n, alpha, beta/(1+beta), 1/(1+beta), true)
	}, `
BAYES_FN bayes_real bayes_neg_binomial_log_cdf(bayes_real n, bayes_real alpha, bayes_real p, bayes_real q, int upper)
{
	if (n < 0) return upper ? 0 : -BAYES_INF;
	if (upper) return bayes_log_inc_beta(n + 1, alpha, q, p);
	return bayes_log_inc_beta(alpha, n + 1, p, q);
}

BAYES_FN bayes_real bayes_neg_binomial_lcdf(bayes_real n, bayes_real alpha, bayes_real beta)
{
	return bayes_neg_binomial_log_cdf(n, alpha, beta / (1 + beta), 1 / (1 + beta), 0);
}`, `
BAYES_FN bayes_real bayes_neg_binomial_lccdf(bayes_real n, bayes_real alpha, bayes_real beta)
{
	return bayes_neg_binomial_log_cdf(n, alpha, beta / (1 + beta), 1 / (1 + beta), 1);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		n, alpha, beta := xs[0], xs[1], xs[2]
		return b.Div(b.Add(alpha, n), b.Mul(beta, b.Add(b.Const(1), beta)))
	})

// negBinomialLogCDF is log P(X <= n), or with upper log P(X > n), for the
// count of failures before the α-th success at chance p = 1 - q.
func negBinomialLogCDF(n, alpha, p, q float64, upper bool) float64 {
	switch {
	case n < 0 && upper:
		return 0
	case n < 0:
		return math.Inf(-1)
	case upper:
		return library.LogIncBeta(n+1, alpha, q, p)
	}
	return library.LogIncBeta(alpha, n+1, p, q)
}
