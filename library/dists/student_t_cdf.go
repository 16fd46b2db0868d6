package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// student_t_lcdf and student_t_lccdf (Stan Functions Reference, "Student-t
// distribution"): with t = (y-μ)/σ, the two tails beyond |t| hold
// I_x(ν/2, 1/2), x = ν/(ν+t²) (Abramowitz & Stegun 26.7.1), so
//
//	t < 0: log F = log(I_x/2),            log(1-F) = log((1 + I_xc(1/2, ν/2))/2),
//	t ≥ 0: log F = log((1 + I_xc(1/2, ν/2))/2), log(1-F) = log(I_x/2),
//
// xc = t²/(ν+t²) = 1 - x computed without cancellation, each tail in logs
// (LogIncBeta). The degrees of freedom are data: the partial in ν needs the
// incomplete beta's derivative in its parameter, which bayes does not have
// yet; the compiler refuses a ν that depends on parameters.
var studentTLcdf, studentTLccdf = cdfKernels("student_t", []library.Domain{library.AnyReal, library.DataPositive, library.Finite, library.Positive}, studentTLpdfKernel,
	func(y, nu, mu, sigma float64, _ int) float64 { return studentTLogCDF((y-mu)/sigma, nu) },
	func(y, nu, mu, sigma float64, _ int) float64 { return studentTLogCDF(-((y - mu) / sigma), nu) }, `
BAYES_FN bayes_real bayes_student_t_log_cdf(bayes_real t, bayes_real nu)
{
	bayes_real t2 = t * t, x = nu / (nu + t2), xc = t2 / (nu + t2);
	if (t < 0) return bayes_log_inc_beta(nu / 2, BAYES_R(0.5), x, xc) - BAYES_LN2;
	return BAYES_M(log1p)(BAYES_M(exp)(bayes_log_inc_beta(BAYES_R(0.5), nu / 2, xc, x))) - BAYES_LN2;
}

BAYES_FN bayes_real bayes_student_t_lcdf(bayes_real y, bayes_real nu, bayes_real mu, bayes_real sigma)
{
	return bayes_student_t_log_cdf((y - mu) / sigma, nu);
}`, `
BAYES_FN bayes_real bayes_student_t_lccdf(bayes_real y, bayes_real nu, bayes_real mu, bayes_real sigma)
{
	return bayes_student_t_log_cdf(-((y - mu) / sigma), nu);
}`, locationScaleFactor(1))

// studentTLogCDF is log F(t) of the standard Student-t with ν degrees of
// freedom.
func studentTLogCDF(t, nu float64) float64 {
	t2 := t * t
	x, xc := nu/(nu+t2), t2/(nu+t2)
	if t < 0 {
		return library.LogIncBeta(nu/2, 0.5, x, xc) - library.Ln2
	}
	return math.Log1p(math.Exp(library.LogIncBeta(0.5, nu/2, xc, x))) - library.Ln2
}
