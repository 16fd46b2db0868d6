package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// Rayleigh is rayleigh(σ), scale σ (Stan Functions Reference, "Rayleigh
// distribution"): density y/σ² exp(-y²/(2σ²)), y >= 0, and CDF
// 1 - exp(-y²/(2σ²)).
var Rayleigh = &library.Dist{
	Name:    "rayleigh",
	Params:  []library.Param{{Name: "scale", Domain: library.Positive}},
	Support: "[0, inf)",
	Lpdf:    rayleighLpdfKernel,
	Lcdf:    rayleighLcdf,
	Lccdf:   rayleighLccdf,
	// -2 log σ, log y (Stan Math rayleigh_lpdf's include_summand)
	Terms: []library.Term{
		{Deps: 1 << 1, F: func(x *[library.MaxArgs]float64) float64 { return -2 * math.Log(x[1]) }},
		{Deps: 1, F: func(x *[library.MaxArgs]float64) float64 { return math.Log(x[0]) }}},
	// the quantile at 1 - u = exp(-E), E a standard exponential draw
	Rng: func(r *rand.Rand, p []float64) float64 { return p[0] * math.Sqrt(2*r.ExpFloat64()) },
	CDF: func(x float64, p []float64) float64 {
		if x <= 0 {
			return 0
		}
		return -math.Expm1(-x * x / (2 * p[0] * p[0]))
	},
	Quantile: func(u float64, p []float64) float64 { return p[0] * math.Sqrt(-2*math.Log1p(-u)) },
	// σ √(π/2) and (4-π)/2 σ²
	Moments: func(p []float64) (float64, float64) {
		return p[0] * math.Sqrt(math.Pi/2), (4 - math.Pi) / 2 * p[0] * p[0]
	},
}

var rayleighLpdfKernel = &library.Kernel{Name: "rayleigh_lpdf", Args: []library.Domain{library.Positive, library.Positive},
	Value: rayleighLpdf, Partial: rayleighPartial, C: `
BAYES_FN bayes_real bayes_rayleigh_lpdf(bayes_real y, bayes_real sigma)
{
	bayes_real z;
	if (y < 0) return -BAYES_INF;
	z = y / sigma;
	return -2 * BAYES_M(log)(sigma) + BAYES_M(log)(y) - z * z / 2;
}`}

func init() { register(Rayleigh) }

// rayleighLpdf: -2 log σ + log y - (y/σ)²/2, y >= 0.
func rayleighLpdf(y, sigma, _, _ float64, _ int) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	z := y / sigma
	return -2*math.Log(sigma) + math.Log(y) - z*z/2
}

// rayleighPartial: ∂/∂y = 1/y - y/σ², ∂/∂σ = (y²/σ² - 2)/σ.
func rayleighPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, s := b.Arg(n, 0), b.Arg(n, 1)
	invs := b.Inv(s)
	z := b.Mul(y, invs)
	if i == 0 {
		return b.Mul(adj, b.Sub(b.Inv(y), b.Mul(z, invs)))
	}
	return b.Mul(adj, b.Mul(b.Sub(b.Square(z), b.Const(2)), invs))
}
