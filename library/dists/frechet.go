package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// Frechet is frechet(α, σ), shape α and scale σ (Stan Functions Reference,
// "Fréchet distribution"): density α/σ (y/σ)^(-1-α) exp(-(y/σ)^-α), y > 0,
// and CDF exp(-(y/σ)^-α).
var Frechet = &library.Dist{
	Name:    "frechet",
	Params:  []library.Param{{Name: "shape", Domain: library.Positive}, {Name: "scale", Domain: library.Positive}},
	Support: "R+",
	Lpdf:    frechetLpdfKernel,
	Lcdf:    frechetLcdf,
	Lccdf:   frechetLccdf,
	// log α, -(α+1) log y, α log σ (Stan Math frechet_lpdf's include_summand)
	Terms: []library.Term{
		{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 { return math.Log(x[1]) }},
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return -(x[1] + 1) * math.Log(x[0]) }},
		{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return x[1] * math.Log(x[2]) }}},
	// the quantile at u = exp(-E), E a standard exponential draw
	Rng:      func(r *rand.Rand, p []float64) float64 { return p[1] * math.Pow(r.ExpFloat64(), -1/p[0]) },
	CDF:      frechetCDF,
	Quantile: func(u float64, p []float64) float64 { return p[1] * math.Pow(-math.Log(u), -1/p[0]) },
	// σ Γ(1-1/α) and σ² (Γ(1-2/α) - Γ(1-1/α)²), for α > 2
	Moments: func(p []float64) (float64, float64) {
		g1, g2 := math.Gamma(1-1/p[0]), math.Gamma(1-2/p[0])
		return p[1] * g1, p[1] * p[1] * (g2 - g1*g1)
	},
}

func frechetCDF(x float64, p []float64) float64 {
	if x <= 0 {
		return 0
	}
	return math.Exp(-math.Pow(x/p[1], -p[0]))
}

var frechetLpdfKernel = &library.Kernel{Name: "frechet_lpdf", Args: []library.Domain{library.Positive, library.Positive, library.Positive},
	Value: frechetLpdf, Partial: frechetPartial, C: `
BAYES_FN bayes_real bayes_frechet_lpdf(bayes_real y, bayes_real alpha, bayes_real sigma)
{
	if (y <= 0) return -BAYES_INF;
	return BAYES_M(log)(alpha) - (alpha + 1) * BAYES_M(log)(y) + alpha * BAYES_M(log)(sigma) - BAYES_M(pow)(y / sigma, -alpha);
}`}

func init() { register(Frechet) }

// frechetLpdf: log α - (α+1) log y + α log σ - (y/σ)^-α, y > 0.
func frechetLpdf(y, alpha, sigma, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	return math.Log(alpha) - (alpha+1)*math.Log(y) + alpha*math.Log(sigma) - math.Pow(y/sigma, -alpha)
}

// frechetPartial: with w = (y/σ)^-α, ∂/∂y = (α w - α - 1)/y,
// ∂/∂α = 1/α + (1-w) log(σ/y), ∂/∂σ = α (1-w)/σ.
func frechetPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, a, s := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	one := b.Const(1)
	w := b.Pow(b.Div(y, s), b.Neg(a))
	switch i {
	case 0:
		return b.Mul(adj, b.Div(b.Sub(b.Sub(b.Mul(a, w), a), one), y))
	case 1:
		return b.Mul(adj, b.Add(b.Inv(a), b.Mul(b.Sub(one, w), b.Log(b.Div(s, y)))))
	}
	return b.Mul(adj, b.Div(b.Mul(a, b.Sub(one, w)), s))
}
