package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Gumbel is gumbel(μ, β) (Stan Functions Reference, "Gumbel distribution").
var Gumbel = &library.Dist{
	Name:    "gumbel",
	Params:  []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive}},
	Support: "R",
	Lpdf:    gumbelLpdfKernel,
	Lcdf:    gumbelLcdf,
	Lccdf:   gumbelLccdf,
	// -log β
	Terms:    []library.Term{{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2]) }}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return gumbelOf(p, r).Rand() },
	CDF:      func(x float64, p []float64) float64 { return gumbelOf(p, nil).CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return gumbelOf(p, nil).Quantile(u) },
	Moments: func(p []float64) (float64, float64) {
		return p[0] + p[1]*library.EulerGamma, math.Pi * math.Pi * p[1] * p[1] / 6
	},
	LocationScale: &library.LocationScale{Loc: 0, Scale: 1, Std: "gumbel", Unit: true, Rank: 6},
}

func gumbelOf(p []float64, r *rand.Rand) distuv.GumbelRight {
	return distuv.GumbelRight{Mu: p[0], Beta: p[1], Src: source(r)}
}

var gumbelLpdfKernel = &library.Kernel{Name: "gumbel_lpdf", Args: []library.Domain{library.AnyReal, library.Finite, library.Positive},
	Value: gumbelLpdf, Partial: gumbelPartial, C: `
BAYES_FN bayes_real bayes_gumbel_lpdf(bayes_real y, bayes_real mu, bayes_real beta)
{
	bayes_real z = (y - mu) / beta;
	return -BAYES_M(log)(beta) - z - BAYES_M(exp)(-z);
}`}

func init() { register(Gumbel) }

// gumbelLpdf: with z = (y-μ)/β, -log β - z - exp(-z).
func gumbelLpdf(y, mu, beta, _ float64, _ int) float64 {
	z := (y - mu) / beta
	return -math.Log(beta) - z - math.Exp(-z)
}

// gumbelPartial: z = (y-μ)/β, e = exp(-z); ∂/∂y = (e-1)/β, ∂/∂μ = (1-e)/β,
// ∂/∂β = (z - z e - 1)/β.
func gumbelPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, beta := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	one := b.Const(1)
	invb := b.Inv(beta)
	z := b.Mul(b.Sub(y, mu), invb)
	e := b.Exp(b.Neg(z))
	switch i {
	case 0:
		return b.Mul(adj, b.Mul(b.Sub(e, one), invb))
	case 1:
		return b.Mul(adj, b.Mul(b.Sub(one, e), invb))
	}
	return b.Mul(adj, b.Mul(b.Sub(b.Mul(z, b.Sub(one, e)), one), invb))
}
