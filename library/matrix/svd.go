package matrix

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/funcs"
)

// The singular value decomposition A = U Σ V' of an m x n matrix that
// singular_values, svd_U and svd_V take apart (Stan Functions Reference,
// "Linear algebra functions and solvers", "Singular value decomposition"):
// the thin one, K = min(m, n) singular values in descending order and
// their K left and right singular vectors, by gonum's mat.SVD (LAPACK's
// dgesvd). Singular vectors are defined up to sign: each left one is
// signed so that its element of largest magnitude (the first of equal
// ones) is positive, its right one with it, so that U Σ V' is A (Stan
// leaves Eigen's signs, which may differ). svd_U and svd_V take data only;
// singular_values of parameters are the square roots of the eigenvalues
// of A'A (or AA', the smaller), by the Jacobi program (jacobi.go), whose
// gradient is dσ_i = u_i' dA v_i where σ_i > 0 (none at σ_i = 0).

// svdDataOnly is why svd_U and svd_V take data only.
const svdDataOnly = "the derivative of singular vectors is not in bayes yet"

// thinSVD is the thin SVD of the known m x n matrix A: the singular values,
// descending, and U (m x K) and V (n x K) row-major, after Stan's checks
// (check_nonzero_size; finite elements, which dgesvd needs); with
// vectors, A must be data (svdDataOnly).
func thinSVD(o library.Tensors, name string, A library.Value, vectors bool) (vals, u, v []float64, m, n int) {
	xs, ok := o.Known(A)
	if !ok || vectors && !o.Data(A) {
		o.Fail("bayes cannot compile %s of a matrix that depends on parameters yet (%s)", name, svdDataOnly)
	}
	d := o.Dims(A)
	m, n = d[0], d[1]
	if m == 0 || n == 0 {
		o.Fail("%s: the matrix has no elements", name)
	}
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			o.Fail("%s: the matrix holds %v at [%d,%d], but must be finite", name, x, i/n+1, i%n+1)
		}
	}
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(m, n, append([]float64(nil), xs...)), mat.SVDThin) {
		o.Fail("%s: the singular value decomposition did not converge", name)
	}
	vals = svd.Values(nil)
	var U, V mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	k := len(vals)
	u, v = make([]float64, m*k), make([]float64, n*k)
	for c := range k {
		big := 0
		for i := range m {
			if math.Abs(U.At(i, c)) > math.Abs(U.At(big, c)) {
				big = i
			}
		}
		s := 1.0
		if U.At(big, c) < 0 {
			s = -1
		}
		for i := range m {
			u[i*k+c] = s * U.At(i, c)
		}
		for i := range n {
			v[i*k+c] = s * V.At(i, c)
		}
	}
	return vals, u, v, m, n
}

// singular_values(A): A's K singular values, descending.
var singularValues = &library.Func{
	Name:      "singular_values",
	Doc:       "the singular values of A, descending",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeVector}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		A := a[0]
		if _, ok := o.Known(A); ok {
			vals, _, _, _, _ := thinSVD(o, "singular_values", A, false)
			return o.FromKnown([]int{len(vals)}, vals)
		}
		d := o.Dims(A)
		if d[0] == 0 || d[1] == 0 {
			o.Fail("singular_values: the matrix has no elements")
		}
		var g library.Value // the Gram matrix of the smaller order
		if d[0] >= d[1] {
			g = o.MatMat(funcs.Transposed(o, A), A)
		} else {
			g = o.MatMat(A, funcs.Transposed(o, A))
		}
		k := min(d[0], d[1])
		lam, _ := jacobiEigen(o, g, k)
		zero := o.Const(0)
		out := make([]library.Value, k)
		for i, l := range lam { // ascending eigenvalues, ≥ 0 but for rounding
			out[k-1-i] = o.Sqrt(o.Select(o.Lt(l, zero), zero, l))
		}
		return o.FromElems([]int{k}, out)
	},
}

// svd_U(A): the m x K matrix of A's left singular vectors, as columns in
// the order of the singular values.
var svdU = &library.Func{
	Name:      "svd_U",
	Doc:       "the left singular vectors of A, as columns in descending order of the singular values",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	DataOnly:  svdDataOnly,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		vals, u, _, m, _ := thinSVD(o, "svd_U", a[0], true)
		return o.FromKnown([]int{m, len(vals)}, u)
	},
}

// svd_V(A): the n x K matrix of A's right singular vectors.
var svdV = &library.Func{
	Name:      "svd_V",
	Doc:       "the right singular vectors of A, as columns in descending order of the singular values",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	DataOnly:  svdDataOnly,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		vals, _, v, _, n := thinSVD(o, "svd_V", a[0], true)
		return o.FromKnown([]int{n, len(vals)}, v)
	},
}

func init() {
	registerFunc(singularValues)
	registerFunc(svdU)
	registerFunc(svdV)
}
