package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// chi_square_lcdf and chi_square_lccdf (Stan Functions Reference,
// "Chi-square distribution"): F = P(ν/2, y/2) (LogIncGamma). The degrees
// of freedom ν are data, as gamma_lcdf's shape.
var chiSquareLcdf, chiSquareLccdf = cdfKernels("chi_square", []library.Domain{library.Positive, library.DataPositive}, chiSquareLpdfKernel,
	func(y, nu, _, _ float64, _ int) float64 { return library.LogIncGamma(nu/2, y/2, false) },
	func(y, nu, _, _ float64, _ int) float64 { return library.LogIncGamma(nu/2, y/2, true) }, `
BAYES_FN bayes_real bayes_chi_square_lcdf(bayes_real y, bayes_real nu)
{
	return bayes_log_inc_gamma(nu / 2, y / 2, 0);
}`, `
BAYES_FN bayes_real bayes_chi_square_lccdf(bayes_real y, bayes_real nu)
{
	return bayes_log_inc_gamma(nu / 2, y / 2, 1);
}`, func(library.Builder, []library.Value, int) library.Value { return library.NoValue })
