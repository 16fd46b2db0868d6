package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// to_array_2d(m) is the matrix m as a two-dimensional array of its rows
// (Stan Functions Reference, "Array conversion"): the same elements in the
// same (row-major) order.
var toArray2d = &library.Func{
	Name:      "to_array_2d",
	Doc:       "the matrix m as a two-dimensional array, row by row",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.Type{Kind: library.KindReal, Dims: 2}}},
	Sizes:     library.Independent(library.OneArg),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return a[0] },
}

func init() { registerFunc(toArray2d) }
