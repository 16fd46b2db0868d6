package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// uniform_lcdf and uniform_lccdf (Stan Functions Reference, "Uniform
// distribution"): F = (y-α)/(β-α) on [α, β], so log F = log((y-α)/(β-α))
// and log(1-F) = log((β-y)/(β-α)), with 0 and 1 outside (NaN unless α < β); ∂F/∂α =
// ((y-β)/(β-α)) pdf and ∂F/∂β = (-(y-α)/(β-α)) pdf.
var uniformLcdf, uniformLccdf = cdfKernels("uniform", []library.Domain{library.Finite, library.Finite, library.Finite}, uniformLpdfKernel,
	func(y, lo, hi, _ float64, _ int) float64 {
		switch {
		case !(lo < hi):
			return math.NaN()
		case y < lo:
			return math.Inf(-1)
		case y >= hi:
			return 0
		}
		return math.Log((y - lo) / (hi - lo))
	},
	func(y, lo, hi, _ float64, _ int) float64 {
		switch {
		case !(lo < hi):
			return math.NaN()
		case y <= lo:
			return 0
		case y > hi:
			return math.Inf(-1)
		}
		return math.Log((hi - y) / (hi - lo))
	}, `
BAYES_FN bayes_real bayes_uniform_lcdf(bayes_real y, bayes_real lo, bayes_real hi)
{
	if (!(lo < hi)) return BAYES_NAN;
	if (y < lo) return -BAYES_INF;
	if (y >= hi) return 0;
	return BAYES_M(log)((y - lo) / (hi - lo));
}`, `
BAYES_FN bayes_real bayes_uniform_lccdf(bayes_real y, bayes_real lo, bayes_real hi)
{
	if (!(lo < hi)) return BAYES_NAN;
	if (y <= lo) return 0;
	if (y > hi) return -BAYES_INF;
	return BAYES_M(log)((hi - y) / (hi - lo));
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		y, lo, hi := xs[0], xs[1], xs[2]
		switch i {
		case 0:
			return library.NoValue
		case 1:
			return b.Div(b.Sub(y, hi), b.Sub(hi, lo))
		}
		return b.Neg(b.Div(b.Sub(y, lo), b.Sub(hi, lo)))
	})
