package library

import "fmt"

// cholesky_decompose(A) is the lower Cholesky factor L of a symmetric
// positive-definite A, A = L L' (Stan Functions Reference, "Linear algebra
// functions and solvers"): the formula Cholesky (cholesky.go), which the
// compiler builds; the interpreter factors with gonum after Stan's checks
// (CovCholesky), as it always has.
var choleskyDecompose = &Func{
	Name:      "cholesky_decompose",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeMatrix}},
	Sizes:     sizeGroups(square(0)),
	Value:     func(o Tensors, a []Value) Value { return Cholesky(o, a[0]) },
	Interp: func(a []Tensor) (Tensor, error) {
		l, err := CovCholesky(a[0])
		if err != nil {
			return Tensor{}, fmt.Errorf("cholesky_decompose: %v", err)
		}
		return l, nil
	},
}

func init() { registerFunc(choleskyDecompose) }
