package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// EigenvectorsSym is eigenvectors_sym(A): the matrix whose columns are the
// eigenvectors of the symmetric matrix A, in the order of
// eigenvalues_sym's ascending eigenvalues, each of unit length and signed
// so that its element of largest magnitude is positive (Stan Functions
// Reference, "Eigendecomposition"; symEigen, or the Jacobi program of
// jacobi.go for A of parameters, whose gradient is that of its rotations).
var EigenvectorsSym = &library.Func{
	Name:      "eigenvectors_sym",
	Doc:       "the eigenvectors of a symmetric matrix, as columns in the order of eigenvalues_sym",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value:     eigenvectorsSym,
}

func init() {
	EigenvectorsSym.Interp = symmetricInterp("eigenvectors_sym", 0, eigenvectorsSym)
	registerFunc(EigenvectorsSym)
}

func eigenvectorsSym(o library.Tensors, a []library.Value) library.Value {
	n := o.Dims(a[0])[0]
	if _, ok := o.Known(a[0]); !ok {
		nonempty(o, "eigenvectors_sym", n)
		_, vecs := jacobiEigen(o, a[0], n)
		return o.FromElems([]int{n, n}, vecs)
	}
	vals, vecs := symEigen(o, "eigenvectors_sym", a[0])
	return knownVector(o, []int{len(vals), len(vals)}, vecs)
}
