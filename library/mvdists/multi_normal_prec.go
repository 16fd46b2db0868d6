package mvdists

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/matrix"
)

// MultiNormalPrec is multi_normal_prec(μ, Ω): the multivariate normal with
// precision Ω = Σ⁻¹, symmetric positive definite (Stan Functions
// Reference, "Multivariate normal distribution, precision
// parameterization"): -r'Ωr/2 + log det Ω / 2 - K log(2π)/2, r = y - μ,
// summed over an array of outcomes (or of locations); log det Ω = 2 Σ log
// L_ii, L = Cholesky(Ω). `~` drops the constant, and log det Ω when Ω is
// data. Stan has no multi_normal_prec_rng; the rng here draws the outcomes
// of prior predictive sampling only.
var MultiNormalPrec = &library.MvDist{
	Name:    "multi_normal_prec",
	Variate: library.Arg{Class: library.ClassVectors},
	Params:  []library.Arg{{Name: "location", Class: library.ClassVectors}, library.Exact("precision", library.TypeMatrix)},
	Support: "R^K",
	Sizes:   mvnSizes,
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		omega := a[2]
		k := o.Dims(omega)[0]
		halfLogDet := library.NoValue
		if !(propto && o.Data(omega)) {
			halfLogDet = logDiagSum(o, matrix.Cholesky(o, omega))
		}
		return sumRows(o, a[0], a[1], func(y, mu library.Value) library.Value {
			r := o.Sub(y, mu)
			lp := o.Mul(o.Const(-0.5), o.Dot(r, o.MatVec(omega, r)))
			if halfLogDet != library.NoValue {
				lp = o.Add(lp, halfLogDet)
			}
			if !propto {
				lp = o.Sub(lp, o.Const(float64(k)*library.HalfLog2Pi))
			}
			return lp
		})
	},
	Check: func(a []library.Tensor) error {
		_, err := spdCholesky("precision matrix", a[2])
		return err
	},

	RngParams: []library.Arg{library.Exact("location", library.TypeVector), library.Exact("precision", library.TypeMatrix)},
	RngRet:    library.TypeVector,
	RngSizes:  mvnRngSizes,
	NoRngFunc: "Stan has no multi_normal_prec_rng",
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		n := len(a[0].X)
		if len(a[1].Dims) != 2 || a[1].Dims[0] != n || a[1].Dims[1] != n {
			return library.Tensor{}, fmt.Errorf("size mismatch: a location of size %d needs a %d x %d matrix, found %v", n, n, n, a[1].Dims)
		}
		if _, err := spdCholesky("precision matrix", a[1]); err != nil {
			return library.Tensor{}, err
		}
		var sigma mat.Dense
		if err := sigma.Inverse(denseOf(a[1])); err != nil {
			return library.Tensor{}, fmt.Errorf("the precision matrix cannot be inverted: %v", err)
		}
		ch, err := choleskyOfSym("inverse of the precision matrix", tensorOf(&sigma))
		if err != nil {
			return library.Tensor{}, err
		}
		return multiNormalCholeskyRng(r, []library.Tensor{a[0], lowerOf(ch)})
	},
}

func init() { registerMv(MultiNormalPrec) }
