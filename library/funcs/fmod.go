package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// fmod(x, y) = x - trunc(x/y) y, the remainder with x's sign (Stan
// Functions Reference, "Composed functions"), one kernel: Go's math.Mod,
// C's fmod. ∂/∂x = 1 and ∂/∂y = -trunc(x/y), written as (n - x)/y, which
// it equals, since x = trunc(x/y) y + n; both jump where x/y is an
// integer, as Stan's.
var fmodKernel = &library.Kernel{Name: "fmod", Args: []library.Domain{library.Finite, library.Positive},
	Value: func(x, y, _, _ float64, _ int) float64 { return math.Mod(x, y) },
	Partial: func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
		if i == 0 {
			return adj
		}
		return b.Mul(adj, b.Div(b.Sub(n, b.Arg(n, 0)), b.Arg(n, 1)))
	}, C: `
BAYES_FN bayes_real bayes_fmod(bayes_real x, bayes_real y)
{
	return BAYES_M(fmod)(x, y);
}`}

var fmod = &library.Func{
	Name:      "fmod",
	Doc:       "x - trunc(x/y) y, the remainder with x's sign",
	Overloads: realsOverload(2),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Call(fmodKernel, a[0], a[1]) },
}

func init() {
	registerKernel(fmodKernel)
	registerFunc(fmod)
}
