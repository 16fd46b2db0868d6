package library

import (
	"fmt"
	"math/rand/v2"
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
