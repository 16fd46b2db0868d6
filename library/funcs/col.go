package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// Col is col(x, n): the n'th column of the matrix x, 1-based, as a vector
// (Stan Functions Reference, "Slicing and blocking functions").
var Col = &library.Func{
	Name:      "col",
	Doc:       "column j of a matrix, as a vector",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeInt)}, Ret: library.TypeVector}},
	Sizes:     library.Independent(rangeArgs),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		rows := o.Dims(a[0])[0]
		return subMatrix(o, "col", a[0], 1, sizeArg(o, a[1]), rows, 1, []int{rows})
	},
}

func init() { registerFunc(Col) }
