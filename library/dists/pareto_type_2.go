package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// ParetoType2 is pareto_type_2(μ, λ, α), location μ, scale λ and shape α
// (Stan Functions Reference, "Pareto type 2 distribution"; the Lomax
// distribution at μ = 0): density α/λ (1 + (y-μ)/λ)^-(α+1), y >= μ, and
// CDF 1 - (1 + (y-μ)/λ)^-α.
var ParetoType2 = &library.Dist{
	Name: "pareto_type_2",
	Params: []library.Param{{Name: "location", Domain: library.Finite}, {Name: "scale", Domain: library.Positive},
		{Name: "shape", Domain: library.Positive}},
	Support: "[mu, inf)",
	Lpdf:    paretoType2LpdfKernel,
	Lcdf:    paretoType2Lcdf,
	Lccdf:   paretoType2Lccdf,
	// log α, -log λ, -(α+1) log1p((y-μ)/λ) (Stan Math pareto_type_2_lpdf's
	// include_summand): every summand
	Terms: []library.Term{
		{Deps: 1 << 3, F: func(x *[library.MaxArgs]float64) float64 { return math.Log(x[3]) }},
		{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return -math.Log(x[2]) }},
		{Deps: 1 | 1<<1 | 1<<2 | 1<<3, F: func(x *[library.MaxArgs]float64) float64 {
			return -(x[3] + 1) * math.Log1p((x[0]-x[1])/x[2])
		}}},
	// the quantile at 1 - u = exp(-E), E a standard exponential draw
	Rng: func(r *rand.Rand, p []float64) float64 { return p[0] + p[1]*math.Expm1(r.ExpFloat64()/p[2]) },
	CDF: func(x float64, p []float64) float64 {
		if x < p[0] {
			return 0
		}
		return -math.Expm1(-p[2] * math.Log1p((x-p[0])/p[1]))
	},
	Quantile: func(u float64, p []float64) float64 { return p[0] + p[1]*math.Expm1(-math.Log1p(-u)/p[2]) },
	// μ + λ/(α-1) and λ² α/((α-1)²(α-2)), for α > 2
	Moments: func(p []float64) (float64, float64) {
		l, a := p[1], p[2]
		return p[0] + l/(a-1), l * l * a / ((a - 1) * (a - 1) * (a - 2))
	},
}

var paretoType2LpdfKernel = &library.Kernel{Name: "pareto_type_2_lpdf", Args: []library.Domain{library.AnyReal, library.Finite, library.Positive, library.Positive},
	Value: paretoType2Lpdf, Partial: paretoType2Partial, C: `
BAYES_FN bayes_real bayes_pareto_type_2_lpdf(bayes_real y, bayes_real mu, bayes_real lambda, bayes_real alpha)
{
	if (y < mu) return -BAYES_INF;
	return BAYES_M(log)(alpha) - BAYES_M(log)(lambda) - (alpha + 1) * BAYES_M(log1p)((y - mu) / lambda);
}`}

func init() { register(ParetoType2) }

// paretoType2Lpdf: log α - log λ - (α+1) log1p((y-μ)/λ), y >= μ.
func paretoType2Lpdf(y, mu, lambda, alpha float64, _ int) float64 {
	if y < mu {
		return math.Inf(-1)
	}
	return math.Log(alpha) - math.Log(lambda) - (alpha+1)*math.Log1p((y-mu)/lambda)
}

// paretoType2Partial: with d = λ + y - μ, ∂/∂y = -(α+1)/d,
// ∂/∂μ = (α+1)/d, ∂/∂λ = ((α+1)(y-μ)/d - 1)/λ,
// ∂/∂α = 1/α - log1p((y-μ)/λ).
func paretoType2Partial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, l, a := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2), b.Arg(n, 3)
	ymu := b.Sub(y, mu)
	a1 := b.Add(a, b.Const(1))
	r := b.Div(a1, b.Add(l, ymu))
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(r))
	case 1:
		return b.Mul(adj, r)
	case 2:
		return b.Mul(adj, b.Div(b.Sub(b.Mul(r, ymu), b.Const(1)), l))
	}
	return b.Mul(adj, b.Sub(b.Inv(a), b.Log1p(b.Div(ymu, l))))
}
