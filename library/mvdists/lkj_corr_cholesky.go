package mvdists

import (
	"github.com/bayes-dev/bayes/library"
)

// LkjCorrCholesky is lkj_corr_cholesky(η): the Cholesky factor L of a
// correlation matrix Ω = L L' ~ lkj_corr(η) (Stan Functions Reference,
// "Cholesky LKJ correlation distribution"). It is the prior a
// cholesky_factor_corr is drawn from; its rng takes K.
var LkjCorrCholesky = &library.MvDist{
	Name:    "lkj_corr_cholesky",
	Variate: library.Exact("", library.TypeMatrix),
	Params:  []library.Arg{library.Exact("shape", library.TypeReal)},
	Support: "Cholesky factor of a correlation matrix",
	Sizes:   library.SizeGroups(library.Square(0)),
	Lpdf:    lkjCorrCholeskyLpdf,
	Check:   func(a []library.Tensor) error { return checkShape(a[1].X[0]) },

	RngParams: []library.Arg{library.Exact("size", library.TypeInt), library.Exact("shape", library.TypeReal)}, RngRet: library.TypeMatrix,
	SizedRng: true,
	Rng:      lkjCholeskyRng,

	Generates: &library.Generates{Type: "cholesky_factor_corr", Why: "a cholesky_factor_corr needs an lkj_corr_cholesky prior"},
}

func init() { registerMv(LkjCorrCholesky) }

// lkjCorrCholeskyLpdf: Σ_{i=2}^{K} (K - i + 2η - 2) log L_ii - log c_K(η)
// (Stan Math lkj_corr_cholesky_lpdf: the LKJ density of Ω = L L' times
// the Jacobian Π L_ii^(K-i) of Ω -> L); `~` drops c_K when η is data.
func lkjCorrCholeskyLpdf(o library.Tensors, a []library.Value, propto bool) library.Value {
	L, eta := a[0], a[1]
	K := o.Dims(L)[0]
	acc := o.Const(0)
	for i := 1; i < K; i++ { // 0-based row i is Stan's i+1
		w := o.Add(o.Mul(o.Const(2), eta), o.Const(float64(K-i-1)-2))
		acc = o.Add(acc, o.Mul(w, o.Log(o.Elem(L, i*K+i))))
	}
	if !(propto && o.Data(eta)) {
		acc = o.Add(acc, lkjLogNorm(o, eta, K))
	}
	return acc
}
