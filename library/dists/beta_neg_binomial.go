package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// BetaNegBinomial is beta_neg_binomial(r, α, β) (Stan Functions Reference,
// "Beta negative binomial distribution"): p ~ Beta(α, β), then the number
// of failures before the r-th success with success probability p,
//
//	Γ(n+r)/(n! Γ(r)) B(n+β, r+α)/B(α, β).
var BetaNegBinomial = &library.Dist{
	Name:     "beta_neg_binomial",
	Discrete: true,
	Params: []library.Param{{Name: "number of successes", Domain: library.Positive},
		{Name: "prior success", Domain: library.Positive}, {Name: "prior failure", Domain: library.Positive}},
	Support: "N",
	Lpdf:    betaNegBinomialLpmfKernel,
	// -lgamma(n+1) (Stan Math beta_neg_binomial_lpmf's include_summand)
	Terms: []library.Term{{Deps: 1, F: func(x *[library.MaxArgs]float64) float64 { return -library.Lgamma(x[0] + 1) }}},
	// a negative binomial draw, Poisson(Gamma(r, rate p/(1-p))), at
	// p ~ Beta(α, β), as Stan Math's beta_neg_binomial_rng; at p = 0 (the
	// beta draw underflowed) the gamma draw is infinite, at p = 1 zero
	Rate: func(r *rand.Rand, p []float64) (float64, error) {
		q := distuv.Beta{Alpha: p[1], Beta: p[2], Src: r}.Rand()
		switch q {
		case 0:
			return belowMaxRate("the Poisson rate drawn from the gamma distribution", math.Inf(1))
		case 1:
			return 0, nil
		}
		return gammaRate(r, p[0], q/(1-q))
	},
	CDFBySum: true,
	// r β/(α-1) and r β (r+α-1)(β+α-1) / ((α-2)(α-1)²), for α > 2
	Moments: func(p []float64) (float64, float64) {
		r, a, b := p[0], p[1], p[2]
		return r * b / (a - 1), r * b * (r + a - 1) * (b + a - 1) / ((a - 2) * (a - 1) * (a - 1))
	},
}

var betaNegBinomialLpmfKernel = &library.Kernel{Name: "beta_neg_binomial_lpmf", Args: []library.Domain{library.Count, library.Positive, library.Positive, library.Positive},
	Value: betaNegBinomialLpmf, Partial: betaNegBinomialPartial, C: `
BAYES_FN bayes_real bayes_beta_neg_binomial_lpmf(bayes_real n, bayes_real r, bayes_real a, bayes_real b)
{
	if (n < 0) return -BAYES_INF;
	return bayes_lbeta(n + r, a + b) - bayes_lbeta(r, a) + bayes_lgamma(n + b) - bayes_lgamma(n + 1) - bayes_lgamma(b);
}`}

func init() { register(BetaNegBinomial) }

// betaNegBinomialLpmf is Stan Math's: lbeta(n+r, α+β) - lbeta(r, α)
// + lgamma(n+β) - lgamma(n+1) - lgamma(β).
func betaNegBinomialLpmf(n, r, a, b float64, _ int) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	return library.Lbeta(n+r, a+b) - library.Lbeta(r, a) + library.Lgamma(n+b) - library.Lgamma(n+1) - library.Lgamma(b)
}

// betaNegBinomialPartial, with ψ_all = ψ(n+r+α+β):
// ∂/∂r = ψ(n+r) - ψ_all - ψ(r) + ψ(r+α),
// ∂/∂α = ψ(α+β) - ψ_all - ψ(α) + ψ(r+α),
// ∂/∂β = ψ(α+β) - ψ_all + ψ(n+β) - ψ(β).
func betaNegBinomialPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	if i == 0 {
		return library.NoValue
	}
	k, r, al, be := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2), b.Arg(n, 3)
	all := b.Digamma(b.Add(b.Add(k, r), b.Add(al, be)))
	var d library.Value
	switch i {
	case 1:
		d = b.Add(b.Sub(b.Digamma(b.Add(k, r)), all), b.Sub(b.Digamma(b.Add(r, al)), b.Digamma(r)))
	case 2:
		d = b.Add(b.Sub(b.Digamma(b.Add(al, be)), all), b.Sub(b.Digamma(b.Add(r, al)), b.Digamma(al)))
	default:
		d = b.Add(b.Sub(b.Digamma(b.Add(al, be)), all), b.Sub(b.Digamma(b.Add(k, be)), b.Digamma(be)))
	}
	return b.Mul(adj, d)
}
