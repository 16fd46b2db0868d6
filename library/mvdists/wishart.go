package mvdists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/matrix"
)

// Wishart is wishart(ν, S): a K x K covariance matrix W with density
// (Stan Functions Reference, "Wishart distribution")
//
//	(ν-K-1)/2 log det W - tr(S⁻¹ W)/2 - νK/2 log 2 - ν/2 log det S - log Γ_K(ν/2),
//
// ν > K-1 and S symmetric positive definite. With L_W and L_S the Cholesky
// factors, log det W = 2 Σ log L_W,ii and tr(S⁻¹ W) = ||L_S⁻¹ L_W||²_F.
// `~` drops each summand whose arguments are all data, as Stan Math's
// wishart_lpdf: the νK/2 log 2 and log Γ_K terms with ν, log det S with ν
// and S, the trace with S and W, log det W with W and ν. It is the prior a
// cov_matrix is drawn from (with inv_wishart).
var Wishart = &library.MvDist{
	Name:    "wishart",
	Variate: library.Exact("", library.TypeMatrix),
	Params:  []library.Arg{library.Exact("degrees of freedom", library.TypeReal), library.Exact("scale matrix", library.TypeMatrix)},
	Support: "covariance matrix",
	Sizes:   library.SizeGroups(library.Square(0, library.Size{Arg: 2, Of: library.SizeRows}, library.Size{Arg: 2, Of: library.SizeCols})),
	Lpdf:    wishartLpdf,
	Check: func(a []library.Tensor) error {
		if _, err := spdCholesky("outcome", a[0]); err != nil {
			return err
		}
		if err := checkDof(a[1].X[0], a[0].Dims[0]); err != nil {
			return err
		}
		_, err := spdCholesky("scale matrix", a[2])
		return err
	},

	RngParams: []library.Arg{library.Exact("degrees of freedom", library.TypeReal), library.Exact("scale matrix", library.TypeMatrix)},
	RngRet:    library.TypeMatrix,
	RngSizes:  library.SizeGroups(library.Square(1)),
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		l, err := spdCholesky("scale matrix", a[1])
		if err != nil {
			return library.Tensor{}, err
		}
		lw, err := bartlett(r, a[0].X[0], l)
		if err != nil {
			return library.Tensor{}, err
		}
		return outerLower(lw), nil
	},

	Generates: &library.Generates{Type: "cov_matrix", Why: whyCovMatrix},
}

func init() { registerMv(Wishart) }

// The reasons that a parameter of a covariance type needs one of the
// families whose draws are such matrices.
const (
	whyCovMatrix      = "a cov_matrix needs a wishart or inv_wishart prior"
	whyCholeskyFactor = "a cholesky_factor_cov needs a wishart_cholesky or inv_wishart_cholesky prior"
)

func wishartLpdf(o library.Tensors, a []library.Value, propto bool) library.Value {
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
		lp = o.Sub(o.Mul(nu, o.Const(-float64(k)/2*library.Ln2)), lmgamma(o, k, o.Mul(o.Const(0.5), nu)))
	}
	if keep(nu, S) {
		lp = o.Sub(lp, o.Mul(nu, logDiagSum(o, ls())))
	}
	if keep(S, W) {
		lp = o.Sub(lp, o.Mul(o.Const(0.5), triSolveFrobenius(o, ls(), lw())))
	}
	if keep(W, nu) {
		lp = o.Add(lp, o.Mul(o.Sub(nu, o.Const(float64(k+1))), logDiagSum(o, lw())))
	}
	return lp
}

// allData reports whether every one of xs is data.
func allData(o library.Tensors, xs ...library.Value) bool {
	for _, x := range xs {
		if !o.Data(x) {
			return false
		}
	}
	return true
}

// bartlett draws the Cholesky factor L A of a Wishart(ν, L L') matrix by
// the Bartlett decomposition (Bartlett 1933; Anderson, "An Introduction to
// Multivariate Statistical Analysis", 3rd ed., Thm. 7.2.1): A lower
// triangular, A_ii = √χ²(ν - i) (0-based i), A_ij ~ N(0, 1) below.
func bartlett(r *rand.Rand, nu float64, l library.Tensor) (library.Tensor, error) {
	k := l.Dims[0]
	if err := checkDof(nu, k); err != nil {
		return library.Tensor{}, err
	}
	A := mat.NewTriDense(k, mat.Lower, nil)
	for i := range k {
		A.SetTri(i, i, math.Sqrt(distuv.ChiSquared{K: nu - float64(i), Src: r}.Rand()))
		for j := range i {
			A.SetTri(i, j, r.NormFloat64())
		}
	}
	var la mat.Dense
	la.Mul(denseOf(l), A)
	out := tensorOf(&la)
	for i := range k { // exactly lower triangular
		for j := i + 1; j < k; j++ {
			out.X[i*k+j] = 0
		}
	}
	return out, nil
}

// outerLower is L L', symmetric to the last bit.
func outerLower(l library.Tensor) library.Tensor {
	k := l.Dims[0]
	out := library.Tensor{Dims: []int{k, k}, X: make([]float64, k*k)}
	for i := range k {
		for j := 0; j <= i; j++ {
			s := 0.0
			for c := 0; c <= j; c++ {
				s += l.X[i*k+c] * l.X[j*k+c]
			}
			out.X[i*k+j], out.X[j*k+i] = s, s
		}
	}
	return out
}
