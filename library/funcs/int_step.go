package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// int_step(x) = 1 if x > 0, else 0, an int (Stan Functions Reference,
// "Step-like functions"): 0 < x, so int_step(NaN) = 0.
var intStep = &library.Func{
	Name: "int_step",
	Doc:  "1 if x > 0, else 0",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeInt)}, Ret: library.TypeInt},
		{Params: []library.Arg{library.Exact("", library.TypeReal)}, Ret: library.TypeInt},
	},
	Value: func(o library.Tensors, a []library.Value) library.Value { return o.Lt(o.Const(0), a[0]) },
}

func init() { registerFunc(intStep) }
