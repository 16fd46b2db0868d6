package dists

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// BinomialLogit is binomial_logit(N, α), binomial(N, inv_logit(α)) (Stan
// Functions Reference, "Binomial distribution, logit parameterization").
var BinomialLogit = &library.Dist{
	Name:     "binomial_logit",
	Discrete: true,
	Params:   []library.Param{{Name: "trials", Int: true, Domain: library.NonNegative}, {Name: "log odds", Domain: library.AnyReal}},
	Support:  "0:N",
	Lpdf:     binomialLogitLpmfKernel,
	// log C(N, n), as three lgammas
	Terms: []library.Term{{Deps: 1 | 1<<1, F: func(x *[library.MaxArgs]float64) float64 {
		return library.Lgamma(x[1]+1) - library.Lgamma(x[0]+1) - library.Lgamma(x[1]-x[0]+1)
	}}},
	Rng: func(r *rand.Rand, p []float64) float64 {
		return distuv.Binomial{N: p[0], P: library.InvLogit(p[1]), Src: r}.Rand()
	},
	Moments: func(p []float64) (float64, float64) {
		q := library.InvLogit(p[1])
		return p[0] * q, p[0] * q * (1 - q)
	},
}

var binomialLogitLpmfKernel = &library.Kernel{Name: "binomial_logit_lpmf", Args: []library.Domain{library.Count, library.Count, library.Finite},
	Value: binomialLogitLpmf, Partial: binomialLogitPartial, C: `
BAYES_FN bayes_real bayes_binomial_logit_lpmf(bayes_real n, bayes_real N, bayes_real alpha)
{
	bayes_real lchoose = BAYES_M(lgamma)(N + 1) - BAYES_M(lgamma)(n + 1) - BAYES_M(lgamma)(N - n + 1);
	return lchoose + n * bayes_log_inv_logit(alpha) + (N - n) * bayes_log1m_inv_logit(alpha);
}`}

func init() { register(BinomialLogit) }

// binomialLogitLpmf: log C(N, n) + n log_inv_logit(α) + (N-n) log1m_inv_logit(α).
func binomialLogitLpmf(n, N, alpha, _ float64, _ int) float64 {
	lchoose := library.Lgamma(N+1) - library.Lgamma(n+1) - library.Lgamma(N-n+1)
	return lchoose + n*library.LogInvLogit(alpha) + (N-n)*library.Log1mInvLogit(alpha)
}

// binomialLogitPartial: ∂/∂α = n - N inv_logit(α).
func binomialLogitPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	if i < 2 {
		return library.NoValue
	}
	return b.Mul(adj, b.Sub(b.Arg(n, 0), b.Mul(b.Arg(n, 1), b.InvLogit(b.Arg(n, 2)))))
}
