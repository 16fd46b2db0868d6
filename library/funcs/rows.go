package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// rows(x) is the number of rows: a vector's length, 1 of a row vector, a
// matrix's rows (Stan Functions Reference, "Matrix size functions"), an
// int known when the model is compiled.
var rows = &library.Func{
	Name: "rows",
	Doc:  "the number of rows",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeInt, Value: dimension(0)},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeInt, Value: one},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeInt, Value: dimension(0)},
	},
	Sizes: library.Independent(library.OneArg),
}

func init() { registerFunc(rows) }

// dimension is the formula of x's dimension i.
func dimension(i int) library.FuncFormula {
	return func(o library.Tensors, a []library.Value) library.Value { return o.Const(float64(o.Dims(a[0])[i])) }
}

// one is the formula of 1: a vector's columns, a row vector's rows.
func one(o library.Tensors, _ []library.Value) library.Value { return o.Const(1) }
