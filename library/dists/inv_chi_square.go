package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// InvChiSquare is inv_chi_square(ν), InvGamma(ν/2, 1/2) (Stan Functions
// Reference, "Inverse chi-square distribution").
var InvChiSquare = &library.Dist{
	Name:    "inv_chi_square",
	Params:  []library.Param{{Name: "degrees of freedom", Domain: library.Positive}},
	Support: "R+",
	Lpdf:    invChiSquareLpdfKernel,
	Lcdf:    invChiSquareLcdf,
	Lccdf:   invChiSquareLccdf,
	// -(ν/2) log 2 - lgamma(ν/2), -(ν/2+1) log y, -1/(2y)
	Terms: []library.Term{
		{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 { return -0.5*x[1]*library.Ln2 - library.Lgamma(0.5*x[1]) }},
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return -(0.5*x[1] + 1) * math.Log(x[0]) }},
		{Deps: 1, F: func(x *[library.MaxArgs]float64) float64 { return -0.5 / x[0] }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return invGammaOf(p[0]/2, 0.5, r).Rand() },
	CDF:      func(x float64, p []float64) float64 { return invGammaOf(p[0]/2, 0.5, nil).CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return invGammaOf(p[0]/2, 0.5, nil).Quantile(u) },
	Moments: func(p []float64) (float64, float64) {
		n := p[0]
		return 1 / (n - 2), 2 / ((n - 2) * (n - 2) * (n - 4))
	},
}

var invChiSquareLpdfKernel = &library.Kernel{Name: "inv_chi_square_lpdf", Args: []library.Domain{library.Positive, library.Positive},
	Value: invChiSquareLpdf, Partial: invChiSquarePartial, C: `
BAYES_FN bayes_real bayes_inv_chi_square_lpdf(bayes_real y, bayes_real nu)
{
	if (y <= 0) return -BAYES_INF;
	bayes_real h = BAYES_R(0.5) * nu;
	return -h * BAYES_LN2 - BAYES_M(lgamma)(h) - (h + 1) * BAYES_M(log)(y) - BAYES_R(0.5) / y;
}`}

func init() { register(InvChiSquare) }

// invChiSquareLpdf: -(ν/2) log 2 - lgamma(ν/2) - (ν/2+1) log y - 1/(2y), y > 0.
func invChiSquareLpdf(y, nu, _, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	h := 0.5 * nu
	return -h*library.Ln2 - library.Lgamma(h) - (h+1)*math.Log(y) - 0.5/y
}

// invChiSquarePartial: ∂/∂y = (1/(2y) - ν/2 - 1)/y, ∂/∂ν = -(log y + log 2 + ψ(ν/2))/2.
func invChiSquarePartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, nu := b.Arg(n, 0), b.Arg(n, 1)
	half := b.Const(0.5)
	h := b.Mul(half, nu)
	if i == 0 {
		return b.Mul(adj, b.Div(b.Sub(b.Div(half, y), b.Add(h, b.Const(1))), y))
	}
	return b.Mul(adj, b.Mul(b.Const(-0.5), b.Add(b.Add(b.Log(y), b.Const(library.Ln2)), b.Digamma(h))))
}
