package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// size(x) is an array's size, its first dimension, a vector's or a row
// vector's length, or a matrix's rows times its columns (Stan Functions
// Reference, "Array size and dimension function", "Matrix size
// functions"): an int known when the model is compiled.
var size = &library.Func{
	Name: "size",
	Doc:  "the size of an array or the number of elements of a container",
	Overloads: []library.Signature{
		{Params: []library.Arg{{Class: library.ClassAnyArray}}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeInt, Value: numElements.Value},
	},
	Sizes: library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value { return o.Const(float64(o.Dims(a[0])[0])) },
}

func init() { registerFunc(size) }
