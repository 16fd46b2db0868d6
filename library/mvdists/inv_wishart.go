package mvdists

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/matrix"
)

// InvWishart is inv_wishart(ν, S): a K x K covariance matrix W whose
// inverse is wishart(ν, S⁻¹), with density (Stan Functions Reference,
// "Inverse Wishart distribution")
//
//	ν/2 log det S - (ν+K+1)/2 log det W - tr(S W⁻¹)/2 - νK/2 log 2 - log Γ_K(ν/2),
//
// ν > K-1 and S symmetric positive definite; with L_W and L_S the
// Cholesky factors, tr(S W⁻¹) = ||L_W⁻¹ L_S||²_F. `~` drops each summand
// whose arguments are all data, as Stan Math's inv_wishart_lpdf: log Γ_K
// with ν, log det S and νK/2 log 2 with ν and S, log det W with W and ν,
// the trace with W and S. It is the prior a cov_matrix is drawn from (with
// wishart).
var InvWishart = &library.MvDist{
	Name:    "inv_wishart",
	Variate: library.Exact("", library.TypeMatrix),
	Params:  []library.Arg{library.Exact("degrees of freedom", library.TypeReal), library.Exact("scale matrix", library.TypeMatrix)},
	Support: "covariance matrix",
	Sizes:   library.SizeGroups(library.Square(0, library.Size{Arg: 2, Of: library.SizeRows}, library.Size{Arg: 2, Of: library.SizeCols})),
	Lpdf:    invWishartLpdf,
	Check:   Wishart.Check,

	RngParams: []library.Arg{library.Exact("degrees of freedom", library.TypeReal), library.Exact("scale matrix", library.TypeMatrix)},
	RngRet:    library.TypeMatrix,
	RngSizes:  library.SizeGroups(library.Square(1)),
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		w, err := invWishartRng(r, a[0].X[0], a[1])
		if err != nil {
			return library.Tensor{}, err
		}
		return w, nil
	},

	Generates: &library.Generates{Type: "cov_matrix", Why: whyCovMatrix},
}

func init() { registerMv(InvWishart) }

func invWishartLpdf(o library.Tensors, a []library.Value, propto bool) library.Value {
	W, nu, S := a[0], a[1], a[2]
	k := o.Dims(W)[0]
	keep := func(args ...library.Value) bool { return !propto || !allData(o, args...) }
	lp := o.Const(0)
	LS, LW := library.NoValue, library.NoValue
	ls := func() library.Value {
		if LS == library.NoValue {
			LS = matrix.Cholesky(o, S)
		}
		return LS
	}
	lw := func() library.Value {
		if LW == library.NoValue {
			LW = matrix.Cholesky(o, W)
		}
		return LW
	}
	if keep(nu) {
		lp = o.Neg(lmgamma(o, k, o.Mul(o.Const(0.5), nu)))
	}
	if keep(nu, S) {
		lp = o.Add(lp, o.Mul(nu, logDiagSum(o, ls())))
		lp = o.Sub(lp, o.Mul(nu, o.Const(float64(k)/2*library.Ln2)))
	}
	if keep(W, nu) {
		lp = o.Sub(lp, o.Mul(o.Add(nu, o.Const(float64(k+1))), logDiagSum(o, lw())))
	}
	if keep(W, S) {
		lp = o.Sub(lp, o.Mul(o.Const(0.5), triSolveFrobenius(o, lw(), ls())))
	}
	return lp
}

// invWishartRng is W⁻¹ with W ~ wishart(ν, S⁻¹), as Stan Math's
// inv_wishart_rng.
func invWishartRng(r *rand.Rand, nu float64, s library.Tensor) (library.Tensor, error) {
	if _, err := spdCholesky("scale matrix", s); err != nil {
		return library.Tensor{}, err
	}
	var sInv mat.Dense
	if err := sInv.Inverse(denseOf(s)); err != nil {
		return library.Tensor{}, fmt.Errorf("the scale matrix cannot be inverted: %v", err)
	}
	ch, err := choleskyOfSym("inverse of the scale matrix", tensorOf(&sInv))
	if err != nil {
		return library.Tensor{}, err
	}
	lw, err := bartlett(r, nu, lowerOf(ch))
	if err != nil {
		return library.Tensor{}, err
	}
	var w mat.Dense
	if err := w.Inverse(denseOf(outerLower(lw))); err != nil {
		return library.Tensor{}, fmt.Errorf("a Wishart draw cannot be inverted: %v", err)
	}
	out := tensorOf(&w)
	k := out.Dims[0]
	for i := range k { // symmetric to the last bit
		for j := range i {
			m := (out.X[i*k+j] + out.X[j*k+i]) / 2
			out.X[i*k+j], out.X[j*k+i] = m, m
		}
	}
	return out, nil
}
