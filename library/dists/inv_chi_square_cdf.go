package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// inv_chi_square_lcdf and inv_chi_square_lccdf (Stan Functions Reference,
// "Inverse chi-square distribution"): inv_gamma(ν/2, 1/2), so
// F = Q(ν/2, 1/(2y)). ν is data, as gamma_lcdf's shape.
var invChiSquareLcdf, invChiSquareLccdf = cdfKernels("inv_chi_square", []library.Domain{library.Positive, library.DataPositive}, invChiSquareLpdfKernel,
	func(y, nu, _, _ float64, _ int) float64 { return invGammaLogCDF(y, nu/2, 0.5, false) },
	func(y, nu, _, _ float64, _ int) float64 { return invGammaLogCDF(y, nu/2, 0.5, true) }, `
BAYES_FN bayes_real bayes_inv_chi_square_lcdf(bayes_real y, bayes_real nu)
{
	return bayes_inv_gamma_log_cdf(y, nu / 2, BAYES_R(0.5), 0);
}`, `
BAYES_FN bayes_real bayes_inv_chi_square_lccdf(bayes_real y, bayes_real nu)
{
	return bayes_inv_gamma_log_cdf(y, nu / 2, BAYES_R(0.5), 1);
}`, func(library.Builder, []library.Value, int) library.Value { return library.NoValue })
