package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// skew_normal_lcdf and _lccdf (Stan Functions Reference, "Skew normal
// distribution"). F = Φ(z) - 2 T(z, α), z = (y-ξ)/ω (Azzalini 1985, eq.
// 2.6; T is Owen's), as Stan Math writes it, cancels where F is small; here
// it is written, case by case, as a sum of positive parts, with
// U(h, a) = T(h, ∞) - T(h, a) (library.LogOwensTUpper) and T(h, ∞) = Q(h)/2:
//
//	α > 0, z <= 0:  F = 2 U(-z, α)
//	α > 0, z > 0:   F = erf(z/√2) + 2 U(z, α)
//	α < 0, z < 0:   F = Q(-z) (2 - 2U(-z, -α)/Q(-z)), the ratio in [0, 1]
//	α < 0, z >= 0:  F = 1 - 2 U(z, -α)
//
// and 1 - F(z; α) = F(-z; -α), the law of -Y. F is a function of z and α,
// so f_ξ = -1, f_ω = -z (locationScaleFactor) and, from ∂T(h, a)/∂a =
// exp(-h²(1+a²)/2) / (2π(1+a²)) over the density 2/ω φ(z) Φ(αz),
// f_α = -ω r/(1+α²), r = φ(αz)/Φ(αz).
var skewNormalLcdf, skewNormalLccdf = cdfKernels("skew_normal",
	[]library.Domain{library.AnyReal, library.Finite, library.Positive, library.Finite}, skewNormalLpdfKernel,
	func(y, xi, omega, alpha float64, _ int) float64 { return skewNormalLogCDF((y-xi)/omega, alpha) },
	func(y, xi, omega, alpha float64, _ int) float64 { return skewNormalLogCDF((xi-y)/omega, -alpha) }, `
BAYES_FN bayes_real bayes_skew_normal_log_cdf(bayes_real z, bayes_real alpha)
{
	if (isnan(z) || isnan(alpha)) return BAYES_NAN;
	if (alpha == 0) return bayes_log_phi(z);
	if (alpha > 0) {
		if (z <= 0) return BAYES_LN2 + bayes_log_owens_t_upper(-z, alpha);
		return BAYES_M(log)(BAYES_M(erf)(z * BAYES_INV_SQRT2) + 2 * BAYES_M(exp)(bayes_log_owens_t_upper(z, alpha)));
	}
	if (z >= 0) return bayes_log1m_exp(BAYES_LN2 + bayes_log_owens_t_upper(z, -alpha));
	if (isinf(z)) return -BAYES_INF;
	return bayes_log_phi(z) + BAYES_M(log)(2 - BAYES_M(exp)(BAYES_LN2 + bayes_log_owens_t_upper(-z, -alpha) - bayes_log_phi(z)));
}

BAYES_FN bayes_real bayes_skew_normal_lcdf(bayes_real y, bayes_real xi, bayes_real omega, bayes_real alpha)
{
	return bayes_skew_normal_log_cdf((y - xi) / omega, alpha);
}`, `
BAYES_FN bayes_real bayes_skew_normal_lccdf(bayes_real y, bayes_real xi, bayes_real omega, bayes_real alpha)
{
	return bayes_skew_normal_log_cdf((xi - y) / omega, -alpha);
}`, func(b library.Builder, xs []library.Value, i int) library.Value {
		if i < 3 {
			return locationScaleFactor(0)(b, xs, i)
		}
		y, xi, omega, alpha := xs[0], xs[1], xs[2], xs[3]
		az := b.Mul(alpha, b.Div(b.Sub(y, xi), omega))
		r := b.Call(skewNormalDlogPhi, az)
		return b.Neg(b.Div(b.Mul(omega, r), b.Add(b.Const(1), b.Mul(alpha, alpha))))
	})

// skewNormalLogCDF is log F(z) of skew_normal(0, 1, α), by the cases above.
func skewNormalLogCDF(z, alpha float64) float64 {
	switch {
	case math.IsNaN(z) || math.IsNaN(alpha):
		return math.NaN()
	case alpha == 0:
		return library.LogPhi(z)
	case alpha > 0 && z <= 0:
		return library.Ln2 + library.LogOwensTUpper(-z, alpha)
	case alpha > 0:
		return math.Log(math.Erf(z*library.InvSqrt2) + 2*math.Exp(library.LogOwensTUpper(z, alpha)))
	case z >= 0:
		return library.Log1mExp(library.Ln2 + library.LogOwensTUpper(z, -alpha))
	case math.IsInf(z, -1):
		return math.Inf(-1)
	}
	return library.LogPhi(z) + math.Log(2-math.Exp(library.Ln2+library.LogOwensTUpper(-z, -alpha)-library.LogPhi(z)))
}
