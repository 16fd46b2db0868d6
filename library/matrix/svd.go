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
// leaves Eigen's signs, which may differ). Of parameters, singular_values
// are the square roots of the eigenvalues of A'A (or AA', the smaller), by
// the Jacobi program (jacobi.go), whose gradient is dσ_i = u_i' dA v_i
// where σ_i > 0 (none at σ_i = 0); svd_U and svd_V are programs over the
// same eigendecomposition (svdVectors), whose gradient the compiler takes
// through its rotations. With distinct, nonzero singular values that is
// the derivative of Townsend (2016, "Differentiating the singular value
// decomposition", eqs. 31-32, F_ij = 1/(σ_j² - σ_i²)): the Jacobi
// sweeps leave the off-diagonal at rounding level, and what they compute
// is a smooth function of A there. Singular values that coincide, or are
// zero, have singular vectors that are not functions of A: there the
// gradient is not meaningful (Stan's, from the same formula, is infinite).

// thinSVD is the thin SVD of the known m x n matrix A: the singular values,
// descending, and U (m x K) and V (n x K) row-major, after Stan's checks
// (check_nonzero_size; finite elements, which dgesvd needs).
func thinSVD(o library.Tensors, name string, A library.Value) (vals, u, v []float64, m, n int) {
	xs, _ := o.Known(A)
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
			vals, _, _, _, _ := thinSVD(o, "singular_values", A)
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
	Value: func(o library.Tensors, a []library.Value) library.Value {
		if _, ok := o.Known(a[0]); !ok || !o.Data(a[0]) {
			return svdVectors(o, "svd_U", a[0], true)
		}
		vals, u, _, m, _ := thinSVD(o, "svd_U", a[0])
		return o.FromKnown([]int{m, len(vals)}, u)
	},
}

// svd_V(A): the n x K matrix of A's right singular vectors.
var svdV = &library.Func{
	Name:      "svd_V",
	Doc:       "the right singular vectors of A, as columns in descending order of the singular values",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		if _, ok := o.Known(a[0]); !ok || !o.Data(a[0]) {
			return svdVectors(o, "svd_V", a[0], false)
		}
		vals, _, v, _, n := thinSVD(o, "svd_V", a[0])
		return o.FromKnown([]int{n, len(vals)}, v)
	},
}

// svdVectors is svd_U (left) or svd_V of the m x n A of parameters, as a
// program: the singular vectors of the side of order K = min(m, n) are the
// eigenvectors of its Gram matrix (AA' for U when m <= n, A'A for V
// otherwise), by the Jacobi program, in descending order; those of the
// other side are A'u_j/σ_j or Av_j/σ_j. Signs follow thinSVD's: each left
// vector's element of largest magnitude (the first of equal ones)
// positive, its right one with it; the Jacobi program signs U so already,
// and V by the sign of that element of Av_j, which is σ_j u_j's.
func svdVectors(o library.Tensors, name string, A library.Value, left bool) library.Value {
	d := o.Dims(A)
	m, n := d[0], d[1]
	if m == 0 || n == 0 {
		o.Fail("%s: the matrix has no elements", name)
	}
	k := min(m, n)
	uSide := m <= n // the Gram matrix AA' is the smaller: U is its eigenvectors
	var gram library.Value
	if uSide {
		gram = o.MatMat(A, funcs.Transposed(o, A))
	} else {
		gram = o.MatMat(funcs.Transposed(o, A), A)
	}
	lam, vecs := jacobiEigen(o, gram, k)
	zero := o.Const(0)
	// p is the direct side's k x k matrix, its columns descending
	p := make([]library.Value, k*k)
	sigma := make([]library.Value, k)
	for j := range k {
		l := lam[k-1-j] // ≥ 0 but for rounding
		sigma[j] = o.Sqrt(o.Select(o.Lt(l, zero), zero, l))
		for i := range k {
			p[i*k+j] = vecs[i*k+k-1-j]
		}
	}
	a := func(i, j int) library.Value { return o.Elem(A, i*n+j) }
	// mapped is the other side's rows x k matrix, A'p_j (uSide) or Ap_j,
	// not yet divided by σ_j
	rows := m
	if uSide {
		rows = n
	}
	mapped := make([]library.Value, rows*k)
	for i := range rows {
		for j := range k {
			var acc library.Value
			for l := range k {
				var x library.Value
				if uSide {
					x = a(l, i) // A[l, i] p[l, j]: A'u
				} else {
					x = a(i, l) // A[i, l] p[l, j]: Av
				}
				term := o.Mul(x, p[l*k+j])
				if l == 0 {
					acc = term
				} else {
					acc = o.Add(acc, term)
				}
			}
			mapped[i*k+j] = acc
		}
	}
	if uSide == left { // the wanted side is the direct one
		if !left { // V: signed as Av_j's element of largest magnitude
			for j := range k {
				s := o.Sign(largest(o, mapped, j, rows, k))
				for i := range k {
					p[i*k+j] = o.Mul(s, p[i*k+j])
				}
			}
		}
		return o.FromElems([]int{k, k}, p)
	}
	out := make([]library.Value, rows*k)
	for j := range k {
		s := o.Const(1)
		if left { // U = Av/σ: signed by its element of largest magnitude
			s = o.Sign(largest(o, mapped, j, rows, k))
		}
		f := o.Div(s, sigma[j])
		for i := range rows {
			out[i*k+j] = o.Mul(mapped[i*k+j], f)
		}
	}
	return o.FromElems([]int{rows, k}, out)
}

// largest is the element of largest magnitude of column j of the rows x k
// row-major x, the first of equal ones.
func largest(o library.Tensors, x []library.Value, j, rows, k int) library.Value {
	cur := x[j]
	for i := 1; i < rows; i++ {
		y := x[i*k+j]
		cur = o.Select(o.Lt(o.Fabs(cur), o.Fabs(y)), y, cur)
	}
	return cur
}

func init() {
	registerFunc(singularValues)
	registerFunc(svdU)
	registerFunc(svdV)
}
