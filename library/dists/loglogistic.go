package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// Loglogistic is loglogistic(α, β), scale α and shape β (Stan Functions
// Reference, "Log-logistic distribution"): density
// (β/α)(y/α)^(β-1) / (1 + (y/α)^β)², y > 0, and CDF 1/(1 + (y/α)^-β);
// log y is logistic(log α, 1/β).
var Loglogistic = &library.Dist{
	Name:    "loglogistic",
	Params:  []library.Param{{Name: "scale", Domain: library.Positive}, {Name: "shape", Domain: library.Positive}},
	Support: "R+",
	Lpdf:    loglogisticLpdfKernel,
	Lcdf:    loglogisticLcdf,
	Lccdf:   loglogisticLccdf,
	// log β - β log α (Stan Math loglogistic_lpdf's include_summand<propto,
	// T_scale, T_shape>); the rest is kept
	Terms: []library.Term{
		{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return math.Log(x[2]) - x[2]*math.Log(x[1]) }}},
	// log(E1/E2), E1 and E2 standard exponential draws, is a standard
	// logistic draw: E1/(E1+E2) is uniform
	Rng: func(r *rand.Rand, p []float64) float64 {
		return p[0] * math.Pow(r.ExpFloat64()/r.ExpFloat64(), 1/p[1])
	},
	CDF: func(x float64, p []float64) float64 {
		if x <= 0 {
			return 0
		}
		return 1 / (1 + math.Pow(x/p[0], -p[1]))
	},
	Quantile: func(u float64, p []float64) float64 { return p[0] * math.Pow(u/(1-u), 1/p[1]) },
	// with b = π/β: α b/sin b and α² (2b/sin 2b - b²/sin² b), for β > 2
	Moments: func(p []float64) (float64, float64) {
		b := math.Pi / p[1]
		m := b / math.Sin(b)
		return p[0] * m, p[0] * p[0] * (2*b/math.Sin(2*b) - m*m)
	},
}

var loglogisticLpdfKernel = &library.Kernel{Name: "loglogistic_lpdf", Args: []library.Domain{library.Positive, library.Positive, library.Positive},
	Value: loglogisticLpdf, Partial: loglogisticPartial, C: `
BAYES_FN bayes_real bayes_loglogistic_lpdf(bayes_real y, bayes_real alpha, bayes_real beta)
{
	if (y <= 0) return -BAYES_INF;
	return BAYES_M(log)(beta) - beta * BAYES_M(log)(alpha) + (beta - 1) * BAYES_M(log)(y) -
	       2 * BAYES_M(log1p)(BAYES_M(pow)(y / alpha, beta));
}`}

func init() { register(Loglogistic) }

// loglogisticLpdf: log β - β log α + (β-1) log y - 2 log1p((y/α)^β), y > 0.
func loglogisticLpdf(y, alpha, beta, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	return math.Log(beta) - beta*math.Log(alpha) + (beta-1)*math.Log(y) - 2*math.Log1p(math.Pow(y/alpha, beta))
}

// loglogisticPartial: with p = (y/α)^β and q = (1-p)/(1+p),
// ∂/∂y = (β-1)/y - 2βp/(y(1+p)), ∂/∂α = -βq/α, ∂/∂β = 1/β + q log(y/α).
func loglogisticPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, a, s := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	one := b.Const(1)
	ratio := b.Div(y, a)
	p := b.Pow(ratio, s)
	p1 := b.Add(one, p)
	q := b.Div(b.Sub(one, p), p1)
	switch i {
	case 0:
		return b.Mul(adj, b.Div(b.Sub(b.Sub(s, one), b.Div(b.Mul(b.Const(2), b.Mul(s, p)), p1)), y))
	case 1:
		return b.Mul(adj, b.Neg(b.Div(b.Mul(s, q), a)))
	}
	return b.Mul(adj, b.Add(b.Inv(s), b.Mul(q, b.Log(ratio))))
}
