package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// SubRow is sub_row(x, i, j, n_cols): n_cols elements of row i of the
// matrix x from column j, 1-based, as a row vector (Stan Functions
// Reference, "Slicing and blocking functions").
var SubRow = &library.Func{
	Name: "sub_row",
	Doc:  "n elements of row i of a matrix from column j",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeInt), library.Exact("", library.TypeInt),
		library.Exact("", library.TypeInt)}, Ret: library.TypeRowVector}},
	Sizes: library.Independent(rangeArgs),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		n := sizeArg(o, a[3])
		return subMatrix(o, "sub_row", a[0], sizeArg(o, a[1]), sizeArg(o, a[2]), 1, n, []int{n})
	},
}

func init() { registerFunc(SubRow) }
