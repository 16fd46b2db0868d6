package matrix

import (
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/funcs"
)

// crossprod(x) = x' x (Stan Functions Reference, "Dot products and
// specialized products"), one matrix product of x' and x.
var crossprod = &library.Func{
	Name:      "crossprod",
	Doc:       "x' x",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.MatMat(funcs.Transposed(o, a[0]), a[0])
	},
}

func init() { registerFunc(crossprod) }
