package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// mdivide_left(A, b) = A⁻¹ b, and the operator A \ b (Stan Functions
// Reference, "Linear algebra functions and solvers", "Matrix division
// operators"), for a square A and b a vector or a matrix of A's rows
// (solveLeft: gonum's LU with partial pivoting for known A and b, gonum's
// inverse times a b of parameters, elimination without pivoting for an A
// of parameters).
var mdivideLeft = &library.Func{
	Name: "mdivide_left",
	Doc:  "A⁻¹ b, the solution x of A x = b",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeVector)}, Ret: library.TypeVector},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix},
	},
	Sizes: library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeRows})),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return solveLeft(o, "mdivide_left", a[0], a[1])
	},
}

func init() { registerFunc(mdivideLeft) }
