package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// SubCol is sub_col(x, i, j, n_rows): n_rows elements of column j of the
// matrix x from row i, 1-based, as a vector (Stan Functions Reference,
// "Slicing and blocking functions").
var SubCol = &library.Func{
	Name: "sub_col",
	Doc:  "n elements of column j of a matrix from row i",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeInt), library.Exact("", library.TypeInt),
		library.Exact("", library.TypeInt)}, Ret: library.TypeVector}},
	Sizes: library.Independent(rangeArgs),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		n := sizeArg(o, a[3])
		return subMatrix(o, "sub_col", a[0], sizeArg(o, a[1]), sizeArg(o, a[2]), n, 1, []int{n})
	},
}

func init() { registerFunc(SubCol) }
