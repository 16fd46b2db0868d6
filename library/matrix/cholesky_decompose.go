package matrix

import (
	"fmt"

	"github.com/bayes-dev/bayes/library"
)

// cholesky_decompose(A) is the lower Cholesky factor L of a symmetric
// positive-definite A, A = L L' (Stan Functions Reference, "Linear algebra
// functions and solvers"): the formula Cholesky (cholesky.go), which the
// compiler builds; the interpreter factors with gonum after Stan's checks
// (CovCholesky), as it always has.
var choleskyDecompose = &library.Func{
	Name:      "cholesky_decompose",
	Doc:       "the lower-triangular Cholesky factor L of a symmetric positive-definite matrix, L L' = A",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return Cholesky(o, a[0]) },
	Interp: func(a []library.Tensor) (library.Tensor, error) {
		l, err := CovCholesky(a[0])
		if err != nil {
			return library.Tensor{}, fmt.Errorf("cholesky_decompose: %v", err)
		}
		return l, nil
	},
}

func init() { registerFunc(choleskyDecompose) }
