package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// mdivide_left_tri_low(L, b) = L⁻¹ b, L's lower triangle (Stan Functions
// Reference, "Linear algebra functions and solvers"), by forward
// substitution x_i = (b_i - Σ_{j<i} L_ij x_j) / L_ii (Golub & Van Loan,
// "Matrix Computations", 4th ed., Alg. 3.1.1), column by column for a
// matrix b: a scalar program, whose gradient the compiler takes through
// its ops. A zero on L's diagonal gives Inf or NaN, as Stan's.
var mdivideLeftTriLow = &library.Func{
	Name: "mdivide_left_tri_low",
	Doc:  "L⁻¹ b for a lower-triangular L",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeVector)}, Ret: library.TypeVector},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix},
	},
	Sizes: library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeRows})),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		L, b := a[0], a[1]
		k := o.Dims(L)[0]
		cols := 1
		if d := o.Dims(b); len(d) == 2 {
			cols = d[1]
		}
		xs := make([]library.Value, k*cols)
		for c := 0; c < cols; c++ {
			for i := 0; i < k; i++ {
				acc := o.Elem(b, i*cols+c)
				for j := 0; j < i; j++ {
					acc = o.Sub(acc, o.Mul(o.Elem(L, i*k+j), xs[j*cols+c]))
				}
				xs[i*cols+c] = o.Div(acc, o.Elem(L, i*k+i))
			}
		}
		return o.FromElems(o.Dims(b), xs)
	},
}

func init() { registerFunc(mdivideLeftTriLow) }
