package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// max is max(x, y), y < x ? x : y (so max(NaN, y) is y, max(x, NaN) NaN),
// an int of ints;
// or MaxOf of a container's elements (Stan Functions Reference, "Bounds
// functions", "Array operations"), one op.
var maxFunc = &library.Func{
	Name:      "max",
	Doc:       "the largest element, or the larger of two",
	Overloads: minMaxOverloads(),
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return minMax(o, "max", a, library.ReduceMax)
	},
}

func init() { registerFunc(maxFunc) }
