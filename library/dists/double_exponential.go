package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// DoubleExponential is double_exponential(μ, σ), the Laplace distribution
// (Stan Functions Reference, "Double exponential (Laplace) distribution").
var DoubleExponential = &library.Dist{
	Name:    "double_exponential",
	Params:  []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive}},
	Support: "R",
	Lpdf:    doubleExponentialLpdfKernel,
	Lcdf:    doubleExponentialLcdf,
	Lccdf:   doubleExponentialLccdf,
	// -log 2, -log σ
	Terms: []library.Term{
		{F: func(*[library.MaxArgs]float64) float64 { return -library.Ln2 }},
		{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2]) }}},
	Rng:           func(r *rand.Rand, p []float64) float64 { return laplaceOf(p, r).Rand() },
	CDF:           func(x float64, p []float64) float64 { return laplaceOf(p, nil).CDF(x) },
	Quantile:      func(u float64, p []float64) float64 { return laplaceOf(p, nil).Quantile(u) },
	Moments:       func(p []float64) (float64, float64) { return p[0], 2 * p[1] * p[1] },
	LocationScale: &library.LocationScale{Loc: 0, Scale: 1, Std: "double_exponential", Unit: true, Rank: 4},
}

func laplaceOf(p []float64, r *rand.Rand) distuv.Laplace {
	return distuv.Laplace{Mu: p[0], Scale: p[1], Src: source(r)}
}

var doubleExponentialLpdfKernel = &library.Kernel{Name: "double_exponential_lpdf", Args: []library.Domain{library.AnyReal, library.Finite, library.Positive},
	Value: doubleExponentialLpdf, Partial: doubleExponentialPartial, C: `
BAYES_FN bayes_real bayes_double_exponential_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return -BAYES_LN2 - BAYES_M(log)(sigma) - BAYES_M(fabs)(y - mu) / sigma;
}`}

func init() { register(DoubleExponential) }

// doubleExponentialLpdf: -log 2 - log σ - |y-μ|/σ.
func doubleExponentialLpdf(y, mu, sigma, _ float64, _ int) float64 {
	return -library.Ln2 - math.Log(sigma) - math.Abs(y-mu)/sigma
}

// doubleExponentialPartial: s = sign(y-μ); ∂/∂y = -s/σ, ∂/∂μ = s/σ,
// ∂/∂σ = |y-μ|/σ² - 1/σ.
func doubleExponentialPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, sigma := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	invs := b.Inv(sigma)
	r := b.Sub(y, mu)
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Mul(b.Sign(r), invs)))
	case 1:
		return b.Mul(adj, b.Mul(b.Sign(r), invs))
	}
	return b.Mul(adj, b.Mul(b.Sub(b.Mul(b.Fabs(r), invs), b.Const(1)), invs))
}
