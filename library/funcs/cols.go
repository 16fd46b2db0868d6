package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// cols(x) is the number of columns: 1 of a vector, a row vector's length,
// a matrix's columns (Stan Functions Reference, "Matrix size functions"),
// an int known when the model is compiled.
var cols = &library.Func{
	Name: "cols",
	Doc:  "the number of columns",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeInt, Value: one},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeInt, Value: dimension(0)},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeInt, Value: dimension(1)},
	},
	Sizes: library.Independent(library.OneArg),
}

func init() { registerFunc(cols) }
