package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// lognormal_lcdf and lognormal_lccdf (Stan Functions Reference, "Lognormal
// distribution"): log Φ(z) and log Φ(-z), z = (log y - μ)/σ; y <= 0 has
// F = 0. With the density in y, ∂F/∂μ = -y pdf and ∂F/∂σ = -z y pdf.
var lognormalLcdf, lognormalLccdf = cdfKernels("lognormal", []library.Domain{library.Positive, library.Finite, library.Positive}, lognormalLpdfKernel,
	func(y, mu, sigma, _ float64, _ int) float64 {
		if y <= 0 {
			return math.Inf(-1)
		}
		return library.LogPhi((math.Log(y) - mu) / sigma)
	},
	func(y, mu, sigma, _ float64, _ int) float64 {
		if y <= 0 {
			return 0
		}
		return library.LogPhi(-((math.Log(y) - mu) / sigma))
	}, `
BAYES_FN bayes_real bayes_lognormal_lcdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	if (y <= 0) return -INFINITY;
	return bayes_log_phi((BAYES_M(log)(y) - mu) / sigma);
}`, `
BAYES_FN bayes_real bayes_lognormal_lccdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	if (y <= 0) return 0;
	return bayes_log_phi(-((BAYES_M(log)(y) - mu) / sigma));
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		y, mu, sigma := xs[0], xs[1], xs[2]
		switch i {
		case 0:
			return library.NoValue
		case 1:
			return b.Neg(y)
		}
		return b.Neg(b.Mul(b.Div(b.Sub(b.Log(y), mu), sigma), y))
	})
