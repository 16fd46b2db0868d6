package library

import (
	"math"
	"math/rand/v2"
)

// Uniform is uniform(α, β) (Stan Functions Reference, "Uniform distribution").
var Uniform = &Dist{
	Name:    "uniform",
	Params:  []Param{{Name: "lower bound", Domain: Finite}, {Name: "upper bound", Domain: Finite}},
	Support: "[lower, upper]",
	Lpdf:    uniformLpdfKernel,
	// -log(β - α)
	Terms: []Term{{Deps: 1<<1 | 1<<2, F: func(x *[MaxArgs]float64) float64 { return -math.Log(x[2] - x[1]) }}},
	Rng:   func(r *rand.Rand, p []float64) float64 { return p[0] + (p[1]-p[0])*r.Float64() },
	CDF: func(x float64, p []float64) float64 {
		return math.Min(1, math.Max(0, (x-p[0])/(p[1]-p[0])))
	},
	Quantile: func(u float64, p []float64) float64 { return p[0] + (p[1]-p[0])*u },
	Moments: func(p []float64) (float64, float64) {
		return (p[0] + p[1]) / 2, (p[1] - p[0]) * (p[1] - p[0]) / 12
	},
}

var uniformLpdfKernel = &Kernel{Name: "uniform_lpdf", Args: []Domain{Finite, Finite, Finite},
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
func uniformPartial(b Builder, n Value, i int, adj Value) Value {
	w := b.Inv(b.Sub(b.Arg(n, 2), b.Arg(n, 1)))
	switch i {
	case 0:
		return NoValue
	case 1:
		return b.Mul(adj, w)
	}
	return b.Mul(adj, b.Neg(w))
}
