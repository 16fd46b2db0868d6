package matrix

import (
	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
)

// determinant(A) = det A (Stan Functions Reference, "Linear algebra
// functions and solvers"): gonum's mat.Det (LU with partial pivoting) of a
// known A; for an A of parameters, the product of the pivots of Gaussian
// elimination without pivoting (eliminate, solve.go), whose zero leading
// principal minors give NaN.
var determinant = &library.Func{
	Name:      "determinant",
	Doc:       "the determinant of a square matrix",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeReal}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		A := a[0]
		n := o.Dims(A)[0]
		if xs, ok := o.Known(A); ok {
			return o.FromKnown(nil, []float64{mat.Det(mat.NewDense(n, n, append([]float64(nil), xs...)))})
		}
		if n == 0 {
			return o.Const(1)
		}
		_, piv := eliminate(o, n, 0, elems(o, A), nil)
		acc := piv[0]
		for _, p := range piv[1:] {
			acc = o.Mul(acc, p)
		}
		return acc
	},
}

func init() { registerFunc(determinant) }
