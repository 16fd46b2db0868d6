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
// (LAPACK's dsyev). A must be data (or computed from data only): bayes has
// no derivative of the decomposition yet.
var EigenvaluesSym = &library.Func{
	Name:      "eigenvalues_sym",
	Doc:       "the eigenvalues of a symmetric matrix, ascending",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeVector}},
	Sizes:     library.SizeGroups(library.Square(0)),
	DataOnly:  eigenDataOnly,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		vals, _ := symEigen(o, "eigenvalues_sym", a[0])
		return knownVector(o, []int{len(vals)}, vals)
	},
}

func init() { registerFunc(EigenvaluesSym) }

// eigenDataOnly is why the eigendecompositions take data only.
const eigenDataOnly = "the derivative of an eigendecomposition is not in bayes yet"

// symEigen is the eigendecomposition of the known symmetric matrix m,
// after Stan's checks (check_nonzero_size, check_symmetric: relative
// 1e-8): the eigenvalues ascending, and the eigenvectors as the columns of
// a row-major matrix in the same order, each signed so that its element of
// largest magnitude (the first of equal ones) is positive. (Eigenvectors
// are defined up to sign; Stan leaves Eigen's, so its signs may differ.)
func symEigen(o library.Tensors, name string, m library.Value) (vals, vecs []float64) {
	x, ok := o.Known(m)
	if !ok || !o.Data(m) {
		o.Fail("bayes cannot compile %s of a matrix that depends on parameters yet (%s)", name, eigenDataOnly)
	}
	n := o.Dims(m)[0]
	if n == 0 {
		o.Fail("%s: the matrix has no elements", name)
	}
	for i := range n {
		for j := range i {
			if math.Abs(x[i*n+j]-x[j*n+i]) > 1e-8*math.Max(1, math.Abs(x[i*n+j])) {
				o.Fail("%s: the matrix is not symmetric: [%d,%d] is %g, [%d,%d] is %g", name, i+1, j+1, x[i*n+j], j+1, i+1, x[j*n+i])
			}
		}
	}
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(n, append([]float64(nil), x...)), true) {
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
