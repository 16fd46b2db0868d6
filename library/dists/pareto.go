package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// Pareto is pareto(y_min, α), minimum y_min and shape α (Stan Functions
// Reference, "Pareto distribution"): density α y_min^α / y^(α+1),
// y >= y_min, and CDF 1 - (y_min/y)^α.
var Pareto = &library.Dist{
	Name:    "pareto",
	Params:  []library.Param{{Name: "minimum", Domain: library.Positive}, {Name: "shape", Domain: library.Positive}},
	Support: "[y_min, inf)",
	Lpdf:    paretoLpdfKernel,
	Lcdf:    paretoLcdf,
	Lccdf:   paretoLccdf,
	// log α, -(α+1) log y, α log y_min (Stan Math pareto_lpdf's
	// include_summand): every summand
	Terms: []library.Term{
		{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return math.Log(x[2]) }},
		{Deps: 1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return -(x[2] + 1) * math.Log(x[0]) }},
		{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return x[2] * math.Log(x[1]) }}},
	// the quantile at 1 - u = exp(-E), E a standard exponential draw
	Rng: func(r *rand.Rand, p []float64) float64 { return p[0] * math.Exp(r.ExpFloat64()/p[1]) },
	CDF: func(x float64, p []float64) float64 {
		if x < p[0] {
			return 0
		}
		return -math.Expm1(p[1] * math.Log(p[0]/x))
	},
	Quantile: func(u float64, p []float64) float64 { return p[0] * math.Exp(-math.Log1p(-u)/p[1]) },
	// α y_min/(α-1) and α y_min²/((α-1)²(α-2)), for α > 2
	Moments: func(p []float64) (float64, float64) {
		m, a := p[0], p[1]
		return a * m / (a - 1), a * m * m / ((a - 1) * (a - 1) * (a - 2))
	},
}

var paretoLpdfKernel = &library.Kernel{Name: "pareto_lpdf", Args: []library.Domain{library.Positive, library.Positive, library.Positive},
	Value: paretoLpdf, Partial: paretoPartial, C: `
BAYES_FN bayes_real bayes_pareto_lpdf(bayes_real y, bayes_real ymin, bayes_real alpha)
{
	if (y < ymin) return -BAYES_INF;
	return BAYES_M(log)(alpha) - (alpha + 1) * BAYES_M(log)(y) + alpha * BAYES_M(log)(ymin);
}`}

func init() { register(Pareto) }

// paretoLpdf: log α - (α+1) log y + α log y_min, y >= y_min.
func paretoLpdf(y, ymin, alpha, _ float64, _ int) float64 {
	if y < ymin {
		return math.Inf(-1)
	}
	return math.Log(alpha) - (alpha+1)*math.Log(y) + alpha*math.Log(ymin)
}

// paretoPartial: ∂/∂y = -(α+1)/y, ∂/∂y_min = α/y_min,
// ∂/∂α = 1/α + log(y_min/y).
func paretoPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, m, a := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Div(b.Add(a, b.Const(1)), y)))
	case 1:
		return b.Mul(adj, b.Div(a, m))
	}
	return b.Mul(adj, b.Add(b.Inv(a), b.Log(b.Div(m, y))))
}
