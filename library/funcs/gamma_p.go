package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// gamma_p(a, z) and gamma_q(a, z), the regularized incomplete gamma
// functions P and Q = 1 - P (Stan Functions Reference, "Composed
// functions"; library/inc_gamma.go), a > 0 and data, z >= 0: each one
// kernel, ∂P/∂z = -∂Q/∂z = z^(a-1) e^-z / Γ(a) (DLMF 8.8.13), the
// companion kernel gamma_p_dz. Stan also differentiates in a; bayes
// refuses an a that depends on parameters (needData).
var (
	gammaPDz = &library.Kernel{Name: "gamma_p_dz", Args: []library.Domain{library.DataPositive, library.Positive},
		Value: func(a, z, _, _ float64, _ int) float64 { return math.Exp(-z + (a-1)*math.Log(z) - library.Lgamma(a)) },
		// ∂/∂z = n ((a-1)/z - 1)
		Partial: func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
			if i == 0 {
				return library.NoValue
			}
			a, z := b.Arg(n, 0), b.Arg(n, 1)
			return b.Mul(adj, b.Mul(n, b.Sub(b.Div(b.Sub(a, b.Const(1)), z), b.Const(1))))
		}, C: `
BAYES_FN bayes_real bayes_gamma_p_dz(bayes_real a, bayes_real z)
{
	return BAYES_M(exp)(-z + (a - 1) * BAYES_M(log)(z) - bayes_lgamma(a));
}`}
	gammaPKernel = incGammaKernel("gamma_p", 0, library.GammaP)
	gammaQKernel = incGammaKernel("gamma_q", 1, library.GammaQ)
)

func incGammaKernel(name string, upper int, f func(a, z float64) float64) *library.Kernel {
	c := []string{"0", "1"}[upper]
	return &library.Kernel{Name: name, Args: []library.Domain{library.DataPositive, library.NonNegative},
		Value: func(a, z, _, _ float64, _ int) float64 { return f(a, z) },
		Partial: func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
			if i == 0 {
				return library.NoValue
			}
			d := b.Call(gammaPDz, b.Arg(n, 0), b.Arg(n, 1))
			if upper == 1 {
				d = b.Neg(d)
			}
			return b.Mul(adj, d)
		}, C: `
BAYES_FN bayes_real bayes_` + name + `(bayes_real a, bayes_real z)
{
	return bayes_inc_gamma(a, z, ` + c + `);
}`}
}

func init() {
	for _, k := range []*library.Kernel{gammaPDz, gammaPKernel, gammaQKernel} {
		registerKernel(k)
	}
	docs := map[string]string{"gamma_p": "P(a, z), the regularized lower incomplete gamma function (a data)",
		"gamma_q": "Q(a, z) = 1 - P(a, z), the regularized upper incomplete gamma function (a data)"}
	for _, k := range []*library.Kernel{gammaPKernel, gammaQKernel} {
		registerFunc(&library.Func{Name: k.Name, Doc: docs[k.Name], Overloads: realsOverload(2),
			Value: func(o library.Tensors, a []library.Value) library.Value {
				needData(o, k.Name, "shape a", a[0])
				return o.Call(k, a[0], a[1])
			}})
	}
}
