package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// rayleigh_lcdf and rayleigh_lccdf (Stan Functions Reference, "Rayleigh
// distribution"): F = 1 - exp(-y²/(2σ²)), y >= 0, so log(1-F) = -y²/(2σ²)
// and log F = log1m_exp(-y²/(2σ²)); ∂F/∂σ = -(y/σ) pdf.
var rayleighLcdf, rayleighLccdf = cdfKernels("rayleigh", []library.Domain{library.Positive, library.Positive}, rayleighLpdfKernel,
	func(y, sigma, _, _ float64, _ int) float64 {
		if y < 0 {
			return math.Inf(-1)
		}
		z := y / sigma
		return library.Log1mExp(-z * z / 2)
	},
	func(y, sigma, _, _ float64, _ int) float64 {
		if y < 0 {
			return 0
		}
		z := y / sigma
		return -z * z / 2
	}, `
BAYES_FN bayes_real bayes_rayleigh_lcdf(bayes_real y, bayes_real sigma)
{
	bayes_real z;
	if (y < 0) return -BAYES_INF;
	z = y / sigma;
	return bayes_log1m_exp(-z * z / 2);
}`, `
BAYES_FN bayes_real bayes_rayleigh_lccdf(bayes_real y, bayes_real sigma)
{
	bayes_real z;
	if (y < 0) return 0;
	z = y / sigma;
	return -z * z / 2;
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		if i == 0 {
			return library.NoValue
		}
		return b.Neg(b.Div(xs[0], xs[1]))
	})
