package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// ChiSquare is chi_square(ν) (Stan Functions Reference, "Chi-square distribution").
var ChiSquare = &library.Dist{
	Name:    "chi_square",
	Params:  []library.Param{{Name: "degrees of freedom", Domain: library.Positive}},
	Support: "[0, inf)",
	Lpdf:    chiSquareLpdfKernel,
	Lcdf:    chiSquareLcdf,
	Lccdf:   chiSquareLccdf,
	// -(ν/2) log 2 - lgamma(ν/2), (ν/2-1) log y, -y/2
	Terms: []library.Term{
		{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 { return -0.5*x[1]*library.Ln2 - library.Lgamma(0.5*x[1]) }},
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return (0.5*x[1] - 1) * math.Log(x[0]) }},
		{Deps: 1, F: func(x *[library.MaxArgs]float64) float64 { return -0.5 * x[0] }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return distuv.ChiSquared{K: p[0], Src: r}.Rand() },
	CDF:      func(x float64, p []float64) float64 { return distuv.ChiSquared{K: p[0]}.CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return distuv.ChiSquared{K: p[0]}.Quantile(u) },
	Moments:  func(p []float64) (float64, float64) { return p[0], 2 * p[0] },
}

var chiSquareLpdfKernel = &library.Kernel{Name: "chi_square_lpdf", Args: []library.Domain{library.Positive, library.Positive},
	Value: chiSquareLpdf, Partial: chiSquarePartial, C: `
BAYES_FN bayes_real bayes_chi_square_lpdf(bayes_real y, bayes_real nu)
{
	if (y < 0) return -BAYES_INF;
	bayes_real h = BAYES_R(0.5) * nu;
	return -h * BAYES_LN2 - BAYES_M(lgamma)(h) + (h - 1) * BAYES_M(log)(y) - BAYES_R(0.5) * y;
}`}

func init() { register(ChiSquare) }

// chiSquareLpdf: -(ν/2) log 2 - lgamma(ν/2) + (ν/2-1) log y - y/2, y >= 0.
func chiSquareLpdf(y, nu, _, _ float64, _ int) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	h := 0.5 * nu
	return -h*library.Ln2 - library.Lgamma(h) + (h-1)*math.Log(y) - 0.5*y
}

// chiSquarePartial: ∂/∂y = (ν/2-1)/y - 1/2, ∂/∂ν = (log y - log 2 - ψ(ν/2))/2.
func chiSquarePartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, nu := b.Arg(n, 0), b.Arg(n, 1)
	half := b.Const(0.5)
	h := b.Mul(half, nu)
	if i == 0 {
		return b.Mul(adj, b.Sub(b.Div(b.Sub(h, b.Const(1)), y), half))
	}
	return b.Mul(adj, b.Mul(half, b.Sub(b.Sub(b.Log(y), b.Const(library.Ln2)), b.Digamma(h))))
}
