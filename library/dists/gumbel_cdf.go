package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// gumbel_lcdf and gumbel_lccdf (Stan Functions Reference, "Gumbel
// distribution"): F = exp(-exp(-z)), z = (y-μ)/β, so log F = -exp(-z) and
// log(1-F) = log1m_exp(-exp(-z)).
var gumbelLcdf, gumbelLccdf = cdfKernels("gumbel", []library.Domain{library.AnyReal, library.Finite, library.Positive}, gumbelLpdfKernel,
	func(y, mu, beta, _ float64, _ int) float64 { return -math.Exp(-((y - mu) / beta)) },
	func(y, mu, beta, _ float64, _ int) float64 { return library.Log1mExp(-math.Exp(-((y - mu) / beta))) }, `
BAYES_FN bayes_real bayes_gumbel_lcdf(bayes_real y, bayes_real mu, bayes_real beta)
{
	return -BAYES_M(exp)(-((y - mu) / beta));
}`, `
BAYES_FN bayes_real bayes_gumbel_lccdf(bayes_real y, bayes_real mu, bayes_real beta)
{
	return bayes_log1m_exp(-BAYES_M(exp)(-((y - mu) / beta)));
}`, locationScaleFactor(0))
