package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// inc_beta(a, b, x) is the regularized incomplete beta function I_x(a, b)
// (Stan Functions Reference, "Composed functions"; library.IncBeta), a, b
// > 0 and data, x in [0, 1]: one kernel, ∂/∂x = x^(a-1) (1-x)^(b-1) /
// B(a, b) (DLMF 8.17.2), the companion kernel inc_beta_dx. Stan also
// differentiates in a and b; bayes refuses ones that depend on parameters
// (needData).
var (
	incBetaDx = &library.Kernel{Name: "inc_beta_dx", Args: []library.Domain{library.DataPositive, library.DataPositive, library.Probability},
		Value: func(a, b, x, _ float64, _ int) float64 {
			return math.Exp((a-1)*math.Log(x) + (b-1)*math.Log1p(-x) - library.Lbeta(a, b))
		},
		// ∂/∂x = n ((a-1)/x - (b-1)/(1-x))
		Partial: func(bb library.Builder, n library.Value, i int, adj library.Value) library.Value {
			if i < 2 {
				return library.NoValue
			}
			a, b, x := bb.Arg(n, 0), bb.Arg(n, 1), bb.Arg(n, 2)
			one := bb.Const(1)
			return bb.Mul(adj, bb.Mul(n, bb.Sub(bb.Div(bb.Sub(a, one), x), bb.Div(bb.Sub(b, one), bb.Sub(one, x)))))
		}, C: `
BAYES_FN bayes_real bayes_inc_beta_dx(bayes_real a, bayes_real b, bayes_real x)
{
	return BAYES_M(exp)((a - 1) * BAYES_M(log)(x) + (b - 1) * BAYES_M(log1p)(-x) - bayes_lbeta(a, b));
}`}
	incBetaKernel = &library.Kernel{Name: "inc_beta", Args: []library.Domain{library.DataPositive, library.DataPositive, library.Probability},
		Value: func(a, b, x, _ float64, _ int) float64 { return library.IncBeta(a, b, x) },
		Partial: func(bb library.Builder, n library.Value, i int, adj library.Value) library.Value {
			if i < 2 {
				return library.NoValue
			}
			return bb.Mul(adj, bb.Call(incBetaDx, bb.Arg(n, 0), bb.Arg(n, 1), bb.Arg(n, 2)))
		}, C: `
BAYES_FN bayes_real bayes_inc_beta(bayes_real a, bayes_real b, bayes_real x)
{
	if (!(x >= 0 && x <= 1)) return BAYES_NAN;
	return BAYES_M(exp)(bayes_log_inc_beta(a, b, x, 1 - x));
}`}
)

var incBeta = &library.Func{
	Name:      "inc_beta",
	Doc:       "I_x(a, b), the regularized incomplete beta function (a, b data)",
	Overloads: realsOverload(3),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		needData(o, "inc_beta", "shape a", a[0])
		needData(o, "inc_beta", "shape b", a[1])
		return o.Call(incBetaKernel, a[0], a[1], a[2])
	},
}

func init() {
	registerKernel(incBetaDx)
	registerKernel(incBetaKernel)
	registerFunc(incBeta)
}
