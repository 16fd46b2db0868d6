package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// ToArray1d is to_array_1d(x): x's elements as a one-dimensional array, a
// matrix's read column-major, an array's row-major (Stan Functions
// Reference, "Matrix conversion", "Array conversion"); ints stay ints.
var ToArray1d = &library.Func{
	Name: "to_array_1d",
	Doc:  "the elements as a one-dimensional array, column-major for matrices",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.Type{Kind: library.KindReal, Dims: 1}},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.Type{Kind: library.KindReal, Dims: 1}},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.Type{Kind: library.KindReal, Dims: 1},
			Value: func(o library.Tensors, a []library.Value) library.Value { return flat(o, Transposed(o, a[0])) }},
		{Params: []library.Arg{{Class: library.ClassAnyArray}}, Result: library.ResultFlatten},
	},
	Sizes: library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value { return flat(o, a[0]) },
}

func init() { registerFunc(ToArray1d) }
