package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// Row is row(x, m): the m'th row of the matrix x, 1-based, as a row vector
// (Stan Functions Reference, "Slicing and blocking functions").
var Row = &library.Func{
	Name:      "row",
	Doc:       "row i of a matrix, as a row vector",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeInt)}, Ret: library.TypeRowVector}},
	Sizes:     library.Independent(rangeArgs),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		cols := o.Dims(a[0])[1]
		return subMatrix(o, "row", a[0], sizeArg(o, a[1]), 1, 1, cols, []int{cols})
	},
}

func init() { registerFunc(Row) }
