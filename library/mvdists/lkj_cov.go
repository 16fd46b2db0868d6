package mvdists

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

// LkjCov is lkj_cov(μ, σ, η): a K x K covariance matrix W whose standard
// deviations √W_kk are lognormal(μ_k, σ_k) and whose correlation matrix
// D⁻¹ W D⁻¹ (D = diag of the deviations) is lkj_corr(η) (Stan Functions
// Reference, "Correlation matrix distributions", lkj_cov, deprecated
// there in favour of lkj_corr_cholesky): the sum of the two log densities,
// without a Jacobian of W -> (deviations, correlations), as Stan Math's
// lkj_cov_lpdf; μ and σ are each one value or one per row. `~` drops what
// lognormal and lkj_corr drop. Stan has no lkj_cov_rng; the rng here
// draws the outcomes of prior predictive sampling only (the deviations and
// the correlations independently: a draw of this density only up to that
// Jacobian).
var LkjCov = &library.MvDist{
	Name:    "lkj_cov",
	Variate: library.Exact("", library.TypeMatrix),
	Params: []library.Arg{{Name: "location", Class: library.ClassReals}, {Name: "scale", Class: library.ClassReals},
		library.Exact("shape", library.TypeReal)},
	Support: "covariance matrix",
	Sizes:   library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeLen}, library.Size{Arg: 2, Of: library.SizeLen})),
	Lpdf:    lkjCovLpdf,
	Check: func(a []library.Tensor) error {
		if _, err := spdCholesky("covariance matrix", a[0]); err != nil {
			return err
		}
		if err := checkLkjCovParams(a[1], a[2]); err != nil {
			return err
		}
		return checkShape(a[3].X[0])
	},

	RngParams: []library.Arg{library.Exact("size", library.TypeInt), {Name: "location", Class: library.ClassReals},
		{Name: "scale", Class: library.ClassReals}, library.Exact("shape", library.TypeReal)},
	RngRet:    library.TypeMatrix,
	RngSizes:  library.Independent("the size is that of the outcome, which the location and scale must match when they are vectors"),
	SizedRng:  true,
	NoRngFunc: "Stan has no lkj_cov_rng",
	Rng:       lkjCovRng,
}

func init() { registerMv(LkjCov) }

// lkjCovLpdf: Σ_k lognormal(√W_kk | μ_k, σ_k) + lkj_corr(C | η),
// C_ij = W_ij / (√W_ii √W_jj).
func lkjCovLpdf(o library.Tensors, a []library.Value, propto bool) library.Value {
	W, mu, sigma, eta := a[0], a[1], a[2], a[3]
	k := o.Dims(W)[0]
	diag := make([]int, k)
	for i := range diag {
		diag[i] = i*k + i
	}
	sds := o.Sqrt(o.Pick(W, diag))
	args := []library.Value{sds, mu, sigma}
	lp := glmSum(o, dists.Lognormal, args, propto)
	corr := make([]library.Value, k*k)
	for i := range k {
		for j := range k {
			if i == j {
				corr[i*k+j] = o.Const(1)
			} else {
				corr[i*k+j] = o.Div(o.Elem(W, i*k+j), o.Mul(o.Elem(sds, i), o.Elem(sds, j)))
			}
		}
	}
	return o.Add(lp, lkjCorrLpdf(o, []library.Value{o.FromElems([]int{k, k}, corr), eta}, propto))
}

func checkLkjCovParams(mu, sigma library.Tensor) error {
	if err := checkFinite("lkj_cov", "location", mu.X); err != nil {
		return err
	}
	for _, s := range sigma.X {
		if !library.Positive.OK(s) {
			return fmt.Errorf("lkj_cov: the scale is %g, but must be positive and finite", s)
		}
	}
	return nil
}

// lkjCovRng draws the deviations from lognormal(μ_k, σ_k) and the
// correlation matrix from lkj_corr(η): W = D C D.
func lkjCovRng(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
	k, mu, sigma := int(a[0].X[0]), a[1], a[2]
	if err := checkLkjCovParams(mu, sigma); err != nil {
		return library.Tensor{}, err
	}
	for _, t := range []library.Tensor{mu, sigma} {
		if len(t.Dims) > 0 && len(t.X) != k {
			return library.Tensor{}, fmt.Errorf("lkj_cov: %d locations or scales for a %d x %d matrix", len(t.X), k, k)
		}
	}
	l, err := lkjCholeskyRng(r, []library.Tensor{a[0], a[3]})
	if err != nil {
		return library.Tensor{}, err
	}
	c := outerLower(l)
	sd := make([]float64, k)
	for i := range sd {
		sd[i] = math.Exp(elemOf(mu, i) + elemOf(sigma, i)*r.NormFloat64())
	}
	for i := range k {
		for j := range k {
			c.X[i*k+j] *= sd[i] * sd[j]
		}
	}
	return c, nil
}

// elemOf is element i of a scalar or a vector.
func elemOf(t library.Tensor, i int) float64 { return t.X[min(i, len(t.X)-1)] }
