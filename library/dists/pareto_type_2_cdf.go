package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// pareto_type_2_lcdf and pareto_type_2_lccdf (Stan Functions Reference,
// "Pareto type 2 distribution"): with L = log1p((y-μ)/λ), F = 1 - exp(-αL)
// for y >= μ, so log(1-F) = -αL and log F = log1m_exp(-αL). F is a
// function of z = (y-μ)/λ, so f_μ = -1 and f_λ = -z
// (locationScaleFactor); ∂F/∂α = L exp(-αL) = ((λ + y - μ) L/α) pdf.
var paretoType2Lcdf, paretoType2Lccdf = cdfKernels("pareto_type_2", []library.Domain{library.AnyReal, library.Finite, library.Positive, library.Positive}, paretoType2LpdfKernel,
	func(y, mu, lambda, alpha float64, _ int) float64 {
		if y < mu {
			return math.Inf(-1)
		}
		return library.Log1mExp(-alpha * math.Log1p((y-mu)/lambda))
	},
	func(y, mu, lambda, alpha float64, _ int) float64 {
		if y < mu {
			return 0
		}
		return -alpha * math.Log1p((y-mu)/lambda)
	}, `
BAYES_FN bayes_real bayes_pareto_type_2_lcdf(bayes_real y, bayes_real mu, bayes_real lambda, bayes_real alpha)
{
	if (y < mu) return -BAYES_INF;
	return bayes_log1m_exp(-alpha * BAYES_M(log1p)((y - mu) / lambda));
}`, `
BAYES_FN bayes_real bayes_pareto_type_2_lccdf(bayes_real y, bayes_real mu, bayes_real lambda, bayes_real alpha)
{
	if (y < mu) return 0;
	return -alpha * BAYES_M(log1p)((y - mu) / lambda);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		if i < 3 {
			return locationScaleFactor(0)(b, xs, i)
		}
		y, mu, l, a := xs[0], xs[1], xs[2], xs[3]
		ymu := b.Sub(y, mu)
		f := b.Div(b.Mul(b.Add(l, ymu), b.Log1p(b.Div(ymu, l))), a)
		// below μ, where log F = -Inf and log(1-F) = 0, the partial is 0
		// (pdf 0), not 0 times the NaN of log1p below -1
		return b.Select(b.Add(b.Const(1), b.Sign(ymu)), f, b.Const(0))
	})
