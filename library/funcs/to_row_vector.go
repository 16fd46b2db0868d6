package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// ToRowVector is to_row_vector(x): x's elements as a row vector, a
// matrix's read column-major (Stan Functions Reference, "Matrix
// conversion").
var ToRowVector = &library.Func{
	Name: "to_row_vector",
	Doc:  "the elements as a row vector",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeRowVector},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeRowVector},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeRowVector,
			Value: func(o library.Tensors, a []library.Value) library.Value { return flat(o, Transposed(o, a[0])) }},
		{Params: []library.Arg{library.Exact("", library.TypeInts)}, Ret: library.TypeRowVector},
		{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindReal, Dims: 1})}, Ret: library.TypeRowVector},
	},
	Sizes: library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value { return flat(o, a[0]) },
}

func init() { registerFunc(ToRowVector) }

// flat is x's elements, in their order, in one dimension.
func flat(o library.Tensors, x library.Value) library.Value {
	return o.Reshape(x, []int{library.NumElems(o.Dims(x))})
}
