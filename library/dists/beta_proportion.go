package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// BetaProportion is beta_proportion(μ, κ), mean μ and precision κ (Stan
// Functions Reference, "Beta proportion distribution"): beta(μκ, (1-μ)κ).
// (Stan's beta_proportion_lcdf and _lccdf need the incomplete beta
// function's derivative in both shapes; bayes has the CDF alone here.)
var BetaProportion = &library.Dist{
	Name:    "beta_proportion",
	Params:  []library.Param{{Name: "mean", Domain: library.Probability}, {Name: "precision", Domain: library.Positive}},
	Support: "(0, 1)",
	Lpdf:    betaProportionLpdfKernel,
	// lgamma(κ), -lgamma(μκ) - lgamma((1-μ)κ) (Stan Math
	// beta_proportion_lpdf's include_summand)
	Terms: []library.Term{
		{Deps: 1 << 2, F: func(x *[library.MaxArgs]float64) float64 { return library.Lgamma(x[2]) }},
		{Deps: 1<<1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 {
			a := x[1] * x[2]
			return -library.Lgamma(a) - library.Lgamma(x[2]-a)
		}}},
	Rng:      func(r *rand.Rand, p []float64) float64 { return betaProportionOf(p, r).Rand() },
	CDF:      func(x float64, p []float64) float64 { return betaProportionOf(p, nil).CDF(x) },
	Quantile: func(u float64, p []float64) float64 { return betaProportionOf(p, nil).Quantile(u) },
	// μ and μ(1-μ)/(κ+1)
	Moments: func(p []float64) (float64, float64) { return p[0], p[0] * (1 - p[0]) / (p[1] + 1) },
}

func betaProportionOf(p []float64, r *rand.Rand) distuv.Beta {
	return distuv.Beta{Alpha: p[0] * p[1], Beta: p[1] - p[0]*p[1], Src: source(r)}
}

var betaProportionLpdfKernel = &library.Kernel{Name: "beta_proportion_lpdf", Args: []library.Domain{library.Probability, library.Probability, library.Positive},
	Value: betaProportionLpdf, Partial: betaProportionPartial, C: `
BAYES_FN bayes_real bayes_beta_proportion_lpdf(bayes_real y, bayes_real mu, bayes_real kappa)
{
	bayes_real a = mu * kappa, b = kappa - a;
	if (y < 0 || y > 1) return -BAYES_INF;
	return BAYES_M(lgamma)(kappa) - BAYES_M(lgamma)(a) - BAYES_M(lgamma)(b) + (a - 1) * BAYES_M(log)(y) + (b - 1) * BAYES_M(log1p)(-y);
}`}

func init() { register(BetaProportion) }

// betaProportionLpdf, with a = μκ and b = κ - a:
// lgamma(κ) - lgamma(a) - lgamma(b) + (a-1) log y + (b-1) log1m(y).
func betaProportionLpdf(y, mu, kappa, _ float64, _ int) float64 {
	a := mu * kappa
	b := kappa - a
	if y < 0 || y > 1 {
		return math.Inf(-1)
	}
	return library.Lgamma(kappa) - library.Lgamma(a) - library.Lgamma(b) + (a-1)*math.Log(y) + (b-1)*math.Log1p(-y)
}

// betaProportionPartial: with a = μκ, b = κ - a, ∂/∂y = (a-1)/y - (b-1)/(1-y),
// ∂/∂μ = κ (ψ(b) - ψ(a) + log y - log1m(y)),
// ∂/∂κ = ψ(κ) - μ ψ(a) - (1-μ) ψ(b) + μ log y + (1-μ) log1m(y).
func betaProportionPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	y, mu, kappa := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	one := b.Const(1)
	a := b.Mul(mu, kappa)
	bb := b.Sub(kappa, a)
	ly, l1y := b.Log(y), b.Log1p(b.Neg(y))
	switch i {
	case 0:
		return b.Mul(adj, b.Sub(b.Div(b.Sub(a, one), y), b.Div(b.Sub(bb, one), b.Sub(one, y))))
	case 1:
		return b.Mul(adj, b.Mul(kappa, b.Add(b.Sub(b.Digamma(bb), b.Digamma(a)), b.Sub(ly, l1y))))
	}
	mu1 := b.Sub(one, mu)
	t := b.Sub(b.Sub(b.Digamma(kappa), b.Mul(mu, b.Digamma(a))), b.Mul(mu1, b.Digamma(bb)))
	return b.Mul(adj, b.Add(t, b.Add(b.Mul(mu, ly), b.Mul(mu1, l1y))))
}
