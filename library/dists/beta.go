package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// Beta is beta(α, β) (Stan Functions Reference, "Beta distribution").
var Beta = &library.Dist{
	Name:    "beta",
	Params:  []library.Param{{Name: "prior successes", Domain: library.Positive}, {Name: "prior failures", Domain: library.Positive}},
	Support: "(0, 1)",
	Lpdf:    betaLpdfKernel,
	Lcdf:    betaLcdf,
	Lccdf:   betaLccdf,
	// (α-1) log y, (β-1) log1p(-y), -lbeta(α, β)
	Terms: []library.Term{
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return (x[1] - 1) * math.Log(x[0]) }},
		{Deps: 1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return (x[2] - 1) * math.Log1p(-x[0]) }},
		{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 {
			return -(library.Lgamma(x[1]) + library.Lgamma(x[2]) - library.Lgamma(x[1]+x[2]))
		}}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return distuv.Beta{Alpha: p[0], Beta: p[1], Src: r}.Rand() },
	CDF:      func(x float64, p []float64) float64 { return distuv.Beta{Alpha: p[0], Beta: p[1]}.CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return distuv.Beta{Alpha: p[0], Beta: p[1]}.Quantile(u) },
	Moments: func(p []float64) (float64, float64) {
		a, b := p[0], p[1]
		return a / (a + b), a * b / ((a + b) * (a + b) * (a + b + 1))
	},
}

var betaLpdfKernel = &library.Kernel{Name: "beta_lpdf", Args: []library.Domain{library.Probability, library.Positive, library.Positive},
	Value: betaLpdf, Partial: betaPartial, C: `
BAYES_FN bayes_real bayes_beta_lpdf(bayes_real y, bayes_real a, bayes_real b)
{
	if (y < 0 || y > 1) return -BAYES_INF;
	return (a - 1) * BAYES_M(log)(y) + (b - 1) * BAYES_M(log1p)(-y) - (BAYES_M(lgamma)(a) + BAYES_M(lgamma)(b) - BAYES_M(lgamma)(a + b));
}`}

func init() { register(Beta) }

// betaLpdf: (a-1) log y + (b-1) log1p(-y) - lbeta(a, b).
func betaLpdf(y, a, b, _ float64, _ int) float64 {
	if y < 0 || y > 1 {
		return math.Inf(-1)
	}
	return (a-1)*math.Log(y) + (b-1)*math.Log1p(-y) - (library.Lgamma(a) + library.Lgamma(b) - library.Lgamma(a+b))
}

// betaPartial: ∂/∂y = (a-1)/y - (b-1)/(1-y), ∂/∂a = log y - ψ(a) + ψ(a+b),
// ∂/∂b = log1p(-y) - ψ(b) + ψ(a+b).
func betaPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, a, c := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	one := b.Const(1)
	switch i {
	case 0:
		return b.Mul(adj, b.Sub(b.Div(b.Sub(a, one), y), b.Div(b.Sub(c, one), b.Sub(one, y))))
	case 1:
		return b.Mul(adj, b.Add(b.Sub(b.Log(y), b.Digamma(a)), b.Digamma(b.Add(a, c))))
	}
	return b.Mul(adj, b.Add(b.Sub(b.Log1p(b.Neg(y)), b.Digamma(c)), b.Digamma(b.Add(a, c))))
}
