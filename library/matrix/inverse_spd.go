package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// inverse_spd(A) = A⁻¹ of a symmetric positive-definite A (Stan Functions
// Reference, "Linear algebra functions and solvers"): gonum's Cholesky
// inverse of a known A, after Stan's checks; for an A of parameters, L⁻ᵀ
// L⁻¹ of its Cholesky factor L (inverseSPD, spd.go).
var inverseSpd = &library.Func{
	Name:      "inverse_spd",
	Doc:       "the inverse of a symmetric positive-definite matrix",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value:     inverseSpdValue,
	Interp:    symmetricInterp("inverse_spd", 0, inverseSpdValue),
}

func init() { registerFunc(inverseSpd) }

func inverseSpdValue(o library.Tensors, a []library.Value) library.Value {
	return inverseSPD(o, "inverse_spd", a[0])
}
