package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// diag_post_multiply(M, v) = M diag_matrix(v): element (i, j) is M_ij v_j
// (Stan Functions Reference, "Diagonal matrix functions"), for v of M's
// columns.
var diagPostMultiply = &library.Func{
	Name: "diag_post_multiply",
	Doc:  "m diag(v): each column j of m times v[j]",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeVector)}, Ret: library.TypeMatrix},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeRowVector)}, Ret: library.TypeMatrix},
	},
	Sizes: library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeCols}, {Arg: 1, Of: library.SizeLen}}),
	Value: func(o library.Tensors, a []library.Value) library.Value { return diagMultiply(o, a[0], a[1], false) },
}

func init() { registerFunc(diagPostMultiply) }
