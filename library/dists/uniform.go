package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// Uniform is uniform(α, β) (Stan Functions Reference, "Uniform distribution").
var Uniform = &library.Dist{
	Name:    "uniform",
	Params:  []library.Param{{Name: "lower bound", Domain: library.Finite}, {Name: "upper bound", Domain: library.Finite}},
	Support: "[lower, upper]",
	Lpdf:    uniformLpdfKernel,
	Lcdf:    uniformLcdf,
	Lccdf:   uniformLccdf,
	// -log(β - α)
	Terms: []library.Term{{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2] - x[1]) }}},
	Rng:   func(r *rand.Rand, p []float64) float64 { return p[0] + (p[1]-p[0])*r.Float64() },
	CDF: func(x float64, p []float64) float64 {
		return math.Min(1, math.Max(0, (x-p[0])/(p[1]-p[0])))
	},
	Quantile: func(u float64, p []float64) float64 { return p[0] + (p[1]-p[0])*u },
	Moments: func(p []float64) (float64, float64) {
		return (p[0] + p[1]) / 2, (p[1] - p[0]) * (p[1] - p[0]) / 12
	},
}

var uniformLpdfKernel = &library.Kernel{Name: "uniform_lpdf", Args: []library.Domain{library.Finite, library.Finite, library.Finite},
	Value: uniformLpdf, Partial: uniformPartial, C: `
BAYES_FN bayes_real bayes_uniform_lpdf(bayes_real y, bayes_real lo, bayes_real hi)
{
	if (y < lo || y > hi) return -BAYES_INF;
	return -BAYES_M(log)(hi - lo);
}`}

func init() { register(Uniform) }

// uniformLpdf: -log(β - α) for α <= y <= β, else -Inf.
func uniformLpdf(y, lo, hi, _ float64, _ int) float64 {
	if y < lo || y > hi {
		return math.Inf(-1)
	}
	return -math.Log(hi - lo)
}

// uniformPartial: ∂/∂y = 0, ∂/∂α = 1/(β-α), ∂/∂β = -1/(β-α).
func uniformPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	w := b.Inv(b.Sub(b.Arg(n, 2), b.Arg(n, 1)))
	switch i {
	case 0:
		return library.NoValue
	case 1:
		return b.Mul(adj, w)
	}
	return b.Mul(adj, b.Neg(w))
}
