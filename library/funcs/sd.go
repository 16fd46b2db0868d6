package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// sd(x) is the square root of variance(x) (Stan Functions Reference,
// "Dispersion functions").
var sd = &library.Func{
	Name:      "sd",
	Doc:       "the sample standard deviation of the elements",
	Overloads: reductions(library.TypeReal),
	Sizes:     library.Independent(library.OneArg),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return o.Sqrt(varianceOf(o, a[0])) },
}

func init() { registerFunc(sd) }
