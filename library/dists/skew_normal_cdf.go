package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// skew_normal_lcdf and skew_normal_lccdf (Stan Functions Reference, "Skew
// normal distribution"): with z = (y - ξ)/ω, F = Φ(z) - 2 T(z, α) and
// 1 - F = Φ(-z) + 2 T(z, α) (Azzalini 1985, eq. 2.6; T Owen's T function),
// each written without taking 1 - F. The partials in y, ξ and ω are a
// location-scale family's; in α, ∂T(h, a)/∂a = exp(-h²(1+a²)/2) /
// (2π(1+a²)) (Owen 1956, eq. 2.1, differentiated under the integral), so
// ∂F/∂α = -exp(-z²(1+α²)/2) / (π(1+α²)), taken over F (or 1 - F) in logs.
var skewNormalLcdf, skewNormalLccdf = skewNormalCDFKernels()

func skewNormalCDFKernels() (*library.Kernel, *library.Kernel) {
	args := []library.Domain{library.AnyReal, library.Finite, library.Positive, library.Finite}
	lcdf, lccdf := cdfKernels("skew_normal", args, skewNormalLpdfKernel,
		func(y, xi, omega, alpha float64, _ int) float64 {
			z := (y - xi) / omega
			return math.Log(library.Phi(z) - 2*library.OwensT(z, alpha))
		},
		func(y, xi, omega, alpha float64, _ int) float64 {
			z := (y - xi) / omega
			return math.Log(library.Phi(-z) + 2*library.OwensT(z, alpha))
		}, `
BAYES_FN bayes_real bayes_skew_normal_lcdf(bayes_real y, bayes_real xi, bayes_real omega, bayes_real alpha)
{
	bayes_real z = (y - xi) / omega;
	return BAYES_M(log)(BAYES_R(0.5) * BAYES_M(erfc)(-z * BAYES_R(0.70710678118654752440)) - 2 * bayes_owen_t(z, alpha));
}`, `
BAYES_FN bayes_real bayes_skew_normal_lccdf(bayes_real y, bayes_real xi, bayes_real omega, bayes_real alpha)
{
	bayes_real z = (y - xi) / omega;
	return BAYES_M(log)(BAYES_R(0.5) * BAYES_M(erfc)(z * BAYES_R(0.70710678118654752440)) + 2 * bayes_owen_t(z, alpha));
}`, locationScaleFactor(0))
	lcdf.Partial = skewNormalShapePartial(lcdf.Partial, false)
	lccdf.Partial = skewNormalShapePartial(lccdf.Partial, true)
	return lcdf, lccdf
}

// skewNormalShapePartial is the partial rule p with the partial in α
// (argument 3) replaced: ∓exp(-z²(1+α²)/2 - log(π(1+α²)) - n), n the
// kernel's node (log F, or log(1 - F) with upper).
func skewNormalShapePartial(p library.PartialFunc, upper bool) library.PartialFunc {
	return func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
		if i != 3 {
			return p(b, n, i, adj)
		}
		y, xi, omega, alpha := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2), b.Arg(n, 3)
		z := b.Div(b.Sub(y, xi), omega)
		u := b.Add(b.Const(1), b.Square(alpha))
		e := b.Exp(b.Sub(b.Sub(b.Mul(b.Const(-0.5), b.Mul(b.Square(z), u)), b.Log(b.Mul(b.Const(math.Pi), u))), n))
		if !upper {
			e = b.Neg(e)
		}
		return b.Mul(adj, e)
	}
}
