package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// QuadFormDiag is quad_form_diag(m, v) = diag_matrix(v) * m * diag_matrix(v)
// for a square m and a vector or row vector v of its order (Stan Functions
// Reference, "Quadratic forms"): element (i, j) is v_i m_ij v_j, multiplied
// in that order, as Eigen's v.asDiagonal() * m * v.asDiagonal() does in
// Stan Math.
var QuadFormDiag = &library.Func{
	Name: "quad_form_diag",
	Doc:  "diag(v) m diag(v)",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeVector)}, Ret: library.TypeMatrix},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeRowVector)}, Ret: library.TypeMatrix},
	},
	Sizes: library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeLen})),
	Value: quadFormDiag,
}

func init() { registerFunc(QuadFormDiag) }

func quadFormDiag(o library.Tensors, a []library.Value) library.Value {
	m, v := a[0], a[1]
	n := o.Dims(m)[0]
	xs := make([]library.Value, n*n)
	for i := 0; i < n; i++ {
		vi := o.Elem(v, i)
		for j := 0; j < n; j++ {
			xs[i*n+j] = o.Mul(o.Mul(vi, o.Elem(m, i*n+j)), o.Elem(v, j))
		}
	}
	return o.FromElems([]int{n, n}, xs)
}
