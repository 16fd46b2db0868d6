package dists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// BetaBinomial is beta_binomial(N, α, β) (Stan Functions Reference,
// "Beta-binomial distribution"): p ~ Beta(α, β), then Binomial(N, p).
var BetaBinomial = &library.Dist{
	Name:     "beta_binomial",
	Discrete: true,
	Params: []library.Param{{Name: "trials", Int: true, Domain: library.NonNegative}, {Name: "prior successes", Domain: library.Positive},
		{Name: "prior failures", Domain: library.Positive}},
	Support: "0:N",
	Lpdf:    betaBinomialLpmfKernel,
	Lcdf:    betaBinomialLcdf,
	Lccdf:   betaBinomialLccdf,
	// lchoose(N, n), -lbeta(α, β)
	Terms: []library.Term{
		{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 { return library.Lchoose(x[1], x[0]) }},
		{Deps: 1<<2 | 1<<3, F: func(x *[library.MaxArgs]float64) float64 { return -library.Lbeta(x[2], x[3]) }}},
	Rng: func(r *rand.Rand, p []float64) float64 {
		q := distuv.Beta{Alpha: p[1], Beta: p[2], Src: r}.Rand()
		return distuv.Binomial{N: p[0], P: q, Src: r}.Rand()
	},
	CDFBySum: true,
	Moments: func(p []float64) (float64, float64) {
		n, a, b := p[0], p[1], p[2]
		return n * a / (a + b), n * a * b * (a + b + n) / ((a + b) * (a + b) * (a + b + 1))
	},
}

var betaBinomialLpmfKernel = &library.Kernel{Name: "beta_binomial_lpmf", Args: []library.Domain{library.Count, library.Count, library.Positive, library.Positive},
	Value: betaBinomialLpmf, Partial: betaBinomialPartial, C: `
BAYES_FN bayes_real bayes_beta_binomial_lpmf(bayes_real n, bayes_real N, bayes_real a, bayes_real b)
{
	if (n < 0 || n > N) return -BAYES_INF;
	return bayes_lchoose(N, n) + bayes_lbeta(n + a, N - n + b) - bayes_lbeta(a, b);
}`}

func init() { register(BetaBinomial) }

// betaBinomialLpmf: lchoose(N, n) + lbeta(n+α, N-n+β) - lbeta(α, β).
func betaBinomialLpmf(n, N, a, b float64, _ int) float64 {
	if n < 0 || n > N {
		return math.Inf(-1)
	}
	return library.Lchoose(N, n) + library.Lbeta(n+a, N-n+b) - library.Lbeta(a, b)
}

// betaBinomialPartial: ∂/∂α = ψ(n+α) - ψ(N+α+β) - ψ(α) + ψ(α+β),
// ∂/∂β = ψ(N-n+β) - ψ(N+α+β) - ψ(β) + ψ(α+β).
func betaBinomialPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	if i < 2 {
		return library.NoValue
	}
	k, N, a, c := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2), b.Arg(n, 3)
	dg := func(x library.Value) library.Value { return b.Digamma(x) }
	common := b.Sub(dg(b.Add(a, c)), dg(b.Add(N, b.Add(a, c))))
	if i == 2 {
		return b.Mul(adj, b.Add(common, b.Sub(dg(b.Add(k, a)), dg(a))))
	}
	return b.Mul(adj, b.Add(common, b.Sub(dg(b.Add(b.Sub(N, k), c)), dg(c))))
}
