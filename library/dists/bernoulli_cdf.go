package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// bernoulli_lcdf and bernoulli_lccdf (Stan Functions Reference, "Bernoulli
// distribution"): P(X <= 0) = 1 - θ and P(X <= 1) = 1, so log F is
// log1p(-θ) at 0 and 0 at 1, log(1-F) log θ at 0 and -Inf at 1; as
// binomial's with N = 1, ∂F/∂θ = -(1-n)/(1-θ) pmf(n).
var bernoulliLcdf, bernoulliLccdf = cdfKernels("bernoulli", []library.Domain{library.Binary, library.Probability}, bernoulliLpmfKernel,
	func(n, theta, _, _ float64, _ int) float64 {
		if n >= 1 {
			return 0
		}
		return math.Log1p(-theta)
	},
	func(n, theta, _, _ float64, _ int) float64 {
		if n >= 1 {
			return math.Inf(-1)
		}
		return math.Log(theta)
	}, `
BAYES_FN bayes_real bayes_bernoulli_lcdf(bayes_real n, bayes_real theta)
{
	if (n >= 1) return 0;
	return BAYES_M(log1p)(-theta);
}`, `
BAYES_FN bayes_real bayes_bernoulli_lccdf(bayes_real n, bayes_real theta)
{
	if (n >= 1) return -INFINITY;
	return BAYES_M(log)(theta);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		return b.Neg(b.Div(b.Sub(b.Const(1), xs[0]), b.Sub(b.Const(1), xs[1])))
	})
