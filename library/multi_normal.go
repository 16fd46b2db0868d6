package library

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// MultiNormal is multi_normal(μ, Σ): the multivariate normal with
// covariance Σ, symmetric positive definite (Stan Functions Reference,
// "Multivariate normal distribution"); its density is
// multi_normal_cholesky's with L the Cholesky factor of Σ, factored once.
var MultiNormal = &MvDist{
	Name:    "multi_normal",
	Variate: Arg{Class: ClassVectors},
	Params:  []Arg{{Name: "location", Class: ClassVectors}, Exact("covariance", TypeMatrix)},
	Support: "R^K",
	Sizes:   mvnSizes,
	Lpdf: func(o Tensors, a []Value, propto bool) Value {
		return mvnCholesky(o, a[0], a[1], Cholesky(o, a[2]), propto)
	},
	Check: func(a []Tensor) error {
		_, err := CovCholesky(a[2])
		return err
	},

	RngParams: []Arg{Exact("location", TypeVector), Exact("covariance", TypeMatrix)},
	RngRet:    TypeVector,
	RngSizes:  mvnRngSizes,
	Rng: func(r *rand.Rand, a []Tensor) (Tensor, error) {
		n := len(a[0].X)
		if len(a[1].Dims) != 2 || a[1].Dims[0] != n || a[1].Dims[1] != n {
			return Tensor{}, fmt.Errorf("size mismatch: a location of size %d needs a %d x %d matrix, found %v", n, n, n, a[1].Dims)
		}
		l, err := CovCholesky(a[1])
		if err != nil {
			return Tensor{}, err
		}
		return multiNormalCholeskyRng(r, []Tensor{a[0], l})
	},
}

func init() { registerMv(MultiNormal) }

// CovCholesky is the lower Cholesky factor of the covariance matrix s by
// gonum's mat.Cholesky, after Stan's checks (check_symmetric, relative
// 1e-8, and check_pos_definite).
func CovCholesky(s Tensor) (Tensor, error) {
	n := s.Dims[0]
	for i := range n {
		for j := range i {
			if math.Abs(s.X[i*n+j]-s.X[j*n+i]) > 1e-8*math.Max(1, math.Abs(s.X[i*n+j])) {
				return Tensor{}, fmt.Errorf("the covariance matrix is not symmetric at [%d,%d]", i+1, j+1)
			}
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(n, append([]float64(nil), s.X...))) {
		return Tensor{}, fmt.Errorf("the covariance matrix is not positive definite")
	}
	var l mat.TriDense
	ch.LTo(&l)
	out := make([]float64, n*n)
	for i := range n {
		for j := 0; j <= i; j++ {
			out[i*n+j] = l.At(i, j)
		}
	}
	return Tensor{Dims: []int{n, n}, X: out}, nil
}
