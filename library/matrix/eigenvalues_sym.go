package matrix

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
)

// EigenvaluesSym is eigenvalues_sym(A): the eigenvalues of the symmetric
// matrix A in ascending order (Stan Functions Reference, "Linear algebra
// functions and solvers", "Eigendecomposition"), by gonum's mat.EigenSym
// (LAPACK's dsyev) when A is known, else by the Jacobi program
// (jacobi.go), whose gradient is dλ_i = v_i' dA v_i.
var EigenvaluesSym = &library.Func{
	Name:      "eigenvalues_sym",
	Doc:       "the eigenvalues of a symmetric matrix, ascending",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeVector}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value:     eigenvaluesSym,
}

func init() {
	EigenvaluesSym.Interp = symmetricInterp("eigenvalues_sym", 0, eigenvaluesSym)
	registerFunc(EigenvaluesSym)
}

func eigenvaluesSym(o library.Tensors, a []library.Value) library.Value {
	n := o.Dims(a[0])[0]
	if _, ok := o.Known(a[0]); !ok {
		nonempty(o, "eigenvalues_sym", n)
		vals, _ := jacobiEigen(o, a[0], n)
		return o.FromElems([]int{n}, vals)
	}
	vals, _ := symEigen(o, "eigenvalues_sym", a[0])
	return knownVector(o, []int{len(vals)}, vals)
}

// nonempty fails, as Stan's check_nonzero_size, on a matrix of order 0.
func nonempty(o library.Tensors, name string, n int) {
	if n == 0 {
		o.Fail("%s: the matrix has no elements", name)
	}
}

// symEigen is the eigendecomposition of the known symmetric matrix m,
// by gonum, from its lower triangle (the interpreter checks the symmetry
// first, symmetricInterp; spd.go says why), after Stan's check_nonzero_size: the eigenvalues ascending, and the eigenvectors as the columns of
// a row-major matrix in the same order, each signed so that its element of
// largest magnitude (the first of equal ones) is positive. (Eigenvectors
// are defined up to sign; Stan leaves Eigen's, so its signs may differ.)
func symEigen(o library.Tensors, name string, m library.Value) (vals, vecs []float64) {
	x, _ := o.Known(m)
	n := o.Dims(m)[0]
	nonempty(o, name, n)
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(n, transposeFloats(n, n, x)), true) {
		o.Fail("%s: the eigendecomposition did not converge", name)
	}
	vals = es.Values(nil)
	var v mat.Dense
	es.VectorsTo(&v)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return vals[order[i]] < vals[order[j]] })
	sorted := make([]float64, n)
	vecs = make([]float64, n*n)
	for k, c := range order {
		sorted[k] = vals[c]
		big := 0
		for i := range n {
			if math.Abs(v.At(i, c)) > math.Abs(v.At(big, c)) {
				big = i
			}
		}
		s := 1.0
		if v.At(big, c) < 0 {
			s = -1
		}
		for i := range n {
			vecs[i*n+k] = s * v.At(i, c)
		}
	}
	return sorted, vecs
}

// knownVector is the value of dims made of the numbers xs.
func knownVector(o library.Tensors, dims []int, xs []float64) library.Value {
	vs := make([]library.Value, len(xs))
	for i, x := range xs {
		vs[i] = o.Const(x)
	}
	return o.FromElems(dims, vs)
}
