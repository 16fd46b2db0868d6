package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// hypot(x, y) = √(x² + y²) without overflow or underflow in the squares
// (Stan Functions Reference, "Composed functions"), one kernel: Go's
// math.Hypot, C's hypot; ∂/∂x = x/n, ∂/∂y = y/n.
var hypotKernel = &library.Kernel{Name: "hypot", Args: []library.Domain{library.Finite, library.Finite},
	Value: func(x, y, _, _ float64, _ int) float64 { return math.Hypot(x, y) },
	Partial: func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
		return b.Mul(adj, b.Div(b.Arg(n, i), n))
	}, C: `
BAYES_FN bayes_real bayes_hypot(bayes_real x, bayes_real y)
{
	return BAYES_M(hypot)(x, y);
}`}

var hypot = &library.Func{
	Name:      "hypot",
	Doc:       "√(x² + y²), without overflow",
	Overloads: realsOverload(2),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Call(hypotKernel, a[0], a[1]) },
}

func init() {
	registerKernel(hypotKernel)
	registerFunc(hypot)
}
