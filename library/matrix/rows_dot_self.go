package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// rows_dot_self(x) is the vector of the dot products of x's rows with
// themselves (Stan Functions Reference, "Dot products and specialized
// products"): of a vector (a row each element), the squares; of a row
// vector (one row), its dot_self, one element; of a matrix, each row's
// sum of squares. It is rows_dot_product(x, x), built the same way.
var rowsDotSelf = &library.Func{
	Name: "rows_dot_self",
	Doc:  "the dot product of each row of x with itself",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeVector,
			Value: func(o library.Tensors, a []library.Value) library.Value { return o.Mul(a[0], a[0]) }},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeVector,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return oneDot(o, []library.Value{a[0], a[0]})
			}},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeVector,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return rowSums(o, o.Mul(a[0], a[0]), o.Dims(a[0]))
			}},
	},
	Sizes: library.Independent(library.OneArg),
}

func init() { registerFunc(rowsDotSelf) }
