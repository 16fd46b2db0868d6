package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// num_elements(x) is the number of x's scalar elements, an int known when
// the model is compiled (Stan Functions Reference, "Array size and
// dimension function", "Matrix size functions").
var numElements = &library.Func{
	Name: "num_elements",
	Doc:  "the number of scalar elements",
	Overloads: []library.Signature{
		{Params: []library.Arg{{Class: library.ClassAnyArray}}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeInt},
	},
	Sizes: library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Const(float64(library.NumElems(o.Dims(a[0]))))
	},
}

func init() { registerFunc(numElements) }
