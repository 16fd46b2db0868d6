package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// mdivide_right_tri_low(b, L) = b L⁻¹, L's lower triangle (Stan Functions
// Reference, "Linear algebra functions and solvers"): each row x of the
// result solves x L = b, by back substitution from the last element, x_j =
// (b_j - Σ_{k>j} x_k L_kj) / L_jj (Golub & Van Loan, "Matrix
// Computations", 4th ed., Alg. 3.1.2, on L'), a scalar program.
var mdivideRightTriLow = &library.Func{
	Name: "mdivide_right_tri_low",
	Doc:  "b L⁻¹ for a lower-triangular L",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeMatrix)}, Ret: library.TypeRowVector},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix},
	},
	Sizes: library.SizeGroups(library.Square(1, library.Size{Arg: 0, Of: library.SizeCols})),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		b, L := a[0], a[1]
		n := o.Dims(L)[0]
		rows := 1
		if d := o.Dims(b); len(d) == 2 {
			rows = d[0]
		}
		xs := make([]library.Value, rows*n)
		for r := 0; r < rows; r++ {
			for j := n - 1; j >= 0; j-- {
				acc := o.Elem(b, r*n+j)
				for k := j + 1; k < n; k++ {
					acc = o.Sub(acc, o.Mul(xs[r*n+k], o.Elem(L, k*n+j)))
				}
				xs[r*n+j] = o.Div(acc, o.Elem(L, j*n+j))
			}
		}
		return o.FromElems(o.Dims(b), xs)
	},
}

func init() { registerFunc(mdivideRightTriLow) }
