package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// fmin(x, y) is the smaller of x and y (Stan Functions Reference,
// "Bounds functions"): x <= y ? x : y, so fmin(NaN, y) is y, as C's fmin
// drops a NaN, but fmin(x, NaN) is NaN, where C's is x.
var fmin = &library.Func{
	Name:      "fmin",
	Doc:       "the smaller of two reals",
	Overloads: realsOverload(2),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Select(o.Le(a[0], a[1]), a[0], a[1])
	},
}

func init() { registerFunc(fmin) }
