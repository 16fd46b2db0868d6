package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// scaled_inv_chi_square_lcdf and _lccdf (Stan Functions Reference, "Scaled
// inverse chi-square distribution"): inv_gamma(ν/2, νs²/2), so
// F = Q(ν/2, νs²/(2y)); ∂F/∂s = -(2y/s) pdf. ν is data, as gamma_lcdf's
// shape.
var scaledInvChiSquareLcdf, scaledInvChiSquareLccdf = cdfKernels("scaled_inv_chi_square",
	[]library.Domain{library.Positive, library.DataPositive, library.Positive}, scaledInvChiSquareLpdfKernel,
	func(y, nu, s, _ float64, _ int) float64 { return invGammaLogCDF(y, nu/2, nu*s*s/2, false) },
	func(y, nu, s, _ float64, _ int) float64 { return invGammaLogCDF(y, nu/2, nu*s*s/2, true) }, `
BAYES_FN bayes_real bayes_scaled_inv_chi_square_lcdf(bayes_real y, bayes_real nu, bayes_real s)
{
	return bayes_inv_gamma_log_cdf(y, nu / 2, nu * s * s / 2, 0);
}`, `
BAYES_FN bayes_real bayes_scaled_inv_chi_square_lccdf(bayes_real y, bayes_real nu, bayes_real s)
{
	return bayes_inv_gamma_log_cdf(y, nu / 2, nu * s * s / 2, 1);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		if i == 0 {
			return library.NoValue
		}
		return b.Neg(b.Div(b.Mul(b.Const(2), xs[0]), xs[2]))
	})
