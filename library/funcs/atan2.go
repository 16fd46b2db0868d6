package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// atan2(y, x) is the angle of the point (x, y) in (-π, π] (Stan Functions
// Reference, "Trigonometric functions"), one kernel: Go's math.Atan2,
// C's atan2; ∂/∂y = x/(x²+y²), ∂/∂x = -y/(x²+y²).
var atan2Kernel = &library.Kernel{Name: "atan2", Args: []library.Domain{library.Finite, library.Finite},
	Value: func(y, x, _, _ float64, _ int) float64 { return math.Atan2(y, x) },
	Partial: func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
		y, x := b.Arg(n, 0), b.Arg(n, 1)
		r2 := b.Add(b.Square(x), b.Square(y))
		if i == 0 {
			return b.Mul(adj, b.Div(x, r2))
		}
		return b.Mul(adj, b.Neg(b.Div(y, r2)))
	}, C: `
BAYES_FN bayes_real bayes_atan2(bayes_real y, bayes_real x)
{
	return BAYES_M(atan2)(y, x);
}`}

var atan2 = &library.Func{
	Name:      "atan2",
	Doc:       "the angle of the point (x, y), in (-π, π]",
	Overloads: realsOverload(2),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Call(atan2Kernel, a[0], a[1]) },
}

func init() {
	registerKernel(atan2Kernel)
	registerFunc(atan2)
}
