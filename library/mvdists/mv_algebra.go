package mvdists

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/matrix"
)

// The algebra the families over vectors and matrices share: the sum of a
// density over an array of outcome vectors, forward substitution, log
// determinants and quadratic forms built from Cholesky factors, and the
// checks and factorisations of their rngs over numbers.

// sumRows is Σ_i f(y_i, μ_i) over the pairs of an outcome and a location,
// each a vector or an array of them (a single vector is paired with every
// element of the other's array; Stan's "vectors").
func sumRows(o library.Tensors, y, mu library.Value, f func(y, mu library.Value) library.Value) library.Value {
	yd, md := o.Dims(y), o.Dims(mu)
	if len(yd) == 1 && len(md) == 1 {
		return f(y, mu)
	}
	rows := yd[0]
	if len(yd) == 1 {
		rows = md[0]
	}
	row := func(x library.Value, d []int, i int) library.Value {
		if len(d) == 1 {
			return x
		}
		k := d[1]
		off := make([]int, k)
		for j := range off {
			off[j] = i*k + j
		}
		return o.Pick(x, off)
	}
	acc := o.Const(0)
	for i := 0; i < rows; i++ {
		acc = o.Add(acc, f(row(y, yd, i), row(mu, md, i)))
	}
	return acc
}

// forwardSolve is L⁻¹ b by forward substitution, b's k elements given as
// scalars (L's lower triangle is read; Golub & Van Loan, Alg. 3.1.1).
func forwardSolve(o library.Tensors, L library.Value, b []library.Value) []library.Value {
	k := len(b)
	z := make([]library.Value, k)
	for i := 0; i < k; i++ {
		acc := b[i]
		for j := 0; j < i; j++ {
			acc = o.Sub(acc, o.Mul(o.Elem(L, i*k+j), z[j]))
		}
		z[i] = o.Div(acc, o.Elem(L, i*k+i))
	}
	return z
}

// sumSquares is Σ x_i².
func sumSquares(o library.Tensors, xs []library.Value) library.Value {
	acc := o.Square(xs[0])
	for _, x := range xs[1:] {
		acc = o.Add(acc, o.Square(x))
	}
	return acc
}

// logDiagSum is Σ log L_ii of a K x K factor L.
func logDiagSum(o library.Tensors, L library.Value) library.Value {
	k := o.Dims(L)[0]
	acc := o.Log(o.Elem(L, 0))
	for i := 1; i < k; i++ {
		acc = o.Add(acc, o.Log(o.Elem(L, i*k+i)))
	}
	return acc
}

// triSolveFrobenius is ||A⁻¹ B||_F², A and B lower triangular K x K:
// tr(S⁻¹ W) when A, B are the Cholesky factors of S and W. Column j of B
// is zero above row j, and so is that of A⁻¹ B: only rows j.. are solved.
func triSolveFrobenius(o library.Tensors, A, B library.Value) library.Value {
	k := o.Dims(A)[0]
	acc := library.NoValue
	for j := 0; j < k; j++ {
		z := make([]library.Value, k)
		for i := j; i < k; i++ {
			s := o.Elem(B, i*k+j)
			for c := j; c < i; c++ {
				s = o.Sub(s, o.Mul(o.Elem(A, i*k+c), z[c]))
			}
			z[i] = o.Div(s, o.Elem(A, i*k+i))
			if acc == library.NoValue {
				acc = o.Square(z[i])
			} else {
				acc = o.Add(acc, o.Square(z[i]))
			}
		}
	}
	return acc
}

// lmgamma is log Γ_K(x) = K(K-1)/4 log π + Σ_{j=1}^K lgamma(x + (1-j)/2),
// the log multivariate gamma function (Stan Functions Reference,
// "Combinatorial functions", lmgamma).
func lmgamma(o library.Tensors, k int, x library.Value) library.Value {
	acc := o.Const(float64(k*(k-1)) / 4 * library.LogPi)
	for j := 1; j <= k; j++ {
		acc = o.Add(acc, o.Lgamma(o.Add(x, o.Const(float64(1-j)/2))))
	}
	return acc
}

// spdCholesky is the lower Cholesky factor of the symmetric positive
// definite matrix s, called what in messages, after Stan's checks
// (check_symmetric, relative 1e-8, and check_pos_definite).
func spdCholesky(what string, s library.Tensor) (library.Tensor, error) {
	if len(s.Dims) != 2 || s.Dims[0] != s.Dims[1] {
		return library.Tensor{}, fmt.Errorf("the %s must be square; found %v", what, s.Dims)
	}
	l, err := matrix.CovCholesky(s)
	if err != nil {
		return library.Tensor{}, errors.New(strings.Replace(err.Error(), "covariance matrix", what, 1))
	}
	return l, nil
}

// checkCholeskyFactor is Stan's check_cholesky_factor of a square L:
// lower triangular with a positive diagonal.
func checkCholeskyFactor(what string, l library.Tensor) error {
	if len(l.Dims) != 2 || l.Dims[0] != l.Dims[1] {
		return fmt.Errorf("the %s must be square; found %v", what, l.Dims)
	}
	k := l.Dims[0]
	for i := range k {
		if !(l.X[i*k+i] > 0) {
			return fmt.Errorf("the %s is not a Cholesky factor: its diagonal element [%d,%d] is %g, but must be positive", what, i+1, i+1, l.X[i*k+i])
		}
		for j := i + 1; j < k; j++ {
			if l.X[i*k+j] != 0 {
				return fmt.Errorf("the %s is not lower triangular: its element [%d,%d] is %g", what, i+1, j+1, l.X[i*k+j])
			}
		}
	}
	return nil
}

// checkDof is the degrees of freedom ν > K-1 of a Wishart family over K x K
// matrices (Stan's check_greater(nu, K - 1)).
func checkDof(nu float64, k int) error {
	if !(nu > float64(k-1)) || math.IsInf(nu, 1) {
		return fmt.Errorf("the degrees of freedom must be finite and greater than %d (the size less 1); found %g", k-1, nu)
	}
	return nil
}

// Numbers, for the rngs.

func denseOf(t library.Tensor) *mat.Dense {
	return mat.NewDense(t.Dims[0], t.Dims[1], append([]float64(nil), t.X...))
}

func tensorOf(m mat.Matrix) library.Tensor {
	r, c := m.Dims()
	t := library.Tensor{Dims: []int{r, c}, X: make([]float64, 0, r*c)}
	for i := range r {
		for j := range c {
			t.X = append(t.X, m.At(i, j))
		}
	}
	return t
}

// lowerOf is the lower triangle of the factor of ch.
func lowerOf(ch *mat.Cholesky) library.Tensor {
	var l mat.TriDense
	ch.LTo(&l)
	return tensorOf(&l)
}

// choleskyOfSym factors the symmetric part of t, for a drawn matrix.
func choleskyOfSym(what string, t library.Tensor) (*mat.Cholesky, error) {
	k := t.Dims[0]
	s := mat.NewSymDense(k, nil)
	for i := range k {
		for j := 0; j <= i; j++ {
			s.SetSym(i, j, (t.X[i*k+j]+t.X[j*k+i])/2)
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		return nil, fmt.Errorf("the %s is not positive definite", what)
	}
	return &ch, nil
}
