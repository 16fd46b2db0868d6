package library

// QuadFormDiag is quad_form_diag(m, v) = diag_matrix(v) * m * diag_matrix(v)
// for a square m and a vector or row vector v of its order (Stan Functions
// Reference, "Quadratic forms"): element (i, j) is v_i m_ij v_j, multiplied
// in that order, as Eigen's v.asDiagonal() * m * v.asDiagonal() does in
// Stan Math.
var QuadFormDiag = &Func{
	Name: "quad_form_diag",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeVector)}, Ret: TypeMatrix},
		{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeRowVector)}, Ret: TypeMatrix},
	},
	Sizes: sizeGroups(square(0, Size{Arg: 1, Of: SizeLen})),
	Value: quadFormDiag,
}

func init() { registerFunc(QuadFormDiag) }

func quadFormDiag(o Tensors, a []Value) Value {
	m, v := a[0], a[1]
	n := o.Dims(m)[0]
	xs := make([]Value, n*n)
	for i := 0; i < n; i++ {
		vi := o.Elem(v, i)
		for j := 0; j < n; j++ {
			xs[i*n+j] = o.Mul(o.Mul(vi, o.Elem(m, i*n+j)), o.Elem(v, j))
		}
	}
	return o.FromElems([]int{n, n}, xs)
}
