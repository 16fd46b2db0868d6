package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// owens_t(h, a) is Owen's T function (Stan Functions Reference, "Composed
// functions"; library.OwensT), one kernel:
//
//	∂T/∂h = -φ(h) (Φ(ah) - 1/2),   ∂T/∂a = exp(-h²(1+a²)/2) / (2π(1+a²)),
//
// differentiating under the integral (Owen 1956, eq. 2.1); the first is
// the companion kernel owens_t_dh, whose own partials are -h n - a
// φ(h)φ(ah) in h and -h φ(h)φ(ah) in a, φ(h)φ(ah) = exp(-h²(1+a²)/2)/(2π).
var (
	owensTDh = &library.Kernel{Name: "owens_t_dh", Args: []library.Domain{library.Finite, library.Finite},
		Value: func(h, a, _, _ float64, _ int) float64 {
			return -math.Exp(-0.5*h*h) / math.Sqrt(2*math.Pi) * (library.Phi(a*h) - 0.5)
		},
		Partial: func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
			h, a := b.Arg(n, 0), b.Arg(n, 1)
			pp := phiPhi(b, h, a)
			if i == 0 {
				return b.Mul(adj, b.Neg(b.Add(b.Mul(h, n), b.Mul(a, pp))))
			}
			return b.Mul(adj, b.Neg(b.Mul(h, pp)))
		}, C: `
BAYES_FN bayes_real bayes_owens_t_dh(bayes_real h, bayes_real a)
{
	return -BAYES_M(exp)(BAYES_R(-0.5) * h * h) / BAYES_M(sqrt)(2 * BAYES_PI) * (BAYES_R(0.5) * BAYES_M(erfc)(-(a * h) * BAYES_R(0.70710678118654752440)) - BAYES_R(0.5));
}`}
	owensTKernel = &library.Kernel{Name: "owens_t", Args: []library.Domain{library.Finite, library.Finite},
		Value: func(h, a, _, _ float64, _ int) float64 { return library.OwensT(h, a) },
		Partial: func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
			h, a := b.Arg(n, 0), b.Arg(n, 1)
			if i == 0 {
				return b.Mul(adj, b.Call(owensTDh, h, a))
			}
			u := b.Add(b.Const(1), b.Square(a))
			return b.Mul(adj, b.Div(phiPhi(b, h, a), u))
		}, C: `
BAYES_FN bayes_real bayes_owens_t(bayes_real h, bayes_real a)
{
	return bayes_owen_t(h, a);
}`}
)

// phiPhi is φ(h) φ(ah) = exp(-h²(1+a²)/2) / (2π).
func phiPhi(b library.Builder, h, a library.Value) library.Value {
	u := b.Add(b.Const(1), b.Square(a))
	return b.Mul(b.Const(1/(2*math.Pi)), b.Exp(b.Mul(b.Const(-0.5), b.Mul(b.Square(h), u))))
}

var owensT = &library.Func{
	Name:      "owens_t",
	Doc:       "Owen's T function T(h, a)",
	Overloads: realsOverload(2),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Call(owensTKernel, a[0], a[1]) },
}

func init() {
	registerKernel(owensTDh)
	registerKernel(owensTKernel)
	registerFunc(owensT)
}
