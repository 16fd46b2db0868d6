package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Gamma is gamma(α, β), shape α and rate (inverse scale) β, as
// distuv.Gamma's Beta (Stan Functions Reference, "Gamma distribution").
var Gamma = &library.Dist{
	Name:    "gamma",
	Params:  []library.Param{{Name: "shape", Domain: library.Positive}, {Name: "inverse scale", Domain: library.Positive}},
	Support: "R+",
	Lpdf:    gammaLpdfKernel,
	Lcdf:    gammaLcdf,
	Lccdf:   gammaLccdf,
	// α log β, -lgamma(α), (α-1) log y
	Terms: []library.Term{
		{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return x[1] * math.Log(x[2]) }},
		{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 { return -library.Lgamma(x[1]) }},
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return (x[1] - 1) * math.Log(x[0]) }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return distuv.Gamma{Alpha: p[0], Beta: p[1], Src: r}.Rand() },
	CDF:      func(x float64, p []float64) float64 { return distuv.Gamma{Alpha: p[0], Beta: p[1]}.CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return distuv.Gamma{Alpha: p[0], Beta: p[1]}.Quantile(u) },
	Moments:  func(p []float64) (float64, float64) { return p[0] / p[1], p[0] / (p[1] * p[1]) },
}

var gammaLpdfKernel = &library.Kernel{Name: "gamma_lpdf", Args: []library.Domain{library.Positive, library.Positive, library.Positive},
	Value: gammaLpdf, Partial: gammaPartial, C: `
BAYES_FN bayes_real bayes_gamma_lpdf(bayes_real y, bayes_real a, bayes_real b)
{
	if (y < 0) return -BAYES_INF;
	return a * BAYES_M(log)(b) - BAYES_M(lgamma)(a) + (a - 1) * BAYES_M(log)(y) - b * y;
}`}

func init() { register(Gamma) }

// gammaLpdf (shape α, rate β): α log β - lgamma(α) + (α-1) log y - β y.
func gammaLpdf(y, a, b, _ float64, _ int) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	return a*math.Log(b) - library.Lgamma(a) + (a-1)*math.Log(y) - b*y
}

// gammaPartial: ∂/∂y = (α-1)/y - β, ∂/∂α = log β - ψ(α) + log y, ∂/∂β = α/β - y.
func gammaPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, a, r := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	switch i {
	case 0:
		return b.Mul(adj, b.Sub(b.Div(b.Sub(a, b.Const(1)), y), r))
	case 1:
		return b.Mul(adj, b.Add(b.Sub(b.Log(r), b.Digamma(a)), b.Log(y)))
	}
	return b.Mul(adj, b.Sub(b.Div(a, r), y))
}
