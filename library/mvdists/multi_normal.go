package mvdists

import (
	"fmt"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/matrix"
)

// MultiNormal is multi_normal(μ, Σ): the multivariate normal with
// covariance Σ, symmetric positive definite (Stan Functions Reference,
// "Multivariate normal distribution"); its density is
// multi_normal_cholesky's with L the Cholesky factor of Σ, factored once.
var MultiNormal = &library.MvDist{
	Name:    "multi_normal",
	Variate: library.Arg{Class: library.ClassVectors},
	Params:  []library.Arg{{Name: "location", Class: library.ClassVectors}, library.Exact("covariance", library.TypeMatrix)},
	Support: "R^K",
	Sizes:   mvnSizes,
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		return mvnCholesky(o, a[0], a[1], matrix.Cholesky(o, a[2]), propto)
	},
	Check: func(a []library.Tensor) error {
		_, err := matrix.CovCholesky(a[2])
		return err
	},

	RngParams: []library.Arg{library.Exact("location", library.TypeVector), library.Exact("covariance", library.TypeMatrix)},
	RngRet:    library.TypeVector,
	RngSizes:  mvnRngSizes,
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		n := len(a[0].X)
		if len(a[1].Dims) != 2 || a[1].Dims[0] != n || a[1].Dims[1] != n {
			return library.Tensor{}, fmt.Errorf("size mismatch: a location of size %d needs a %d x %d matrix, found %v", n, n, n, a[1].Dims)
		}
		l, err := matrix.CovCholesky(a[1])
		if err != nil {
			return library.Tensor{}, err
		}
		return multiNormalCholeskyRng(r, []library.Tensor{a[0], l})
	},
}

func init() { registerMv(MultiNormal) }
