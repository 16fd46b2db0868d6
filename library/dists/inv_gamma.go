package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// InvGamma is inv_gamma(α, β), shape α and scale β (Stan Functions
// Reference, "Inverse gamma distribution").
var InvGamma = &library.Dist{
	Name:    "inv_gamma",
	Params:  []library.Param{{Name: "shape", Domain: library.Positive}, {Name: "scale", Domain: library.Positive}},
	Support: "R+",
	Lpdf:    invGammaLpdfKernel,
	Lcdf:    invGammaLcdf,
	Lccdf:   invGammaLccdf,
	// -lgamma(α), α log β, -(α+1) log y, -β/y
	Terms: []library.Term{
		{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 { return -library.Lgamma(x[1]) }},
		{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return x[1] * math.Log(x[2]) }},
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return -(x[1] + 1) * math.Log(x[0]) }},
		{Deps: 1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return -x[2] / x[0] }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return invGammaOf(p[0], p[1], r).Rand() },
	CDF:      func(x float64, p []float64) float64 { return invGammaOf(p[0], p[1], nil).CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return invGammaOf(p[0], p[1], nil).Quantile(u) },
	Moments: func(p []float64) (float64, float64) {
		a, b := p[0], p[1]
		return b / (a - 1), b * b / ((a - 1) * (a - 1) * (a - 2))
	},
}

// invGammaOf is InvGamma(a, b); inv_chi_square and scaled_inv_chi_square
// draw through it too.
func invGammaOf(a, b float64, r *rand.Rand) distuv.InverseGamma {
	return distuv.InverseGamma{Alpha: a, Beta: b, Src: source(r)}
}

var invGammaLpdfKernel = &library.Kernel{Name: "inv_gamma_lpdf", Args: []library.Domain{library.Positive, library.Positive, library.Positive},
	Value: invGammaLpdf, Partial: invGammaPartial, C: `
BAYES_FN bayes_real bayes_inv_gamma_lpdf(bayes_real y, bayes_real a, bayes_real b)
{
	if (y <= 0) return -BAYES_INF;
	return a * BAYES_M(log)(b) - BAYES_M(lgamma)(a) - (a + 1) * BAYES_M(log)(y) - b / y;
}`}

func init() { register(InvGamma) }

// invGammaLpdf (shape α, scale β): α log β - lgamma(α) - (α+1) log y - β/y, y > 0.
func invGammaLpdf(y, a, b, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	return a*math.Log(b) - library.Lgamma(a) - (a+1)*math.Log(y) - b/y
}

// invGammaPartial: ∂/∂y = β/y² - (α+1)/y, ∂/∂α = log β - ψ(α) - log y,
// ∂/∂β = α/β - 1/y.
func invGammaPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, a, c := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	invy := b.Inv(y)
	switch i {
	case 0:
		return b.Mul(adj, b.Mul(b.Sub(b.Mul(c, invy), b.Add(a, b.Const(1))), invy))
	case 1:
		return b.Mul(adj, b.Sub(b.Sub(b.Log(c), b.Digamma(a)), b.Log(y)))
	}
	return b.Mul(adj, b.Sub(b.Div(a, c), invy))
}
