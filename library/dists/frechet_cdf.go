package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// frechet_lcdf and frechet_lccdf (Stan Functions Reference, "Fréchet
// distribution"): F = exp(-w), w = (y/σ)^-α, y > 0, so log F = -w and
// log(1-F) = log1m_exp(-w); ∂F/∂α = (y/α) log(y/σ) pdf and
// ∂F/∂σ = -(y/σ) pdf, as for the Weibull.
var frechetLcdf, frechetLccdf = cdfKernels("frechet", []library.Domain{library.Positive, library.Positive, library.Positive}, frechetLpdfKernel,
	func(y, alpha, sigma, _ float64, _ int) float64 {
		if y <= 0 {
			return math.Inf(-1)
		}
		return -math.Pow(y/sigma, -alpha)
	},
	func(y, alpha, sigma, _ float64, _ int) float64 {
		if y <= 0 {
			return 0
		}
		return library.Log1mExp(-math.Pow(y/sigma, -alpha))
	}, `
BAYES_FN bayes_real bayes_frechet_lcdf(bayes_real y, bayes_real alpha, bayes_real sigma)
{
	if (y <= 0) return -BAYES_INF;
	return -BAYES_M(pow)(y / sigma, -alpha);
}`, `
BAYES_FN bayes_real bayes_frechet_lccdf(bayes_real y, bayes_real alpha, bayes_real sigma)
{
	if (y <= 0) return 0;
	return bayes_log1m_exp(-BAYES_M(pow)(y / sigma, -alpha));
}`, scaleShapeFactor)

// scaleShapeFactor is cdfFactor of a family (y, α, σ) whose CDF is a
// function of (y/σ)^α (Weibull) or (y/σ)^-α (Fréchet): f_α = (y/α) log(y/σ),
// f_σ = -y/σ.
func scaleShapeFactor(b library.Builder, xs []library.Value, i int) library.Value {
	y, alpha, sigma := xs[0], xs[1], xs[2]
	switch i {
	case 0:
		return library.NoValue
	case 1:
		return b.Mul(b.Div(y, alpha), b.Log(b.Div(y, sigma)))
	}
	return b.Neg(b.Div(y, sigma))
}
