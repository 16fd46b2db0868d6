package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// toVector is to_vector(x): x's elements as a vector, a matrix's read
// column-major (Stan Functions Reference, "Matrix conversion").
var toVector = &library.Func{
	Name: "to_vector",
	Doc:  "the elements as a vector",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeVector},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeVector},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeVector,
			Value: func(o library.Tensors, a []library.Value) library.Value { return flat(o, Transposed(o, a[0])) }},
		{Params: []library.Arg{library.Exact("", library.TypeInts)}, Ret: library.TypeVector},
		{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindReal, Dims: 1})}, Ret: library.TypeVector},
	},
	Sizes: library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value { return flat(o, a[0]) },
}

func init() { registerFunc(toVector) }
