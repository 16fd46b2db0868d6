package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// pareto_lcdf and pareto_lccdf (Stan Functions Reference, "Pareto
// distribution"): F = 1 - (y_min/y)^α, y >= y_min, so
// log(1-F) = α log(y_min/y) and log F = log1m_exp(α log(y_min/y));
// ∂F/∂y_min = -(y/y_min) pdf and ∂F/∂α = (y/α) log(y/y_min) pdf.
var paretoLcdf, paretoLccdf = cdfKernels("pareto", []library.Domain{library.Positive, library.Positive, library.Positive}, paretoLpdfKernel,
	func(y, ymin, alpha, _ float64, _ int) float64 {
		if y < ymin {
			return math.Inf(-1)
		}
		return library.Log1mExp(alpha * math.Log(ymin/y))
	},
	func(y, ymin, alpha, _ float64, _ int) float64 {
		if y < ymin {
			return 0
		}
		return alpha * math.Log(ymin/y)
	}, `
BAYES_FN bayes_real bayes_pareto_lcdf(bayes_real y, bayes_real ymin, bayes_real alpha)
{
	if (y < ymin) return -BAYES_INF;
	return bayes_log1m_exp(alpha * BAYES_M(log)(ymin / y));
}`, `
BAYES_FN bayes_real bayes_pareto_lccdf(bayes_real y, bayes_real ymin, bayes_real alpha)
{
	if (y < ymin) return 0;
	return alpha * BAYES_M(log)(ymin / y);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		y, m, a := xs[0], xs[1], xs[2]
		switch i {
		case 0:
			return library.NoValue
		case 1:
			return b.Neg(b.Div(y, m))
		}
		return b.Mul(b.Div(y, a), b.Log(b.Div(y, m)))
	})
