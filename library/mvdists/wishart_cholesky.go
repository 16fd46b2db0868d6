package mvdists

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// WishartCholesky is wishart_cholesky(ν, L_S): the Cholesky factor L_W of
// a matrix W = L_W L_W' ~ wishart(ν, L_S L_S') (Stan Functions Reference,
// "Wishart distribution, Cholesky parameterization"): wishart's density
// of W times the Jacobian 2^K Π L_W,ii^(K-i+1) of W -> L_W,
//
//	K log 2 (1 - ν/2) - log Γ_K(ν/2) + Σ_i (ν-i) log L_W,ii - ν Σ log L_S,ii - ||L_S⁻¹ L_W||²_F / 2
//
// (1-based i; Stan Math wishart_cholesky_lpdf). `~` drops the first two
// summands when ν is data and the rest only when every argument is. It is
// the prior a cholesky_factor_cov is drawn from (with
// inv_wishart_cholesky).
var WishartCholesky = &library.MvDist{
	Name:    "wishart_cholesky",
	Variate: library.Exact("", library.TypeMatrix),
	Params: []library.Arg{library.Exact("degrees of freedom", library.TypeReal),
		library.Exact("Cholesky factor of the scale matrix", library.TypeMatrix)},
	Support: "Cholesky factor of a covariance matrix",
	Sizes:   library.SizeGroups(library.Square(0, library.Size{Arg: 2, Of: library.SizeRows}, library.Size{Arg: 2, Of: library.SizeCols})),
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		LW, nu, LS := a[0], a[1], a[2]
		k := o.Dims(LW)[0]
		lp := o.Const(0)
		if !(propto && o.Data(nu)) {
			lp = o.Mul(o.Const(float64(k)*library.Ln2), o.Sub(o.Const(1), o.Mul(o.Const(0.5), nu)))
			lp = o.Sub(lp, lmgamma(o, k, o.Mul(o.Const(0.5), nu)))
		}
		if propto && allData(o, LW, nu, LS) {
			return lp
		}
		for i := range k {
			lp = o.Add(lp, o.Mul(o.Sub(nu, o.Const(float64(1+i))), o.Log(o.Elem(LW, i*k+i))))
		}
		lp = o.Sub(lp, o.Mul(nu, logDiagSum(o, LS)))
		return o.Sub(lp, o.Mul(o.Const(0.5), triSolveFrobenius(o, LS, LW)))
	},
	Check: func(a []library.Tensor) error {
		if err := checkCholeskyFactor("outcome", a[0]); err != nil {
			return err
		}
		if err := checkDof(a[1].X[0], a[0].Dims[0]); err != nil {
			return err
		}
		return checkCholeskyFactor("Cholesky factor of the scale matrix", a[2])
	},

	RngParams: []library.Arg{library.Exact("degrees of freedom", library.TypeReal),
		library.Exact("Cholesky factor of the scale matrix", library.TypeMatrix)},
	RngRet:   library.TypeMatrix,
	RngSizes: library.SizeGroups(library.Square(1)),
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		if err := checkCholeskyFactor("Cholesky factor of the scale matrix", a[1]); err != nil {
			return library.Tensor{}, err
		}
		return bartlett(r, a[0].X[0], a[1])
	},

	Generates: &library.Generates{Type: "cholesky_factor_cov", Why: whyCholeskyFactor},
}

func init() { registerMv(WishartCholesky) }
