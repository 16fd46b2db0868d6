package library

// EigenvectorsSym is eigenvectors_sym(A): the matrix whose columns are the
// eigenvectors of the symmetric matrix A, in the order of
// eigenvalues_sym's ascending eigenvalues, each of unit length and signed
// so that its element of largest magnitude is positive (Stan Functions
// Reference, "Eigendecomposition"; symEigen). A must be data.
var EigenvectorsSym = &Func{
	Name:      "eigenvectors_sym",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeMatrix}},
	Sizes:     sizeGroups(square(0)),
	DataOnly:  eigenDataOnly,
	Value: func(o Tensors, a []Value) Value {
		vals, vecs := symEigen(o, "eigenvectors_sym", a[0])
		return knownVector(o, []int{len(vals), len(vals)}, vecs)
	},
}

func init() { registerFunc(EigenvectorsSym) }
