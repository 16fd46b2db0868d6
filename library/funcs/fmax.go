package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// fmax(x, y) is the larger of x and y (Stan Functions Reference, "Bounds
// functions"): y <= x ? x : y, so fmax(NaN, y) is y, as C's fmax drops a
// NaN, but fmax(x, NaN) is NaN, where C's is x.
var fmax = &library.Func{
	Name:      "fmax",
	Doc:       "the larger of two reals",
	Overloads: realsOverload(2),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Select(o.Le(a[1], a[0]), a[0], a[1])
	},
}

func init() { registerFunc(fmax) }
