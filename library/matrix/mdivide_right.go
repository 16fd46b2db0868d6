package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// mdivide_right(B, A) = B A⁻¹, and the operator B / A (Stan Functions
// Reference, "Linear algebra functions and solvers", "Matrix division
// operators"), for a square A and B a row vector or a matrix of A's
// columns: (A' \ B')', by solveLeft.
var mdivideRight = &library.Func{
	Name: "mdivide_right",
	Doc:  "b A⁻¹, the solution x of x A = b",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeMatrix)}, Ret: library.TypeRowVector},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix},
	},
	Sizes: library.SizeGroups(library.Square(1, library.Size{Arg: 0, Of: library.SizeCols})),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return solveRight(o, "mdivide_right", a[0], a[1])
	},
}

func init() { registerFunc(mdivideRight) }
