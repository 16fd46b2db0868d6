package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// mean(x) = Σ x_i / n (Stan Functions Reference, "Sum, product, and log
// sum of exp"), as Mean; NaN (0/0) for no elements.
var mean = &library.Func{
	Name:      "mean",
	Doc:       "the mean of the elements",
	Overloads: reductions(library.TypeReal),
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Div(o.Sum(a[0]), o.Const(float64(library.NumElems(o.Dims(a[0])))))
	},
}

func init() { registerFunc(mean) }
