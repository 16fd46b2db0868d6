package matrix

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
)

// Cholesky is the lower Cholesky factor L of a symmetric positive-definite
// matrix m, m = L L', by the Cholesky–Banachiewicz algorithm (Golub & Van
// Loan, "Matrix Computations", 4th ed., Alg. 4.2.1), reading m's lower
// triangle: L_ij = (m_ij - Σ_{k<j} L_ik L_jk) / L_jj below the diagonal,
// L_ii = √(m_ii - Σ_{k<i} L_ik²). Built as IR it is n³/6 multiply-adds as
// scalar nodes, whose gradient is the adjoint of the same scalar program:
// it suits the small matrices of Gaussian-process models. Not positive
// definite: NaN on the diagonal from there on.
func Cholesky(o library.Tensors, m library.Value) library.Value {
	n := o.Dims(m)[0]
	L := make([]library.Value, n*n)
	zero := o.Const(0)
	for i := range L {
		L[i] = zero
	}
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			s := o.Elem(m, i*n+j)
			for k := 0; k < j; k++ {
				s = o.Sub(s, o.Mul(L[i*n+k], L[j*n+k]))
			}
			if i == j {
				L[i*n+i] = o.Sqrt(s)
			} else {
				L[i*n+j] = o.Div(s, L[j*n+j])
			}
		}
	}
	return o.FromElems([]int{n, n}, L)
}

// CovCholesky is the lower Cholesky factor of the covariance matrix s by
// gonum's mat.Cholesky, after Stan's checks (check_symmetric, relative
// 1e-8, and check_pos_definite).
func CovCholesky(s library.Tensor) (library.Tensor, error) {
	n := s.Dims[0]
	for i := range n {
		for j := range i {
			if math.Abs(s.X[i*n+j]-s.X[j*n+i]) > 1e-8*math.Max(1, math.Abs(s.X[i*n+j])) {
				return library.Tensor{}, fmt.Errorf("the covariance matrix is not symmetric at [%d,%d]", i+1, j+1)
			}
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(n, append([]float64(nil), s.X...))) {
		return library.Tensor{}, fmt.Errorf("the covariance matrix is not positive definite")
	}
	var l mat.TriDense
	ch.LTo(&l)
	out := make([]float64, n*n)
	for i := range n {
		for j := 0; j <= i; j++ {
			out[i*n+j] = l.At(i, j)
		}
	}
	return library.Tensor{Dims: []int{n, n}, X: out}, nil
}
