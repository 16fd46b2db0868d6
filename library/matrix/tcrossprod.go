package matrix

import (
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/funcs"
)

// tcrossprod(x) = x x' (Stan Functions Reference, "Dot products and
// specialized products"), one matrix product of x and x'.
var tcrossprod = &library.Func{
	Name:      "tcrossprod",
	Doc:       "x x'",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.MatMat(a[0], funcs.Transposed(o, a[0]))
	},
}

func init() { registerFunc(tcrossprod) }
