package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// dot_self(x) = Σ x_i² (Stan Functions Reference, "Dot products and
// specialized products"), the dot product of x with itself, one op.
var dotSelf = &library.Func{
	Name: "dot_self",
	Doc:  "Σ x[i]², the dot product of x with itself",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeReal},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeReal},
	},
	Sizes: library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value { return o.Dot(a[0], a[0]) },
}

func init() { registerFunc(dotSelf) }
