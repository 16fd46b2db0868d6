package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// Cauchy is cauchy(μ, σ) (Stan Functions Reference, "Cauchy distribution").
// It has no moments; its rng inverts the CDF, x = μ + σ tan(π (u - 1/2)).
var Cauchy = &library.Dist{
	Name:    "cauchy",
	Params:  []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive}},
	Support: "R",
	Lpdf:    CauchyLpdf,
	Lcdf:    cauchyLcdf,
	Lccdf:   cauchyLccdf,
	// -log σ and -log π
	Terms: []library.Term{
		{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2]) }},
		{F: func(*[library.MaxArgs]float64) float64 { return -library.LogPi }}},
	Rng:           func(r *rand.Rand, p []float64) float64 { return p[0] + p[1]*math.Tan(math.Pi*(r.Float64()-0.5)) },
	CDF:           func(x float64, p []float64) float64 { return 0.5 + math.Atan((x-p[0])/p[1])/math.Pi },
	Quantile:      func(u float64, p []float64) float64 { return p[0] + p[1]*math.Tan(math.Pi*(u-0.5)) },
	LocationScale: &library.LocationScale{Loc: 0, Scale: 1, Std: "cauchy", Unit: true, Rank: 3},
}

// CauchyLpdf is cauchy_lpdf(y | μ, σ).
var CauchyLpdf = &library.Kernel{Name: "cauchy_lpdf", Args: []library.Domain{library.AnyReal, library.Finite, library.Positive},
	Scale: &library.Scale{Form: library.Log1pSquare, C: library.LogPi},
	Value: cauchyLpdf, Partial: cauchyPartial, C: `
BAYES_FN bayes_real bayes_cauchy_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real z = (y - mu) / sigma;
	return -BAYES_LOG_PI - BAYES_M(log)(sigma) - BAYES_M(log1p)(z * z);
}`}

func init() { register(Cauchy) }

// cauchyLpdf: -log π - log σ - log1p(z²).
func cauchyLpdf(y, mu, sigma, _ float64, _ int) float64 {
	z := (y - mu) / sigma
	return -library.LogPi - math.Log(sigma) - math.Log1p(z*z)
}

// cauchyPartial: w = 1/(1+z²); ∂/∂y = -2zw/σ, ∂/∂μ = 2zw/σ, ∂/∂σ = (z²-1)w/σ.
func cauchyPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, sigma := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	invs := b.Inv(sigma)
	z := b.Mul(b.Sub(y, mu), invs)
	z2 := b.Square(z)
	w := b.Inv(b.Add(b.Const(1), z2))
	switch i {
	case 0, 1:
		d := b.Mul(b.Mul(b.Const(2), b.Mul(z, w)), invs)
		if i == 0 {
			d = b.Neg(d)
		}
		return b.Mul(adj, d)
	}
	return b.Mul(adj, b.Mul(b.Mul(b.Sub(z2, b.Const(1)), w), invs))
}
