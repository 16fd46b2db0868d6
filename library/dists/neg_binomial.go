package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// NegBinomial is neg_binomial(α, β), shape α and inverse scale β (Stan
// Functions Reference, "Negative binomial distribution"):
// Poisson(Gamma(α, rate β)).
var NegBinomial = &library.Dist{
	Name:     "neg_binomial",
	Discrete: true,
	Params:   []library.Param{{Name: "shape", Domain: library.Positive}, {Name: "inverse scale", Domain: library.Positive}},
	Support:  "N",
	Lpdf:     negBinomialLpmfKernel,
	Lcdf:     negBinomialLcdf,
	Lccdf:    negBinomialLccdf,
	// lchoose(n+α-1, n)
	Terms:    []library.Term{{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return library.Lchoose(x[0]+x[1]-1, x[0]) }}},
	Rate:     func(r *rand.Rand, p []float64) (float64, error) { return gammaRate(r, p[0], p[1]) },
	CDFBySum: true,
	Moments:  func(p []float64) (float64, float64) { return p[0] / p[1], p[0] / (p[1] * p[1]) * (p[1] + 1) },
}

var negBinomialLpmfKernel = &library.Kernel{Name: "neg_binomial_lpmf", Args: []library.Domain{library.Count, library.Positive, library.Positive},
	Value: negBinomialLpmf, Partial: negBinomialPartial, C: `
BAYES_FN bayes_real bayes_neg_binomial_lpmf(bayes_real n, bayes_real alpha, bayes_real beta)
{
	if (n < 0) return -BAYES_INF;
	return bayes_lchoose(n + alpha - 1, n) + alpha * BAYES_M(log)(beta) - (alpha + n) * BAYES_M(log1p)(beta);
}`}

func init() { register(NegBinomial) }

// negBinomialLpmf (shape α, inverse scale β): lchoose(n+α-1, n)
// + α log β - (α+n) log1p(β), Stan's neg_binomial_lpmf.
func negBinomialLpmf(n, alpha, beta, _ float64, _ int) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	return library.Lchoose(n+alpha-1, n) + alpha*math.Log(beta) - (alpha+n)*math.Log1p(beta)
}

// negBinomialPartial: ∂/∂α = ψ(n+α) - ψ(α) + log β - log1p(β),
// ∂/∂β = α/β - (α+n)/(1+β).
func negBinomialPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	k, a, c := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	switch i {
	case 0:
		return library.NoValue
	case 1:
		t := b.Sub(b.Digamma(b.Add(k, a)), b.Digamma(a))
		return b.Mul(adj, b.Add(t, b.Sub(b.Log(c), b.Log1p(c))))
	}
	return b.Mul(adj, b.Sub(b.Div(a, c), b.Div(b.Add(a, k), b.Add(b.Const(1), c))))
}
