package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// mdivide_left_spd(A, b) = A⁻¹ b for a symmetric positive-definite A
// (Stan Functions Reference, "Linear algebra functions and solvers"), b a
// vector or a matrix of A's rows: gonum's Cholesky solve when A and b are
// known, after Stan's checks; for an A of parameters, the two triangular
// solves with its Cholesky factor (solveSPD, spd.go).
var mdivideLeftSpd = &library.Func{
	Name: "mdivide_left_spd",
	Doc:  "A⁻¹ b for a symmetric positive-definite A",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeVector)}, Ret: library.TypeVector},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix},
	},
	Sizes:  library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeRows})),
	Value:  mdivideLeftSpdValue,
	Interp: symmetricInterp("mdivide_left_spd", 0, mdivideLeftSpdValue),
}

func init() { registerFunc(mdivideLeftSpd) }

func mdivideLeftSpdValue(o library.Tensors, a []library.Value) library.Value {
	return solveSPD(o, "mdivide_left_spd", a[0], a[1])
}
