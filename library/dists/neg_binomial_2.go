package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// NegBinomial2 is neg_binomial_2(μ, φ), mean μ and precision φ (Stan
// Functions Reference, "Negative binomial distribution (alternative
// parameterization)"): Poisson(Gamma(φ, rate φ/μ)).
var NegBinomial2 = &library.Dist{
	Name:     "neg_binomial_2",
	Discrete: true,
	Params:   []library.Param{{Name: "location", Domain: library.Positive}, {Name: "precision", Domain: library.Positive}},
	Support:  "N",
	Lpdf:     negBinomial2LpmfKernel,
	Lcdf:     negBinomial2Lcdf,
	Lccdf:    negBinomial2Lccdf,
	// lchoose(n+φ-1, n), n log μ
	Terms: []library.Term{
		{Deps: 1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return library.Lchoose(x[0]+x[2]-1, x[0]) }},
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return library.Xlogy(x[0], x[1]) }}},
	Rate:     func(r *rand.Rand, p []float64) (float64, error) { return gammaRate(r, p[1], p[1]/p[0]) },
	CDFBySum: true,
	Moments:  func(p []float64) (float64, float64) { return p[0], p[0] + p[0]*p[0]/p[1] },
}

var negBinomial2LpmfKernel = &library.Kernel{Name: "neg_binomial_2_lpmf", Args: []library.Domain{library.Count, library.Positive, library.Positive},
	Value: negBinomial2Lpmf, Partial: negBinomial2Partial, C: `
BAYES_FN bayes_real bayes_neg_binomial_2_lpmf(bayes_real n, bayes_real mu, bayes_real phi)
{
	if (n < 0) return -BAYES_INF;
	return bayes_lchoose(n + phi - 1, n) + bayes_xlogy(n, mu) - phi * BAYES_M(log1p)(mu / phi) - n * BAYES_M(log)(mu + phi);
}`}

func init() { register(NegBinomial2) }

// negBinomial2Lpmf (mean μ, precision φ): lchoose(n+φ-1, n) + n log μ
// - φ log1p(μ/φ) - n log(μ+φ), Stan's neg_binomial_2_lpmf.
func negBinomial2Lpmf(n, mu, phi, _ float64, _ int) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	return library.Lchoose(n+phi-1, n) + library.Xlogy(n, mu) - phi*math.Log1p(mu/phi) - n*math.Log(mu+phi)
}

// negBinomial2Partial: ∂/∂μ = n/μ - (n+φ)/(μ+φ),
// ∂/∂φ = ψ(n+φ) - ψ(φ) - log1p(μ/φ) + (μ-n)/(μ+φ).
func negBinomial2Partial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	k, mu, phi := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	mp := b.Add(mu, phi)
	switch i {
	case 0:
		return library.NoValue
	case 1:
		return b.Mul(adj, b.Sub(b.Div(k, mu), b.Div(b.Add(k, phi), mp)))
	}
	t := b.Sub(b.Digamma(b.Add(k, phi)), b.Digamma(phi))
	t = b.Sub(t, b.Log1p(b.Div(mu, phi)))
	return b.Mul(adj, b.Add(t, b.Div(b.Sub(mu, k), mp)))
}
