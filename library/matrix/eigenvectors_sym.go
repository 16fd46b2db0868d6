package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// EigenvectorsSym is eigenvectors_sym(A): the matrix whose columns are the
// eigenvectors of the symmetric matrix A, in the order of
// eigenvalues_sym's ascending eigenvalues, each of unit length and signed
// so that its element of largest magnitude is positive (Stan Functions
// Reference, "Eigendecomposition"; symEigen). A must be data.
var EigenvectorsSym = &library.Func{
	Name:      "eigenvectors_sym",
	Doc:       "the eigenvectors of a symmetric matrix, as columns in the order of eigenvalues_sym",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.SizeGroups(library.Square(0)),
	DataOnly:  eigenDataOnly,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		vals, vecs := symEigen(o, "eigenvectors_sym", a[0])
		return knownVector(o, []int{len(vals), len(vals)}, vecs)
	},
}

func init() { registerFunc(EigenvectorsSym) }
