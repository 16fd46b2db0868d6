package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Lognormal is lognormal(μ, σ) (Stan Functions Reference, "Lognormal
// distribution"): log y ~ normal(μ, σ).
var Lognormal = &library.Dist{
	Name:    "lognormal",
	Params:  []library.Param{{Name: "log location", Domain: library.Finite}, {Name: "log scale", Domain: library.Positive}},
	Support: "R+",
	Lpdf:    lognormalLpdfKernel,
	Lcdf:    lognormalLcdf,
	Lccdf:   lognormalLccdf,
	// -log y, -log σ, -log(2π)/2
	Terms: []library.Term{
		{Deps: 1, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[0]) }},
		{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2]) }},
		{F: func(*[library.MaxArgs]float64) float64 { return -library.HalfLog2Pi }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return lognormalOf(p, r).Rand() },
	CDF:      func(x float64, p []float64) float64 { return lognormalOf(p, nil).CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return lognormalOf(p, nil).Quantile(u) },
	Moments: func(p []float64) (float64, float64) {
		s2 := p[1] * p[1]
		return math.Exp(p[0] + s2/2), math.Expm1(s2) * math.Exp(2*p[0]+s2)
	},
	LocationScale: &library.LocationScale{Loc: 0, Scale: 1, Std: "std_normal", Exp: true, Rank: 7},
}

func lognormalOf(p []float64, r *rand.Rand) distuv.LogNormal {
	return distuv.LogNormal{Mu: p[0], Sigma: p[1], Src: source(r)}
}

var lognormalLpdfKernel = &library.Kernel{Name: "lognormal_lpdf", Args: []library.Domain{library.Positive, library.Finite, library.Positive},
	Value: lognormalLpdf, Partial: lognormalPartial, C: `
BAYES_FN bayes_real bayes_lognormal_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	if (y <= 0) return -BAYES_INF;
	bayes_real ly = BAYES_M(log)(y);
	bayes_real z = (ly - mu) / sigma;
	return -ly - BAYES_M(log)(sigma) - BAYES_HALF_LOG_2PI - BAYES_R(0.5) * z * z;
}`}

func init() { register(Lognormal) }

// lognormalLpdf: -log y - log σ - log(2π)/2 - z²/2, z = (log y - μ)/σ; -Inf at y = 0.
func lognormalLpdf(y, mu, sigma, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	ly := math.Log(y)
	z := (ly - mu) / sigma
	return -ly - math.Log(sigma) - library.HalfLog2Pi - 0.5*z*z
}

// lognormalPartial: z = (log y - μ)/σ; ∂/∂y = -(1 + z/σ)/y, ∂/∂μ = z/σ, ∂/∂σ = (z²-1)/σ.
func lognormalPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, sigma := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	invs := b.Inv(sigma)
	z := b.Mul(b.Sub(b.Log(y), mu), invs)
	zs := b.Mul(z, invs)
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Div(b.Add(b.Const(1), zs), y)))
	case 1:
		return b.Mul(adj, zs)
	}
	return b.Mul(adj, b.Mul(b.Sub(b.Square(z), b.Const(1)), invs))
}
