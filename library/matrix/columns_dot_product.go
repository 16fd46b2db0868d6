package matrix

import (
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/funcs"
)

// columns_dot_product(x, y) is the row vector of the dot products of x's
// and y's columns (Stan Functions Reference, "Dot products and specialized
// products"): of two matrices, rows_dot_product of their transposes; of two
// vectors (one column), their dot product, one element; of two row vectors
// (a column each element), their elementwise product.
var columnsDotProduct = &library.Func{
	Name: "columns_dot_product",
	Doc:  "the dot product of each column of x with the same column of y",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.TypeVector)}, Ret: library.TypeRowVector, Value: oneDot},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeRowVector)}, Ret: library.TypeRowVector,
			Value: func(o library.Tensors, a []library.Value) library.Value { return o.Mul(a[0], a[1]) }},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeRowVector,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				x, y := funcs.Transposed(o, a[0]), funcs.Transposed(o, a[1])
				return rowSums(o, o.Mul(x, y), o.Dims(x))
			}},
	},
	Sizes: library.SizeGroups(library.SameSize(library.SizeRows, 0, 1), library.SameSize(library.SizeCols, 0, 1)),
}

func init() { registerFunc(columnsDotProduct) }
