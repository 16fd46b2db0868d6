package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// loglogistic_lcdf and loglogistic_lccdf (Stan has loglogistic_cdf; the
// logs come with it): with t = β log(y/α), F = inv_logit(t), so
// log F = -log1p_exp(-t) and log(1-F) = -log1p_exp(t), finite in both
// tails; ∂F/∂α = -(y/α) pdf and ∂F/∂β = (y/β) log(y/α) pdf.
var loglogisticLcdf, loglogisticLccdf = cdfKernels("loglogistic", []library.Domain{library.Positive, library.Positive, library.Positive}, loglogisticLpdfKernel,
	func(y, alpha, beta, _ float64, _ int) float64 {
		if y <= 0 {
			return math.Inf(-1)
		}
		return -library.Log1pExp(-beta * math.Log(y/alpha))
	},
	func(y, alpha, beta, _ float64, _ int) float64 {
		if y <= 0 {
			return 0
		}
		return -library.Log1pExp(beta * math.Log(y/alpha))
	}, `
BAYES_FN bayes_real bayes_loglogistic_lcdf(bayes_real y, bayes_real alpha, bayes_real beta)
{
	if (y <= 0) return -BAYES_INF;
	return -bayes_log1p_exp(-beta * BAYES_M(log)(y / alpha));
}`, `
BAYES_FN bayes_real bayes_loglogistic_lccdf(bayes_real y, bayes_real alpha, bayes_real beta)
{
	if (y <= 0) return 0;
	return -bayes_log1p_exp(beta * BAYES_M(log)(y / alpha));
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		y, alpha, beta := xs[0], xs[1], xs[2]
		switch i {
		case 0:
			return library.NoValue
		case 1:
			return b.Neg(b.Div(y, alpha))
		}
		return b.Mul(b.Div(y, beta), b.Log(b.Div(y, alpha)))
	})
