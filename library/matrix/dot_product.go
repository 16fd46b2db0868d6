package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// dot_product(x, y) = Σ x_i y_i of two vectors, row vectors or arrays of
// reals of one length (Stan Functions Reference, "Dot products and
// specialized products"), one op.
var dotProduct = &library.Func{
	Name: "dot_product",
	Doc:  "Σ x[i] y[i]",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.TypeVector)}, Ret: library.TypeReal},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeRowVector)}, Ret: library.TypeReal},
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.TypeRowVector)}, Ret: library.TypeReal},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeVector)}, Ret: library.TypeReal},
		{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindReal, Dims: 1}), library.Exact("", library.Type{Kind: library.KindReal, Dims: 1})}, Ret: library.TypeReal},
	},
	Sizes: library.SizeGroups(library.SameSize(library.SizeLen, 0, 1)),
	Value: func(o library.Tensors, a []library.Value) library.Value { return o.Dot(a[0], a[1]) },
}

func init() { registerFunc(dotProduct) }
