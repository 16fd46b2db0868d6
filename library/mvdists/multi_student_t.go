package mvdists

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/matrix"
)

// MultiStudentT is multi_student_t(ν, μ, Σ): the multivariate Student-t
// with ν degrees of freedom, location μ and scale matrix Σ, symmetric
// positive definite (Stan Functions Reference, "Multivariate Student-t
// distribution"); its density is multi_student_t_cholesky's with L the
// Cholesky factor of Σ, factored once.
var MultiStudentT = &library.MvDist{
	Name:    "multi_student_t",
	Variate: library.Arg{Class: library.ClassVectors},
	Params: []library.Arg{library.Exact("degrees of freedom", library.TypeReal), {Name: "location", Class: library.ClassVectors},
		library.Exact("scale matrix", library.TypeMatrix)},
	Support: "R^K",
	Sizes:   mvtSizes,
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		return mvtCholesky(o, a[0], a[1], a[2], matrix.Cholesky(o, a[3]), o.Data(a[3]), propto)
	},
	Check: func(a []library.Tensor) error {
		if err := checkNu(a[1].X[0]); err != nil {
			return err
		}
		_, err := spdCholesky("scale matrix", a[3])
		return err
	},

	RngParams: []library.Arg{library.Exact("degrees of freedom", library.TypeReal), library.Exact("location", library.TypeVector),
		library.Exact("scale matrix", library.TypeMatrix)},
	RngRet:   library.TypeVector,
	RngSizes: mvtRngSizes,
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		if err := mvtRngSizesOK(a); err != nil {
			return library.Tensor{}, err
		}
		l, err := spdCholesky("scale matrix", a[2])
		if err != nil {
			return library.Tensor{}, err
		}
		return mvtRng(r, a[0].X[0], a[1], l)
	},
}

// MultiStudentTCholesky is multi_student_t_cholesky(ν, μ, L): the
// multivariate Student-t with scale matrix L L', L lower triangular (Stan
// Functions Reference, "Multivariate Student-t distribution, Cholesky
// parameterization").
var MultiStudentTCholesky = &library.MvDist{
	Name:    "multi_student_t_cholesky",
	Variate: library.Arg{Class: library.ClassVectors},
	Params: []library.Arg{library.Exact("degrees of freedom", library.TypeReal), {Name: "location", Class: library.ClassVectors},
		library.Exact("Cholesky factor of the scale matrix", library.TypeMatrix)},
	Support: "R^K",
	Sizes:   mvtSizes,
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		return mvtCholesky(o, a[0], a[1], a[2], a[3], o.Data(a[3]), propto)
	},
	Check: func(a []library.Tensor) error { return checkNu(a[1].X[0]) },

	RngParams: []library.Arg{library.Exact("degrees of freedom", library.TypeReal), library.Exact("location", library.TypeVector),
		library.Exact("Cholesky factor of the scale matrix", library.TypeMatrix)},
	RngRet:   library.TypeVector,
	RngSizes: mvtRngSizes,
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		if err := mvtRngSizesOK(a); err != nil {
			return library.Tensor{}, err
		}
		return mvtRng(r, a[0].X[0], a[1], a[2])
	},
}

func init() {
	registerMv(MultiStudentT)
	registerMv(MultiStudentTCholesky)
}

// mvtSizes: the outcome (0) and the location (2) are each a vector or an
// array of them, two arrays of one size; the matrix (3) is K x K.
var (
	mvtSizes = library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeLen}, {Arg: 2, Of: library.SizeLen}, {Arg: 3, Of: library.SizeRows}, {Arg: 3, Of: library.SizeCols}},
		library.SameSize(library.SizeOuter, 0, 2))
	mvtRngSizes = library.SizeGroups([]library.Size{{Arg: 1, Of: library.SizeLen}, {Arg: 2, Of: library.SizeRows}, {Arg: 2, Of: library.SizeCols}})
)

func mvtRngSizesOK(a []library.Tensor) error {
	n := len(a[1].X)
	if len(a[2].Dims) != 2 || a[2].Dims[0] != n || a[2].Dims[1] != n {
		return fmt.Errorf("size mismatch: a location of size %d needs a %d x %d matrix, found %v", n, n, n, a[2].Dims)
	}
	return checkNu(a[0].X[0])
}

func checkNu(nu float64) error {
	if !(nu > 0) || math.IsNaN(nu) {
		return fmt.Errorf("the degrees of freedom must be positive; found %g", nu)
	}
	return nil
}

// mvtCholesky is the density of y given ν, μ and L, summed over an array
// of outcomes (or of locations): with z = L⁻¹(y - μ),
//
//	lgamma((ν+K)/2) - lgamma(ν/2) - K/2 log ν - K/2 log π - Σ log L_ii - (ν+K)/2 log1p(z'z/ν)
//
// (Stan Math multi_student_t_cholesky_lpdf); `~` drops K/2 log π, the
// lgamma and log ν terms when ν is data and Σ log L_ii when L is (dataL).
func mvtCholesky(o library.Tensors, y, nu, mu, L library.Value, dataL, propto bool) library.Value {
	k := o.Dims(L)[0]
	kf := float64(k)
	half := o.Const(0.5)
	var norm library.Value = library.NoValue // the summands of ν alone
	if !(propto && o.Data(nu)) {
		norm = o.Sub(o.Lgamma(o.Mul(half, o.Add(nu, o.Const(kf)))), o.Lgamma(o.Mul(half, nu)))
		norm = o.Sub(norm, o.Mul(o.Const(kf/2), o.Log(nu)))
	}
	logDiag := library.NoValue
	if !(propto && dataL) {
		logDiag = logDiagSum(o, L)
	}
	return sumRows(o, y, mu, func(y, mu library.Value) library.Value {
		r := o.Sub(y, mu)
		b := make([]library.Value, k)
		for i := range b {
			b[i] = o.Elem(r, i)
		}
		q := sumSquares(o, forwardSolve(o, L, b))
		lp := o.Neg(o.Mul(o.Mul(half, o.Add(nu, o.Const(kf))), o.Log1p(o.Div(q, nu))))
		if norm != library.NoValue {
			lp = o.Add(lp, norm)
		}
		if logDiag != library.NoValue {
			lp = o.Sub(lp, logDiag)
		}
		if !propto {
			lp = o.Sub(lp, o.Const(kf/2*library.LogPi))
		}
		return lp
	})
}

// mvtRng is μ + L z / √(w/ν), z standard normal and w ~ χ²(ν).
func mvtRng(r *rand.Rand, nu float64, mu, l library.Tensor) (library.Tensor, error) {
	x, err := multiNormalCholeskyRng(r, []library.Tensor{library.Tensor{Dims: mu.Dims, X: make([]float64, len(mu.X))}, l})
	if err != nil {
		return library.Tensor{}, err
	}
	w := distuv.ChiSquared{K: nu, Src: r}.Rand()
	s := 1 / math.Sqrt(w/nu)
	for i := range x.X {
		x.X[i] = mu.X[i] + s*x.X[i]
	}
	return x, nil
}
