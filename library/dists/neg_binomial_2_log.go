package dists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// NegBinomial2Log is neg_binomial_2_log(η, φ), neg_binomial_2(exp(η), φ)
// (Stan Functions Reference, "Negative binomial distribution (log
// alternative parameterization)").
var NegBinomial2Log = &library.Dist{
	Name:     "neg_binomial_2_log",
	Discrete: true,
	Params:   []library.Param{{Name: "log location", Domain: library.Finite}, {Name: "precision", Domain: library.Positive}},
	Support:  "N",
	Lpdf:     negBinomial2LogLpmfKernel,
	// lchoose(n+φ-1, n), n η
	Terms: []library.Term{
		{Deps: 1 | 1<<2, F: func(x *[library.MaxArgs]float64) float64 { return library.Lchoose(x[0]+x[2]-1, x[0]) }},
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return x[0] * x[1] }}},
	Rate: func(r *rand.Rand, p []float64) (float64, error) { return gammaRate(r, p[1], p[1]/math.Exp(p[0])) },
	Moments: func(p []float64) (float64, float64) {
		mu := math.Exp(p[0])
		return mu, mu + mu*mu/p[1]
	},
}

var negBinomial2LogLpmfKernel = &library.Kernel{Name: "neg_binomial_2_log_lpmf", Args: []library.Domain{library.Count, library.Finite, library.Positive},
	Value: negBinomial2LogLpmf, Partial: negBinomial2LogPartial, C: `
BAYES_FN bayes_real bayes_neg_binomial_2_log_lpmf(bayes_real n, bayes_real eta, bayes_real phi)
{
	if (n < 0) return -BAYES_INF;
	bayes_real lphi = BAYES_M(log)(phi);
	return bayes_lchoose(n + phi - 1, n) + n * eta - n * lphi - (n + phi) * bayes_log1p_exp(eta - lphi);
}`}

func init() { register(NegBinomial2Log) }

// negBinomial2LogLpmf (log mean η, precision φ): with μ = exp(η),
// lchoose(n+φ-1, n) + n η - n log φ - (n+φ) log1p_exp(η - log φ), since
// log(μ+φ) = log φ + log1p_exp(η - log φ): no exp(η) overflows.
func negBinomial2LogLpmf(n, eta, phi, _ float64, _ int) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	lphi := math.Log(phi)
	return library.Lchoose(n+phi-1, n) + n*eta - n*lphi - (n+phi)*library.Log1pExp(eta-lphi)
}

// negBinomial2LogPartial: with p = inv_logit(η - log φ) = μ/(μ+φ),
// ∂/∂η = n - (n+φ) p, ∂/∂φ = ψ(n+φ) - ψ(φ) - log1p_exp(η - log φ) + (p(φ+n) - n)/φ
// (the φ-partial of neg_binomial_2 with log1p(μ/φ) = log1p_exp(η - log φ)
// and (μ-n)/(μ+φ) = (p(φ+n) - n)/φ).
func negBinomial2LogPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	k, eta, phi := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	d := b.Sub(eta, b.Log(phi))
	p := b.InvLogit(d)
	switch i {
	case 0:
		return library.NoValue
	case 1:
		return b.Mul(adj, b.Sub(k, b.Mul(b.Add(k, phi), p)))
	}
	t := b.Sub(b.Digamma(b.Add(k, phi)), b.Digamma(phi))
	t = b.Sub(t, b.Log1pExp(d))
	return b.Mul(adj, b.Add(t, b.Div(b.Sub(b.Mul(p, b.Add(phi, k)), k), phi)))
}
